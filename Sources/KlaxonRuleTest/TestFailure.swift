public import KlaxonConfig
public import KlaxonModel
public import KlaxonRules

/// An alert as a test sees it at one evaluation.
public struct ObservedAlert: Sendable, Equatable {
    public var labels: Labels
    /// Expanded annotations, sorted by name.
    public var annotations: [Label]
    public var state: AlertState
    /// When the alert became active, relative to the test start.
    public var activeAt: Int64
    /// When it started firing, relative to the test start.
    public var firedAt: Int64?

    public init(labels: Labels, annotations: [Label], state: AlertState, activeAt: Int64, firedAt: Int64? = nil) {
        self.labels = labels
        self.annotations = annotations
        self.state = state
        self.activeAt = activeAt
        self.firedAt = firedAt
    }
}

/// A sample as a `promql_expr_test` sees it (expected or returned).
public struct ObservedSample: Sendable, Equatable {
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.labels == b.labels && a.value.bitPattern == b.value.bitPattern
    }
}

/// Why an `alert_rule_test` entry failed: what it expected and what the rules produced.
public struct AlertCheckFailure: Sendable {
    public var testCase: AlertTestCase
    /// The firing alerts (plus pending ones when the case asks about them) of the rules named `alertname`.
    public var got: [ObservedAlert]
}

/// Why a `promql_expr_test` entry failed on its values.
public struct SampleCheckFailure: Sendable {
    public var testCase: PromQLTestCase
    /// Sorted by labels, as promtool compares them.
    public var expected: [ObservedSample]
    public var got: [ObservedSample]
}

/// One failure of a test group. `promtoolText` is what promtool would print for it (used in JUnit reports).
public enum TestFailure: Sendable {
    /// A message in promtool's wording, with where it comes from when known.
    case message(String, location: SourceSpan?)
    /// A rule file did not load: its diagnostics and promtool's error lines.
    case ruleFile(RuleFile)
    case alerts(AlertCheckFailure)
    case samples(SampleCheckFailure)
}

/// A remark that does not fail a test by itself (unless `--fail-on-warnings`).
public struct TestWarning: Sendable, Equatable, Hashable {
    public var message: String
    public var location: SourceSpan?

    public init(message: String, location: SourceSpan? = nil) {
        self.message = message
        self.location = location
    }
}

/// What running one test group gave.
public struct TestGroupOutcome: Sendable {
    /// The group's index in `tests` and its reported name (`unnamed#<index>` when it has none).
    public var index: Int
    public var name: String
    public var failures: [TestFailure]
    public var warnings: [TestWarning]
    /// Alerting rules (by file, group, rule index) seen firing at some evaluation.
    public var firedRules: Set<RuleReference>
    /// Wall-clock time the group took.
    public var duration: Duration

    public var passed: Bool { failures.isEmpty }
}

/// Names one rule of a loaded rule file.
public struct RuleReference: Sendable, Hashable {
    public var file: String
    public var group: String
    public var index: Int

    public init(file: String, group: String, index: Int) {
        self.file = file
        self.group = group
        self.index = index
    }
}
