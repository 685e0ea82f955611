public import KlaxonModel
public import KlaxonRules

/// One change of an alert's state between two evaluations of its group, for the log.
public struct AlertTransition: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Sendable {
        case pending
        case firing
        case resolved
        /// A pending alert whose condition went away before it fired.
        case inactive
    }

    public var kind: Kind
    public var group: String
    public var rule: String
    public var labels: Labels
    public var value: Double

    public var description: String {
        "alert \(kind.rawValue): group \(GoQuote.quote(group)), rule \(GoQuote.quote(rule)), labels \(labels)"
    }

    /// The transitions from `before` to `after` (two states of `group`), in rule order, then label order.
    public static func between(_ before: RuleGroupState, _ after: RuleGroupState, of group: RuleGroup)
        -> [AlertTransition]
    {
        var out: [AlertTransition] = []
        for (index, rule) in group.rules.enumerated() where index < after.rules.count {
            guard case .alerting = rule, let new = after.rules[index].alerting else { continue }
            let old = index < before.rules.count ? before.rules[index].alerting?.active ?? [:] : [:]
            for key in Set(old.keys).union(new.active.keys).sorted() {
                let previous = old[key]?.state ?? .inactive
                let current = new.active[key]?.state ?? .inactive
                guard previous != current else { continue }
                let kind: Kind
                switch (previous, current) {
                case (_, .pending): kind = .pending
                case (_, .firing): kind = .firing
                case (.firing, _): kind = .resolved
                default: kind = .inactive
                }
                let alert = new.active[key] ?? old[key]
                out.append(
                    AlertTransition(
                        kind: kind, group: group.name, rule: rule.name, labels: alert?.labels ?? key,
                        value: alert?.value ?? .nan))
            }
        }
        return out
    }
}
