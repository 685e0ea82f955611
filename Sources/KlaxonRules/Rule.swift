public import KlaxonModel

/// An alerting rule ready to evaluate: its definition only. The alerts it keeps between evaluations live
/// in `AlertingRuleState`, so the rule itself is a constant value.
public struct AlertingRule: Sendable, Equatable {
    /// `alert:`; becomes the `alertname` label.
    public var name: String
    public var query: RuleQuery
    /// `for:` in milliseconds: how long a label set must stay in the result before its alert fires.
    public var holdDuration: Int64
    /// `keep_firing_for:` in milliseconds: how long a firing alert keeps firing after its condition stops.
    public var keepFiringFor: Int64
    /// Group labels merged with the rule's (rule wins), sorted by name; values may be templates, and a value
    /// that expands to "" removes the label.
    public var labels: [Label]
    /// Annotation templates, sorted by name.
    public var annotations: [Label]

    public init(
        name: String, query: RuleQuery, holdDuration: Int64 = 0, keepFiringFor: Int64 = 0, labels: [Label] = [],
        annotations: [Label] = []
    ) {
        self.name = name
        self.query = query
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = RuleLabels.sorted(labels)
        self.annotations = RuleLabels.sorted(annotations)
    }
}

/// A recording rule ready to evaluate.
public struct RecordingRule: Sendable, Equatable {
    /// `record:`; becomes `__name__` of every result series.
    public var name: String
    public var query: RuleQuery
    /// Group labels merged with the rule's (rule wins), sorted by name; an empty value removes the label.
    public var labels: [Label]

    public init(name: String, query: RuleQuery, labels: [Label] = []) {
        self.name = name
        self.query = query
        self.labels = RuleLabels.sorted(labels)
    }
}

/// One rule of a group.
public enum Rule: Sendable, Equatable {
    case alerting(AlertingRule)
    case recording(RecordingRule)

    public var name: String {
        switch self {
        case .alerting(let rule): rule.name
        case .recording(let rule): rule.name
        }
    }

    public var query: RuleQuery {
        switch self {
        case .alerting(let rule): rule.query
        case .recording(let rule): rule.query
        }
    }

    /// The rule's (merged) labels.
    public var labels: [Label] {
        switch self {
        case .alerting(let rule): rule.labels
        case .recording(let rule): rule.labels
        }
    }

    public var kind: RuleKind {
        switch self {
        case .alerting: .alerting
        case .recording: .recording
        }
    }

    /// Prometheus's `nameAndLabels`: how a reload matches a new rule with an old one to carry its state over.
    var identity: String { name + Labels(labels).description }
}

/// Helpers for rule label lists, which, unlike `Labels`, keep empty values (they mean "remove this label").
enum RuleLabels {
    /// Sorted by name (byte order), the last of repeated names winning, as `labels.FromMap` would give.
    static func sorted(_ labels: [Label]) -> [Label] {
        var byName: [String: String] = [:]
        for label in labels { byName[label.name] = label.value }
        return byName.map { Label($0.key, $0.value) }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Group labels overridden by rule labels (Prometheus's `FromMaps(group, rule)`).
    static func merged(group: [Label], rule: [Label]) -> [Label] {
        sorted(group + rule)
    }
}
