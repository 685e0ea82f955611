public import KlaxonEngine
public import KlaxonModel
public import KlaxonRules

/// How an `AlertingEngine` evaluates, feeds and notifies. Defaults are Prometheus's where Prometheus has one
/// (15s evaluation interval, 1m resend delay) and the platform's conventions otherwise (`job="platform"`).
public struct AlertingEngineOptions: Sendable {
    /// `global.evaluation_interval`: the interval of rule groups that set none.
    public var evaluationInterval: Duration = .seconds(15)
    /// How often the registry is collected into storage (a scrape interval). Rules over `rate(…[5m])` need at
    /// least two samples in the window, so keep it well below the shortest range in the rules.
    public var feedInterval: Duration = .seconds(15)
    /// `global.rule_query_offset`: how far behind the evaluation time rule queries run.
    public var ruleQueryOffset: Duration = .zero
    /// The `job` label of every fed series (the scrape target's job).
    public var job = "platform"
    /// The `instance` label of every fed series (the scrape target's address).
    public var instance = "in-process"
    /// `global.external_labels`: added to every alert sent to the notifiers (unless the alert has the label)
    /// and visible to templates as `$externalLabels`. Not added to stored series, as in Prometheus.
    public var externalLabels = Labels()
    /// `--web.external-url`: `$externalURL` in templates and the prefix of generator URLs.
    public var externalURL = ""
    /// How long samples are kept. Must cover the longest range and `for:` lookback of the rules.
    public var retention: Duration = .seconds(6 * 3600)
    /// `--rules.alert.resend-delay`: minimum time between two notifications of an unchanged firing alert.
    public var resendDelay: Duration = .seconds(60)
    /// Which metric and label names the rule files may use.
    public var nameValidation: NameValidationScheme = .utf8
    /// Options of the query engine that runs the rules (lookback delta, sample limit, timeout).
    public var engine = EngineOptions()

    public init() {}
}
