public import KlaxonModel

/// Global settings of rule evaluation (Prometheus's `ManagerOptions` and command-line flags), with
/// Prometheus's defaults. Durations in milliseconds.
public struct RuleEvaluationOptions: Sendable {
    /// `--rules.alert.resend-delay`: minimum time before re-sending an unchanged firing alert (1m).
    public var resendDelay: Int64 = 60_000
    /// `--rules.alert.for-outage-tolerance`: how far back restoration looks for `ALERTS_FOR_STATE` (1h).
    public var outageTolerance: Int64 = 3_600_000
    /// `--rules.alert.for-grace-period`: minimum time left to fire after a restore (10m).
    public var forGracePeriod: Int64 = 600_000
    /// `global.external_labels`, for templates (`$externalLabels`).
    public var externalLabels = Labels()
    /// `--web.external-url`, for templates (`$externalURL`) and generator URLs.
    public var externalURL = ""
    /// Expands label and annotation templates of alerting rules.
    public var templates: any AlertTemplateExpander = VerbatimTemplateExpander()

    public init() {}
}
