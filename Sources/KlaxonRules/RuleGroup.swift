import KlaxonModel

/// A rule group ready to evaluate: the definition, without state (see `RuleGroupState`).
public struct RuleGroup: Sendable, Equatable {
    public var name: String
    /// The rule file as the user spelled it; (file, name) identifies the group.
    public var file: String
    /// Evaluation interval in milliseconds.
    public var interval: Int64
    /// `query_offset` in milliseconds: queries run at `t - queryOffset`, and results are written there.
    public var queryOffset: Int64
    /// Maximum number of series (recording) or alerts (alerting) a rule may produce; 0 for none.
    public var limit: Int
    public var rules: [Rule]

    public init(name: String, file: String = "", interval: Int64, queryOffset: Int64 = 0, limit: Int = 0, rules: [Rule]) {
        self.name = name
        self.file = file
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.rules = rules
    }

    /// Why a spec could not become a group: it was not validated, or validation failed.
    public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Builds a group from a validated spec, merging the group's labels into each rule's (rule wins), as
    /// Prometheus's `LoadGroups`. `defaultInterval` and `defaultQueryOffset` come from the global config.
    public init(spec: RuleGroupSpec, defaultInterval: Int64, defaultQueryOffset: Int64 = 0) throws(SpecError) {
        var rules: [Rule] = []
        for (index, ruleSpec) in spec.rules.enumerated() {
            guard let expr = ruleSpec.expr else {
                throw SpecError(message: "group \(GoQuote.quote(spec.name)), rule \(index + 1): expression not parsed")
            }
            let query = RuleQuery(expr)
            let labels = RuleLabels.merged(group: spec.labels, rule: ruleSpec.labels)
            switch ruleSpec.kind {
            case .alerting:
                rules.append(.alerting(AlertingRule(
                    name: ruleSpec.name, query: query, holdDuration: ruleSpec.holdDuration,
                    keepFiringFor: ruleSpec.keepFiringFor, labels: labels, annotations: ruleSpec.annotations)))
            case .recording:
                guard !ruleSpec.name.isEmpty else {
                    throw SpecError(message: "group \(GoQuote.quote(spec.name)), rule \(index + 1): no record or alert")
                }
                rules.append(.recording(RecordingRule(name: ruleSpec.name, query: query, labels: labels)))
            }
        }
        let interval = spec.interval.flatMap { $0 != 0 ? $0 : nil } ?? defaultInterval  // `interval: 0` means unset
        self.init(
            name: spec.name, file: spec.file, interval: interval, queryOffset: spec.queryOffset ?? defaultQueryOffset,
            limit: spec.limit, rules: rules)
    }

    /// Prometheus's `GroupKey`: `file;name`.
    public var key: String { file + ";" + name }
}
