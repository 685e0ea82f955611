import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonRules

@Suite struct RuleGroupRunnerTests {
    actor Collector: AlertSink {
        var alerts: [NotifiableAlert] = []
        func send(_ alerts: [NotifiableAlert]) async { self.alerts += alerts }
    }

    @Test("a group loaded at startup writes alert series only once restored, after its second evaluation")
    func restoreAfterSecondEvaluation() async throws {
        let storage = MemoryStorage()
        for minute in 0...5 { try storage.append(["__name__": "up"], t: minutes(Int64(minute)), v: 0) }
        let group = try RuleGroup(
            spec: RuleGroupSpec(name: "g", rules: [RuleSpec(alert: "Down", expr: "up == 0")]), defaultInterval: 60_000)
        let plan = RuleReload.plan(current: [], new: [group], isFirstLoad: true)
        let runner = RuleGroupRunner(try #require(plan.groups.first))
        let sink = Collector()
        var written: [Int] = []
        for minute in 0...2 {
            written.append(await runner.iterate(at: minutes(Int64(minute)), storage: storage, sink: sink).samples.count)
        }
        #expect(written == [0, 0, 2])
        #expect(await runner.loaded.needsRestore == false)
        #expect(await sink.alerts.map(\.endsAt) == [minutes(4), minutes(2) + minutes(4)])  // minute 0, resent at 2
    }
}
