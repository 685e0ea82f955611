public import KlaxonModel

/// One group of a rule file (Prometheus's `rulefmt.RuleGroup`) as decoded values.
public struct RuleGroupSpec: Sendable, Equatable {
    /// `name:`.
    public var name: String
    /// The rule file, spelled as the user gave it; groups are identified by (file, name).
    public var file: String
    /// `interval:` in milliseconds; nil uses the global evaluation interval.
    public var interval: Int64?
    /// `query_offset:` in milliseconds; nil uses the global `rule_query_offset`.
    public var queryOffset: Int64?
    /// `limit:`; 0 means no limit.
    public var limit: Int
    /// `labels:` added to every rule of the group (a rule's own label of the same name wins).
    public var labels: [Label]
    /// `rules:` in file order.
    public var rules: [RuleSpec]
    /// Where the group's parts are in the file.
    public var positions: Positions

    /// Source spans of a group's parts.
    public struct Positions: Sendable, Equatable {
        /// The group's mapping (Prometheus reports group errors here).
        public var group: SourceSpan?
        /// Each group label's key, by label name.
        public var labels: [String: SourceSpan]

        public init(group: SourceSpan? = nil, labels: [String: SourceSpan] = [:]) {
            self.group = group
            self.labels = labels
        }
    }

    public init(
        name: String, file: String = "", interval: Int64? = nil, queryOffset: Int64? = nil, limit: Int = 0,
        labels: [Label] = [], rules: [RuleSpec], positions: Positions = Positions()
    ) {
        self.name = name
        self.file = file
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.labels = labels
        self.rules = rules
        self.positions = positions
    }
}
