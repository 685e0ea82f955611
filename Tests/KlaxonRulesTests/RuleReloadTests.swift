import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct RuleReloadTests {
    static func group(_ name: String, rules: [String]) -> RuleGroup {
        RuleGroup(name: name, file: "f.yaml", interval: 60_000,
                  rules: rules.map { .alerting(AlertingRule(name: $0, query: query("q"))) })
    }

    static func loaded(_ group: RuleGroup) -> LoadedRuleGroup {
        var state = RuleGroupState(for: group)
        for index in state.rules.indices {
            state.rules[index].seriesInPreviousEval = [["__name__": "ALERTS", "alertname": group.rules[index].name]]
        }
        return LoadedRuleGroup(group: group, state: state)
    }

    @Test("unchanged groups keep running, changed ones carry state over, new ones start fresh, gone ones are removed")
    func plan() {
        let same = Self.group("same", rules: ["A"])
        let changed = Self.group("changed", rules: ["B", "C"])
        let gone = Self.group("gone", rules: ["D"])
        let current = [Self.loaded(same), Self.loaded(changed), Self.loaded(gone)]
        let newChanged = Self.group("changed", rules: ["B"])
        let fresh = Self.group("fresh", rules: ["E"])
        let plan = RuleReload.plan(current: current, new: [same, newChanged, fresh], isFirstLoad: false)
        #expect(plan.groups.map(\.group.name) == ["same", "changed", "fresh"])
        #expect(plan.unchanged == ["f.yaml;same"])
        #expect(plan.groups[1].state.rules[0].seriesInPreviousEval == [["__name__": "ALERTS", "alertname": "B"]])
        #expect(plan.groups[1].state.staleSeries == [["__name__": "ALERTS", "alertname": "C"]])
        #expect(plan.groups[2].state.rules[0].alerting?.restored == true)
        #expect(!plan.groups[2].needsRestore)
        #expect(plan.removed.map(\.group.name) == ["gone"])
        #expect(plan.removed.first?.state.seriesToMarkStaleOnRemoval == [["__name__": "ALERTS", "alertname": "D"]])
    }

    @Test("on the first load, alert series wait for restoration")
    func firstLoad() {
        let plan = RuleReload.plan(current: [], new: [Self.group("g", rules: ["A"])], isFirstLoad: true)
        #expect(plan.groups.first?.needsRestore == true)
        #expect(plan.groups.first?.state.rules.first?.alerting?.restored == false)
    }
}
