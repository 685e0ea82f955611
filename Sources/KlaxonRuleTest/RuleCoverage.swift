import KlaxonConfig
public import KlaxonModel
import KlaxonPromQL
public import KlaxonRules

/// `--coverage`: which rules of the loaded rule files no test exercises, and which tested alerts never fire.
///
/// A rule counts as exercised when a test reaches it: an alerting rule named by an `alert_rule_test`, or a
/// rule whose series (its `record` name, or `ALERTS`/`ALERTS_FOR_STATE` with its `alertname`) a
/// `promql_expr_test` selects; and, transitively, any recording rule an exercised rule's expression selects.
struct RuleCoverage {
    private var order: [RuleReference] = []
    private var rules: [RuleReference: (spec: RuleSpec, file: String)] = [:]
    private var exercised: Set<RuleReference> = []
    private var tested: Set<RuleReference> = []
    private var fired: Set<RuleReference> = []

    mutating func add(_ result: RuleTestSession.FileResult) {
        guard let unitTests = result.unitTests else { return }
        for file in result.ruleFiles where !file.hasErrors {
            for group in file.groups {
                for (index, rule) in group.rules.enumerated() {
                    let reference = RuleReference(file: file.path, group: group.name, index: index)
                    if rules[reference] == nil { order.append(reference) }
                    rules[reference] = (rule, file.path)
                }
            }
        }
        let ran = result.groups.map { unitTests.tests[$0.index] }
        let testedAlerts = Set(ran.flatMap { $0.alertRuleTests.map(\.alertname) })
        // A query that does not parse selects nothing.
        let selectors = ran.flatMap { $0.promqlExprTests.compactMap { try? PromQL.parse($0.expr) } }.flatMap(\.selectors)
        var reached: [RuleReference] = []
        for file in result.ruleFiles where !file.hasErrors {
            for group in file.groups {
                for (index, rule) in group.rules.enumerated() {
                    let reference = RuleReference(file: file.path, group: group.name, index: index)
                    let isTestedAlert = rule.kind == .alerting && testedAlerts.contains(rule.name)
                    if isTestedAlert { tested.insert(reference) }
                    if isTestedAlert || selectors.contains(where: { Self.selects($0, rule) }) {
                        reached.append(reference)
                    }
                }
            }
        }
        // Follow the expressions of reached rules to the recording rules they read.
        while let reference = reached.popLast() {
            guard exercised.insert(reference).inserted, let expr = rules[reference]?.spec.expr else { continue }
            for selector in expr.selectors {
                for (other, entry) in rules where !exercised.contains(other) && Self.selects(selector, entry.spec) {
                    reached.append(other)
                }
            }
        }
        for group in result.groups { fired.formUnion(group.firedRules) }
    }

    /// Whether `selector` can select series the rule writes.
    static func selects(_ selector: VectorSelector, _ rule: RuleSpec) -> Bool {
        let nameMatchers = selector.matchers.filter { $0.name == WellKnown.metricName }
        switch rule.kind {
        case .recording:
            return !nameMatchers.isEmpty && nameMatchers.allSatisfy { $0.matches(rule.name) }
        case .alerting:
            let names = [WellKnown.alertsMetric, WellKnown.alertsForStateMetric]
            guard !nameMatchers.isEmpty, names.contains(where: { n in nameMatchers.allSatisfy { $0.matches(n) } })
            else {
                return false
            }
            return selector.matchers.filter { $0.name == WellKnown.alertName }.allSatisfy { $0.matches(rule.name) }
        }
    }

    func report() -> RuleCoverageReport {
        func entry(_ reference: RuleReference) -> RuleCoverageReport.Entry? {
            guard let rule = rules[reference] else { return nil }
            return RuleCoverageReport.Entry(
                reference: reference, kind: rule.spec.kind, name: rule.spec.name, location: rule.spec.positions.rule)
        }
        return RuleCoverageReport(
            totalRules: order.count,
            untested: order.filter { !exercised.contains($0) }.compactMap(entry),
            neverFiring: order.filter { tested.contains($0) && !fired.contains($0) }.compactMap(entry))
    }
}

/// The gaps `--coverage` found.
public struct RuleCoverageReport: Sendable {
    /// One rule.
    public struct Entry: Sendable, Equatable {
        public var reference: RuleReference
        public var kind: RuleKind
        public var name: String
        public var location: SourceSpan?
    }

    /// Rules in the loaded files.
    public var totalRules: Int
    /// Rules no test exercises.
    public var untested: [Entry]
    /// Alerting rules named by an alert test that never fired at any evaluation.
    public var neverFiring: [Entry]

    func rendered() -> String {
        func describe(_ entry: Entry) -> String {
            let location =
                entry.location.map { "\($0.file):\($0.start.line):\($0.start.column): " } ?? "\(entry.reference.file): "
            let kind = entry.kind == .alerting ? "alert" : "recording rule"
            return "  \(location)\(kind) \(entry.name) (group \(GoQuote.quote(entry.reference.group)))"
        }
        var out = "Coverage: \(totalRules - untested.count) of \(totalRules) rules exercised\n"
        if !untested.isEmpty {
            out += "Not exercised by any test:\n" + untested.map(describe).joined(separator: "\n") + "\n"
        }
        if !neverFiring.isEmpty {
            out += "Tested but never firing:\n" + neverFiring.map(describe).joined(separator: "\n") + "\n"
        }
        return out
    }
}
