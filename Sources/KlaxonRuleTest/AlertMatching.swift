import KlaxonModel
import KlaxonRules

/// Compares the expected alerts of an `alert_rule_test` entry with the observed ones.
///
/// Without Klaxon's extensions this is promtool's check: `alertname` added to each expected label set, and the
/// two lists equal as multisets of (labels, annotations). With them, each expected entry must match a different
/// observed alert (`match: partial` / `regex`, `exp_state`, `exp_active_at`, `exp_fired_at`) and every observed
/// alert must be matched.
enum AlertMatching {
    /// An expected entry's labels as promtool builds them: file labels with `alertname` set, sorted by name.
    static func labels(of expected: ExpectedAlert, alertname: String) -> [Label] {
        var byName: [String: String] = [:]
        var order: [String] = []
        for label in expected.labels where byName[label.name] == nil {
            byName[label.name] = label.value
            order.append(label.name)
        }
        if byName[WellKnown.alertName] == nil { order.append(WellKnown.alertName) }
        byName[WellKnown.alertName] = alertname
        return order.map { Label($0, byName[$0] ?? "") }.sorted(by: labelNameOrder)
    }

    /// An expected entry's annotations, sorted by name.
    static func annotations(of expected: ExpectedAlert) -> [Label] {
        var seen = Set<String>()
        return expected.annotations.filter { seen.insert($0.name).inserted }.sorted(by: labelNameOrder)
    }

    static func labelNameOrder(_ a: Label, _ b: Label) -> Bool { a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }

    /// Whether `expected` describes `got`.
    static func matches(_ expected: ExpectedAlert, alertname: String, _ got: ObservedAlert) -> Bool {
        if got.state != (expected.state == .pending ? .pending : .firing) { return false }
        if let activeAt = expected.activeAt, activeAt != got.activeAt { return false }
        if let firedAt = expected.firedAt, firedAt != got.firedAt { return false }
        let labels = labels(of: expected, alertname: alertname)
        let annotations = annotations(of: expected)
        switch expected.match {
        case .exact:
            return labels.elementsEqual(got.labels) && annotations == got.annotations
        case .partial:
            return labels.allSatisfy { got.labels[$0.name] == $0.value }
                && annotations.allSatisfy { value(of: $0.name, in: got.annotations) == $0.value }
        case .regex:
            return labels.allSatisfy { $0.name == WellKnown.alertName || regexMatches($0.value, got.labels[$0.name]) }
                && annotations.allSatisfy { regexMatches($0.value, value(of: $0.name, in: got.annotations)) }
        }
    }

    static func value(of name: String, in list: [Label]) -> String { list.first { $0.name == name }?.value ?? "" }

    static func regexMatches(_ pattern: String, _ value: String) -> Bool {
        (try? PromRegex(pattern))?.matches(value) ?? false  // patterns were checked when the file was decoded
    }

    /// True when every expected entry matches a distinct observed alert and every observed alert is matched.
    static func matches(_ testCase: AlertTestCase, _ got: [ObservedAlert]) -> Bool {
        guard testCase.expectedAlerts.count == got.count else { return false }
        return assignment(testCase.expectedAlerts, got, alertname: testCase.alertname).count == got.count
    }

    /// A maximum matching of expected entries to observed alerts (Kuhn's augmenting paths; lists are small):
    /// `result[e] = g`.
    static func assignment(_ expected: [ExpectedAlert], _ got: [ObservedAlert], alertname: String) -> [Int: Int] {
        let edges = expected.map { e in got.indices.filter { matches(e, alertname: alertname, got[$0]) } }
        var owner = [Int?](repeating: nil, count: got.count)
        func augment(_ e: Int, _ visited: inout [Bool]) -> Bool {
            for g in edges[e] where !visited[g] {
                visited[g] = true
                if let other = owner[g] {
                    if augment(other, &visited) {
                        owner[g] = e
                        return true
                    }
                } else {
                    owner[g] = e
                    return true
                }
            }
            return false
        }
        for e in expected.indices {
            var visited = [Bool](repeating: false, count: got.count)
            _ = augment(e, &visited)
        }
        var result: [Int: Int] = [:]
        for (g, e) in owner.enumerated() { if let e { result[e] = g } }
        return result
    }

    /// Observed alerts in promtool's order: by labels, then annotations.
    static func sorted(_ alerts: [ObservedAlert]) -> [ObservedAlert] {
        alerts.sorted { a, b in
            let c = Labels.compare(a.labels, b.labels)
            if c != 0 { return c < 0 }
            return compare(a.annotations, b.annotations) < 0
        }
    }

    /// Prometheus's `labels.Compare` over plain label lists.
    static func compare(_ a: [Label], _ b: [Label]) -> Int {
        for (x, y) in zip(a, b) {
            if x.name != y.name { return x.name.utf8.lexicographicallyPrecedes(y.name.utf8) ? -1 : 1 }
            if x.value != y.value { return x.value.utf8.lexicographicallyPrecedes(y.value.utf8) ? -1 : 1 }
        }
        return a.count - b.count
    }
}
