public import KlaxonModel
public import KlaxonRules

/// promtool's `duplicate-rules` lint (`checkDuplicates`): rules that record or alert under the same name with
/// the same labels (group labels merged with the rule's). Expressions are not compared, as in promtool.
public enum DuplicateRules {
    /// One duplicated (name, labels) pair, reported once however often it occurs.
    public struct Duplicate: Sendable, Equatable {
        public var metric: String
        /// Merged labels, sorted by name (empty values kept, as Prometheus's `FromMaps` keeps them).
        public var labels: [Label]
        /// Every rule with this name and labels, as (group index, rule index).
        public var occurrences: [(group: Int, rule: Int)]

        public static func == (a: Self, b: Self) -> Bool {
            a.metric == b.metric && a.labels == b.labels
                && a.occurrences.map(\.group) == b.occurrences.map(\.group)
                && a.occurrences.map(\.rule) == b.occurrences.map(\.rule)
        }
    }

    /// The duplicates among `groups`, in promtool's order (by name, then labels).
    public static func find(in groups: [RuleGroupSpec]) -> [Duplicate] {
        var entries: [(metric: String, labels: [Label], group: Int, rule: Int)] = []
        for (g, group) in groups.enumerated() {
            for (r, rule) in group.rules.enumerated() {
                let metric = (rule.alert?.isEmpty == false ? rule.alert : rule.record) ?? ""
                entries.append((metric, merged(group.labels, rule.labels), g, r))
            }
        }
        guard entries.count >= 2 else { return [] }
        entries.sort { a, b in
            let c = compare(a.metric, a.labels, b.metric, b.labels)
            return c != 0 ? c < 0 : (a.group, a.rule) < (b.group, b.rule)
        }
        var duplicates: [Duplicate] = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count
                && compare(entries[start].metric, entries[start].labels, entries[end].metric, entries[end].labels) == 0
            {
                end += 1
            }
            if end - start > 1 {
                duplicates.append(
                    Duplicate(
                        metric: entries[start].metric, labels: entries[start].labels,
                        occurrences: entries[start..<end].map { ($0.group, $0.rule) }))
            }
            start = end
        }
        return duplicates
    }

    /// promtool's message for the duplicates (after `lint error `).
    public static func message(_ duplicates: [Duplicate]) -> String {
        var out = "\(duplicates.count) duplicate rule(s) found.\n"
        for duplicate in duplicates {
            out += "Metric: \(duplicate.metric)\nLabel(s):\n"
            for label in duplicate.labels { out += "\t\(label.name): \(label.value)\n" }
        }
        return out + "Might cause inconsistency while recording expressions"
    }

    /// Group labels overridden by rule labels, sorted by name (Prometheus's `FromMaps`).
    static func merged(_ group: [Label], _ rule: [Label]) -> [Label] {
        var byName: [String: String] = [:]
        for label in group + rule { byName[label.name] = label.value }
        return byName.map { Label($0.key, $0.value) }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    private static func compare(_ m1: String, _ l1: [Label], _ m2: String, _ l2: [Label]) -> Int {
        if m1 != m2 { return m1.utf8.lexicographicallyPrecedes(m2.utf8) ? -1 : 1 }
        for (x, y) in zip(l1, l2) {
            if x.name != y.name { return x.name.utf8.lexicographicallyPrecedes(y.name.utf8) ? -1 : 1 }
            if x.value != y.value { return x.value.utf8.lexicographicallyPrecedes(y.value.utf8) ? -1 : 1 }
        }
        return l1.count - l2.count
    }
}
