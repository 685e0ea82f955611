import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonRules

/// Rule groups over the real store: real PromQL, results committed back into `MemoryStorage`.
@Suite struct MemoryStorageRulesTests {
    static func group(_ rules: [RuleSpec]) throws -> RuleGroup {
        try RuleGroup(spec: RuleGroupSpec(name: "g", file: "f.yaml", rules: rules), defaultInterval: 60_000)
    }

    @Test("alerts, recorded series and ALERTS land in the store and are read back by later evaluations")
    func endToEnd() async throws {
        let storage = MemoryStorage()
        for minute in 0...10 {
            try storage.append(["__name__": "up", "job": "api"], t: minutes(Int64(minute)), v: minute < 3 ? 1 : 0)
        }
        let group = try Self.group([
            RuleSpec(record: "job:up:min", expr: "min by (job) (up)"),
            RuleSpec(alert: "Down", expr: "job:up:min == 0", for: minutes(2)),
        ])
        var state = RuleGroupState(for: group)
        for minute in 0...6 {
            var result = await GroupEvaluation.evaluate(
                group, at: minutes(Int64(minute)), querier: LocalQuerier(source: storage), state: state)
            #expect(result.commit(to: storage).isEmpty)
            state = result.state
        }
        #expect(state.rules.map(\.health) == [.ok, .ok])
        let alerts = try storage.select(
            [.equal("__name__", "ALERTS")], mint: minutes(3), maxt: minutes(6))
        // pending at minutes 3 and 4 (then a staleness marker at 5), firing at 5 and 6
        #expect(alerts.map { $0.labels["alertstate"] } == ["firing", "pending"])
        #expect(alerts.first?.points.map(\.t) == [minutes(5), minutes(6)])
        #expect(alerts.last.map { StaleMarker.isStale($0.points.last?.v ?? 0) } == true)
        #expect(state.rules[1].alerting?.activeAlerts.first?.firedAt == minutes(5))
    }

    @Test("a sample the store rejects makes its rule unhealthy with the store's error")
    func storeConflict() async throws {
        let storage = MemoryStorage()
        try storage.append(["__name__": "r"], t: 0, v: 5)
        let group = try Self.group([RuleSpec(record: "r", expr: "1")])
        var result = await GroupEvaluation.evaluate(
            group, at: 0, querier: LocalQuerier(source: storage), state: RuleGroupState(for: group))
        let rejected = result.commit(to: storage)
        #expect(rejected.map(\.sample.labels) == [["__name__": "r"]])
        #expect(result.state.rules[0].health == .err)
        #expect(result.state.rules[0].lastError
            == "duplicate sample for timestamp 0; overrides not allowed: existing 5, new value 1")
        #expect(result.state.rules[0].seriesInPreviousEval.isEmpty)
    }
}
