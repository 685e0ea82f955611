import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonRules

/// Rules evaluated with real PromQL over an in-memory source that collects what the rules write.
@Suite struct LocalQuerierTests {
    static func rule(record: String? = nil, alert: String? = nil, _ expr: String, for hold: Int64 = 0,
                     labels: [Label] = []) throws -> RuleSpec {
        let spec = RuleSpec(record: record, alert: alert, expr: expr, for: hold, labels: labels)
        try #require(spec.exprError == nil, "\(spec.exprError.map { "\($0)" } ?? "")")
        return spec
    }

    static func group(_ rules: [RuleSpec], interval: Int64 = 60_000) throws -> RuleGroup {
        try RuleGroup(spec: RuleGroupSpec(name: "g", file: "f.yaml", rules: rules), defaultInterval: interval)
    }

    /// Evaluates `group` at each time, appending its output to `store`; returns the last result.
    @discardableResult
    static func run(_ group: RuleGroup, at times: [Timestamp], store: inout ArraySeriesSource,
                    state: inout RuleGroupState) async -> GroupEvaluationResult? {
        var last: GroupEvaluationResult?
        for ts in times {
            let result = await GroupEvaluation.evaluate(
                group, at: ts, querier: LocalQuerier(source: store), state: state)
            store.append(result.samples)
            state = result.state
            last = result
        }
        return last
    }

    @Test("recording rules chain within one evaluation through the overlay")
    func chaining() async throws {
        var store = ArraySeriesSource(series: [
            SeriesSamples(labels: ["__name__": "requests", "job": "a", "i": "1"], points: [FPoint(t: 0, v: 3)]),
            SeriesSamples(labels: ["__name__": "requests", "job": "a", "i": "2"], points: [FPoint(t: 0, v: 4)]),
        ])
        let group = try Self.group([
            Self.rule(record: "job:requests:sum", "sum by (job) (requests)"),
            Self.rule(record: "job:requests:double", "job:requests:sum * 2"),
        ])
        var state = RuleGroupState(for: group)
        let result = await Self.run(group, at: [60_000], store: &store, state: &state)
        #expect(result?.samples == [
            Sample(labels: ["__name__": "job:requests:sum", "job": "a"], t: 60_000, v: 7),
            Sample(labels: ["__name__": "job:requests:double", "job": "a"], t: 60_000, v: 14),
        ])
    }

    @Test("InstanceDown fires after `for`, with its labels, and ALERTS is queryable")
    func instanceDown() async throws {
        let up: Labels = ["__name__": "up", "job": "prometheus", "instance": "localhost:9090"]
        var store = ArraySeriesSource(series: [SeriesSamples(
            labels: up, points: (0...15).map { FPoint(t: minutes(Int64($0)), v: 0) })])
        let group = try Self.group([
            Self.rule(alert: "InstanceDown", "up == 0", for: minutes(5), labels: [Label("severity", "page")]),
            Self.rule(record: "firing", #"count(ALERTS{alertstate="firing"})"#),
        ])
        var state = RuleGroupState(for: group)
        let times = (0...10).map { minutes(Int64($0)) }
        let result = await Self.run(group, at: times, store: &store, state: &state)
        let alerts = state.rules[0].alerting?.activeAlerts ?? []
        #expect(alerts.map(\.labels) == [
            ["alertname": "InstanceDown", "instance": "localhost:9090", "job": "prometheus", "severity": "page"],
        ])
        #expect(alerts.first?.state == .firing)
        #expect(alerts.first?.activeAt == 0)
        #expect(alerts.first?.firedAt == minutes(5))
        #expect(result?.samples.last == Sample(labels: ["__name__": "firing"], t: minutes(10), v: 1))
    }

    @Test("staleness markers of a recorded series are seen by later rules of the same evaluation")
    func staleness() async throws {
        var store = ArraySeriesSource(series: [
            SeriesSamples(labels: ["__name__": "x", "i": "1"], points: [FPoint(t: 0, v: 1), FPoint(t: 60_000, v: 1)]),
            SeriesSamples(labels: ["__name__": "x", "i": "2"],
                          points: [FPoint(t: 0, v: 1), FPoint(t: 60_000, v: StaleMarker.value)]),
        ])
        let group = try Self.group([Self.rule(record: "y", "x"), Self.rule(record: "count_y", "count(y)")])
        var state = RuleGroupState(for: group)
        let first = await Self.run(group, at: [0], store: &store, state: &state)
        #expect(first?.samples.last?.v == 2)
        let second = await Self.run(group, at: [60_000], store: &store, state: &state)
        #expect(second?.samples.contains { $0.labels == ["__name__": "y", "i": "2"] && StaleMarker.isStale($0.v) } == true)
        #expect(second?.samples.last == Sample(labels: ["__name__": "count_y"], t: 60_000, v: 1))
    }

    @Test("restoring `for` state from ALERTS_FOR_STATE written before a restart")
    func restore() async throws {
        let up: Labels = ["__name__": "up", "job": "j"]
        var store = ArraySeriesSource(series: [SeriesSamples(
            labels: up, points: (0...60).map { FPoint(t: minutes(Int64($0)), v: 0) })])
        let group = try Self.group([Self.rule(alert: "Down", "up == 0", for: minutes(30))])
        var state = RuleGroupState(for: group)
        await Self.run(group, at: (0...10).map { minutes(Int64($0)) }, store: &store, state: &state)
        // Restart at minute 15: fresh state that holds back alert series until restored.
        var restarted = RuleGroupState(for: group, restored: false)
        await Self.run(group, at: [minutes(15), minutes(16)], store: &store, state: &restarted)
        let (restored, errors) = GroupEvaluation.restoreForState(
            group, state: restarted, at: minutes(16), source: store)
        #expect(errors.isEmpty)
        // Down at minute 10 after 10m pending; 20m left > grace period: activeAt moves by the 6m outage.
        #expect(restored.rules[0].alerting?.activeAlerts.first?.activeAt == minutes(6))
    }
}
