public import KlaxonModel

/// A promtool unit-test file (`promtool test rules`), decoded. Durations and times are milliseconds; times in
/// test cases (`eval_time`) count from the test group's start (Unix epoch or `start_timestamp`).
public struct UnitTestFile: Sendable {
    /// `rule_files`, as written (relative to the test file's directory, may be globs).
    public var ruleFiles: [String]
    /// `evaluation_interval`; 0 when absent (the runner uses 1m).
    public var evaluationInterval: Int64
    /// `group_eval_order`: rule group names evaluated first, in this order.
    public var groupEvalOrder: [String]
    /// `tests`.
    public var tests: [TestGroup]
    /// `fuzzy_compare`: sample values one ULP apart count as equal.
    public var fuzzyCompare: Bool

    public init(
        ruleFiles: [String] = [], evaluationInterval: Int64 = 0, groupEvalOrder: [String] = [],
        tests: [TestGroup] = [], fuzzyCompare: Bool = false
    ) {
        self.ruleFiles = ruleFiles
        self.evaluationInterval = evaluationInterval
        self.groupEvalOrder = groupEvalOrder
        self.tests = tests
        self.fuzzyCompare = fuzzyCompare
    }
}

/// One entry of `tests`: input series and the assertions made on them.
public struct TestGroup: Sendable {
    /// `name`; "" when unnamed (reported as `unnamed#<index>`).
    public var name: String
    /// `interval` between input samples; 0 when absent (the file's evaluation interval).
    public var interval: Int64
    public var inputSeries: [InputSeries]
    public var alertRuleTests: [AlertTestCase]
    public var promqlExprTests: [PromQLTestCase]
    /// `external_labels`, visible to templates as `$externalLabels`.
    public var externalLabels: Labels
    /// `external_url`, visible to templates as `$externalURL`.
    public var externalURL: String
    /// `start_timestamp` (RFC 3339 or Unix seconds) in milliseconds; nil for the Unix epoch.
    public var startTimestamp: Timestamp?
    /// Where the group is in the test file.
    public var span: SourceSpan?

    public init(
        name: String = "", interval: Int64 = 0, inputSeries: [InputSeries] = [], alertRuleTests: [AlertTestCase] = [],
        promqlExprTests: [PromQLTestCase] = [], externalLabels: Labels = Labels(), externalURL: String = "",
        startTimestamp: Timestamp? = nil, span: SourceSpan? = nil
    ) {
        self.name = name
        self.interval = interval
        self.inputSeries = inputSeries
        self.alertRuleTests = alertRuleTests
        self.promqlExprTests = promqlExprTests
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.startTimestamp = startTimestamp
        self.span = span
    }

    /// The largest `eval_time` of the group's tests (promtool's `maxEvalTime`).
    public var maxEvalTime: Int64 {
        max(alertRuleTests.map(\.evalTime).max() ?? 0, promqlExprTests.map(\.evalTime).max() ?? 0)
    }
}

/// One entry of `alert_rule_test`: the alerts of `alertname` expected at `eval_time`.
public struct AlertTestCase: Sendable {
    public var evalTime: Int64
    public var alertname: String
    public var expectedAlerts: [ExpectedAlert]
    public var span: SourceSpan?

    public init(evalTime: Int64, alertname: String, expectedAlerts: [ExpectedAlert], span: SourceSpan? = nil) {
        self.evalTime = evalTime
        self.alertname = alertname
        self.expectedAlerts = expectedAlerts
        self.span = span
    }

    /// True when an entry uses a Klaxon extension, so the case is checked with matching rather than equality.
    public var usesExtensions: Bool { expectedAlerts.contains { $0.usesExtensions } }

    /// True when pending alerts take part (an entry expects `exp_state: pending`).
    public var includesPending: Bool { expectedAlerts.contains { $0.state == .pending } }
}

/// One entry of `exp_alerts`.
public struct ExpectedAlert: Sendable {
    /// How `labels` and `annotations` are compared (Klaxon's `match:` extension).
    public enum Match: String, Sendable, CaseIterable {
        /// promtool's meaning: exactly these labels (plus `alertname`) and annotations.
        case exact
        /// At least these labels and annotations, with these values; others may be present.
        case partial
        /// At least these labels and annotations, each value a fully anchored regular expression.
        case regex
    }

    /// The alert state Klaxon's `exp_state:` extension expects.
    public enum State: String, Sendable, CaseIterable {
        case firing, pending
    }

    /// `exp_labels` in file order; empty values are kept (promtool keeps them, so they never match).
    public var labels: [Label]
    /// `exp_annotations` in file order.
    public var annotations: [Label]
    /// `match:` (default `exact`).
    public var match: Match
    /// `exp_state:` (nil: firing, as promtool).
    public var state: State?
    /// `exp_active_at:`: when the alert became active (pending), relative to the test start.
    public var activeAt: Int64?
    /// `exp_fired_at:`: when the alert started firing, relative to the test start.
    public var firedAt: Int64?
    public var span: SourceSpan?

    public init(
        labels: [Label] = [], annotations: [Label] = [], match: Match = .exact, state: State? = nil,
        activeAt: Int64? = nil, firedAt: Int64? = nil, span: SourceSpan? = nil
    ) {
        self.labels = labels
        self.annotations = annotations
        self.match = match
        self.state = state
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.span = span
    }

    /// True when any Klaxon-only field is set.
    public var usesExtensions: Bool { match != .exact || state != nil || activeAt != nil || firedAt != nil }
}

/// One entry of `promql_expr_test`.
public struct PromQLTestCase: Sendable {
    public var expr: String
    public var evalTime: Int64
    public var expectedSamples: [ExpectedSample]
    public var span: SourceSpan?

    public init(expr: String, evalTime: Int64, expectedSamples: [ExpectedSample], span: SourceSpan? = nil) {
        self.expr = expr
        self.evalTime = evalTime
        self.expectedSamples = expectedSamples
        self.span = span
    }
}

/// One entry of `exp_samples`.
public struct ExpectedSample: Sendable {
    /// `labels`, a metric in PromQL notation (`name{a="b"}`, `{a="b"}` or "").
    public var labels: String
    public var value: Double
    /// `histogram`: a native histogram in series notation; Klaxon reports these as unsupported.
    public var histogram: String
    public var span: SourceSpan?

    public init(labels: String = "", value: Double = 0, histogram: String = "", span: SourceSpan? = nil) {
        self.labels = labels
        self.value = value
        self.histogram = histogram
        self.span = span
    }
}
