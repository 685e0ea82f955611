import KlaxonEngine
import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct GroupEvaluationTests {
    /// Answers query `name` with the pending samples of series named `name` at the query time.
    static func pendingAnswer(_ name: String) -> StubQuerier.Answer {
        { t, pending in
            pending.series.compactMap { labels, points in
                guard labels.metricName == name, let point = points.last(where: { $0.t == t }) else { return nil }
                return Sample(labels: labels, t: t, v: point.v * 10)
            }.sorted { $0.labels < $1.labels }
        }
    }

    static func evaluate(
        _ group: RuleGroup, at ts: Timestamp, _ querier: StubQuerier, _ state: RuleGroupState? = nil,
        options: RuleEvaluationOptions = RuleEvaluationOptions()
    ) async -> GroupEvaluationResult {
        await GroupEvaluation.evaluate(
            group, at: ts, querier: querier, state: state ?? RuleGroupState(for: group), options: options)
    }

    @Test("later rules see earlier results of the same evaluation, at t - query_offset")
    func chaining() async {
        let group = RuleGroup(name: "g", interval: 60_000, queryOffset: 10_000, rules: [
            .recording(RecordingRule(name: "a", query: query("base"))),
            .recording(RecordingRule(name: "b", query: query("a"))),
        ])
        let querier = StubQuerier([
            "base": { _, _ in [sample(["job": "x"], 2)] },
            "a": Self.pendingAnswer("a"),
        ])
        let result = await Self.evaluate(group, at: 70_000, querier)
        #expect(result.samples == [
            Sample(labels: ["__name__": "a", "job": "x"], t: 60_000, v: 2),
            Sample(labels: ["__name__": "b", "job": "x"], t: 60_000, v: 20),
        ])
        #expect(result.state.rules.map(\.health) == [.ok, .ok])
        #expect(result.state.lastEvaluation == 70_000)
    }

    @Test("a series missing from a rule's result gets a staleness marker; a failed evaluation writes none")
    func staleness() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [.recording(RecordingRule(name: "r", query: query("q")))])
        struct Down: Error {}
        let querier = StubQuerier(["q": { t, _ in
            switch t {
            case 0: return [sample(["i": "1"], 1), sample(["i": "2"], 2)]
            case 60_000: return [sample(["i": "1"], 1)]
            case 120_000: throw Down()
            default: return []
            }
        }])
        var state = RuleGroupState(for: group)
        var written: [[String]] = []
        for ts: Timestamp in [0, 60_000, 120_000, 180_000, 240_000] {
            let result = await Self.evaluate(group, at: ts, querier, state)
            state = result.state
            written.append(result.samples.map { "\($0.labels["i"])=\(StaleMarker.isStale($0.v) ? "stale" : "\($0.v)")" })
        }
        #expect(written == [["1=1.0", "2=2.0"], ["1=1.0", "2=stale"], [], ["1=stale"], []])
    }

    @Test("ALERTS series go stale when an alert changes state or resolves")
    func alertSeriesStaleness() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [
            .alerting(AlertingRule(name: "A", query: query("q"), holdDuration: 60_000)),
        ])
        let querier = StubQuerier.table("q", [0: [sample(["i": "1"], 1)], 60_000: [sample(["i": "1"], 1)]])
        var state = RuleGroupState(for: group)
        var written: [[String]] = []
        for ts: Timestamp in [0, 60_000, 120_000] {
            let result = await Self.evaluate(group, at: ts, querier, state)
            state = result.state
            written.append(result.samples.map { s in
                let stale = StaleMarker.isStale(s.v) ? " stale" : ""
                return s.labels.metricName + (s.labels.has("alertstate") ? "/" + s.labels["alertstate"] : "") + stale
            })
        }
        #expect(written == [
            ["ALERTS/pending", "ALERTS_FOR_STATE"],
            ["ALERTS/firing", "ALERTS_FOR_STATE", "ALERTS/pending stale"],
            ["ALERTS/firing stale", "ALERTS_FOR_STATE stale"],
        ])
    }

    @Test("a failing rule is unhealthy with Prometheus's message; the others still run")
    func errors() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [
            .recording(RecordingRule(name: "bad", query: query("missing"))),
            .recording(RecordingRule(name: "good", query: query("q"))),
        ])
        let result = await Self.evaluate(group, at: 0, StubQuerier.table("q", [0: [sample([:], 1)]]))
        #expect(result.state.rules[0].health == .err)
        #expect(result.state.rules[0].lastError == "no stub answer for missing")
        #expect(result.outcomes[0].error?.kind == .query)
        #expect(result.state.rules[1].health == .ok)
        #expect(result.samples.count == 1)
    }

    @Test("two rules writing one series at one time: the second is rejected as a duplicate")
    func duplicateSample() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [
            .recording(RecordingRule(name: "r", query: query("one"))),
            .recording(RecordingRule(name: "r", query: query("two"))),
        ])
        let querier = StubQuerier(["one": { _, _ in [sample([:], 1)] }, "two": { _, _ in [sample([:], 2)] }])
        let result = await Self.evaluate(group, at: 0, querier)
        #expect(result.samples.map(\.v) == [1])
        #expect(result.state.rules[1].health == .err)
        #expect(result.state.rules[1].lastError
            == "duplicate sample for timestamp 0; overrides not allowed: existing 1, new value 2")
    }

    @Test("notifications: sent on firing, re-sent after the resend delay, sent at once when resolved")
    func notifications() async {
        let group = RuleGroup(name: "g", interval: 30_000, rules: [
            .alerting(AlertingRule(name: "A", query: query("q"), annotations: [Label("summary", "s")])),
        ])
        let present: [Sample] = [sample(["i": "1"], 1)]
        let querier = StubQuerier.table("q", [0: present, 30_000: present, 60_000: present, 90_000: present])
        var options = RuleEvaluationOptions()
        options.externalURL = "http://prom:9090"
        var state = RuleGroupState(for: group)
        var sent: [Timestamp: [NotifiableAlert]] = [:]
        for ts: Timestamp in stride(from: 0, through: 120_000, by: 30_000) {
            let result = await Self.evaluate(group, at: ts, querier, state, options: options)
            state = result.state
            sent[ts] = result.alertsToSend
        }
        let labels: Labels = ["alertname": "A", "i": "1"]
        #expect(sent[0] == [NotifiableAlert(
            labels: labels, annotations: [Label("summary", "s")], startsAt: 0, endsAt: 240_000,
            generatorURL: "http://prom:9090/graph?g0.expr=q&g0.tab=1")])
        #expect(sent[30_000] == [])
        #expect(sent[60_000] == [])  // last sent + resend delay is not before 60s
        #expect(sent[90_000]?.map(\.endsAt) == [90_000 + 240_000])
        #expect(sent[120_000]?.map(\.endsAt) == [120_000])  // resolved
    }

    @Test("the limit error clears the rule's alerts and sends nothing")
    func limitInGroup() async {
        let group = RuleGroup(name: "g", interval: 60_000, limit: 1, rules: [
            .alerting(AlertingRule(name: "A", query: query("q"))),
        ])
        let querier = StubQuerier.table("q", [0: [sample(["i": "1"], 1), sample(["i": "2"], 1)]])
        let result = await Self.evaluate(group, at: 0, querier)
        #expect(result.state.rules[0].lastError == "exceeded limit of 1 with 2 alerts")
        #expect(result.state.rules[0].alerting?.active.isEmpty == true)
        #expect(result.alertsToSend.isEmpty)
        #expect(result.samples.isEmpty)
    }

    @Test("series of rules removed by a reload are marked stale at the next evaluation")
    func reloadStaleness() async {
        let old = RuleGroup(name: "g", interval: 60_000, rules: [
            .recording(RecordingRule(name: "keep", query: query("q"))),
            .recording(RecordingRule(name: "gone", query: query("q"))),
        ])
        let querier = StubQuerier.table("q", [0: [sample([:], 1)], 60_000: [sample([:], 1)]])
        let first = await Self.evaluate(old, at: 0, querier)
        let new = RuleGroup(name: "g", interval: 60_000, rules: [.recording(RecordingRule(name: "keep", query: query("q")))])
        let carried = RuleGroupState.carryingOver(from: first.state, of: old, to: new)
        #expect(carried.rules[0].seriesInPreviousEval == [["__name__": "keep"]])
        #expect(carried.staleSeries == [["__name__": "gone"]])
        let second = await Self.evaluate(new, at: 60_000, querier, carried)
        #expect(second.samples.map(\.labels.metricName) == ["keep", "gone"])
        #expect(second.samples.last.map { StaleMarker.isStale($0.v) } == true)
        #expect(second.state.staleSeries.isEmpty)
    }

    @Test("a reload keeps an alerting rule's alerts")
    func reloadKeepsAlerts() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [.alerting(AlertingRule(name: "A", query: query("q")))])
        let first = await Self.evaluate(group, at: 0, StubQuerier.table("q", [0: [sample([:], 1)]]))
        let carried = RuleGroupState.carryingOver(from: first.state, of: group, to: group)
        #expect(carried.rules[0].alerting?.active == first.state.rules[0].alerting?.active)
    }

    @Test("a cancelled evaluation stops before the next rule")
    func cancellation() async {
        let group = RuleGroup(name: "g", interval: 60_000, rules: [.recording(RecordingRule(name: "r", query: query("q")))])
        let querier = StubQuerier.table("q", [0: [sample([:], 1)]])
        let result = await withTaskGroup(of: GroupEvaluationResult.self) { tasks in
            tasks.addTask {
                withUnsafeCurrentTask { $0?.cancel() }
                return await Self.evaluate(group, at: 0, querier)
            }
            return await tasks.next()
        }
        #expect(result?.wasCancelled == true)
        #expect(result?.outcomes.isEmpty == true)
    }

    @Test("deliver sends one batch per rule with alerts")
    func deliver() async {
        actor Collector: AlertSink {
            var batches: [[NotifiableAlert]] = []
            func send(_ alerts: [NotifiableAlert]) async { batches.append(alerts) }
        }
        let group = RuleGroup(name: "g", interval: 60_000, rules: [
            .alerting(AlertingRule(name: "A", query: query("q"))),
            .alerting(AlertingRule(name: "B", query: query("none"))),
            .alerting(AlertingRule(name: "C", query: query("q"))),
        ])
        let querier = StubQuerier(["q": { _, _ in [sample([:], 1)] }, "none": { _, _ in [] }])
        let result = await Self.evaluate(group, at: 0, querier)
        let collector = Collector()
        await result.deliver(to: collector)
        #expect(await collector.batches.map { $0.map { $0.labels["alertname"] } } == [["A"], ["C"]])
    }
}
