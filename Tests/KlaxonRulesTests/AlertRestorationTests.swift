import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonRules

@Suite struct AlertRestorationTests {
    static let alertLabels: Labels = ["alertname": "A", "i": "1"]
    static let rule = AlertingRule(name: "A", query: query("q"), holdDuration: 1_800_000)  // for: 30m
    static let group = RuleGroup(name: "g", interval: 60_000, rules: [.alerting(rule)])

    static func state(activeAt: Timestamp) -> RuleGroupState {
        var state = RuleGroupState(for: group, restored: false)
        let alert = Alert(state: .pending, labels: alertLabels, value: 1, activeAt: activeAt)
        state.rules[0].alerting?.active = [alertLabels: alert]
        return state
    }

    static func forState(downAtSeconds: Int64, activeAtSeconds: Double) -> ArraySeriesSource {
        ArraySeriesSource(series: [SeriesSamples(
            labels: ["__name__": "ALERTS_FOR_STATE", "alertname": "A", "i": "1"],
            points: [FPoint(t: downAtSeconds * 1000 - 60_000, v: activeAtSeconds),
                     FPoint(t: downAtSeconds * 1000 + 250, v: activeAtSeconds)])])
    }

    @Test("activeAt after restoring, by time left to fire (for 30m, grace period 10m)", arguments: [
        // down at, previously active at, restored at → new activeAt (all seconds)
        (Int64(1600), 1000.0, Int64(2000), Int64(1400)),  // 20m left: the outage is added to activeAt
        (2500, 1000, 3000, 1800),  // 5m left, under the grace period: fires 10m after the restore
        (3000, 1000, 3500, 1000),  // it was firing: activeAt is the stored one
        (3000, 1000.9, 3500, 1000),  // stored seconds truncate
    ])
    func restoredActiveAt(downAt: Int64, previous: Double, restoreAt: Int64, expected: Int64) {
        let (state, errors) = GroupEvaluation.restoreForState(
            Self.group, state: Self.state(activeAt: restoreAt * 1000), at: restoreAt * 1000,
            source: Self.forState(downAtSeconds: downAt, activeAtSeconds: previous))
        #expect(errors.isEmpty)
        #expect(state.rules[0].alerting?.active[Self.alertLabels]?.activeAt == expected * 1000)
        #expect(state.rules[0].alerting?.restored == true)
    }

    @Test("nothing changes when the last sample is a staleness marker, or older than the outage tolerance")
    func staleOrTooOld() {
        var source = Self.forState(downAtSeconds: 1600, activeAtSeconds: 1000)
        source.series[0].points.append(FPoint(t: 1_700_000, v: StaleMarker.value))
        let stale = GroupEvaluation.restoreForState(Self.group, state: Self.state(activeAt: 2_000_000), at: 2_000_000,
                                                    source: source)
        #expect(stale.state.rules[0].alerting?.active[Self.alertLabels]?.activeAt == 2_000_000)
        let old = GroupEvaluation.restoreForState(
            Self.group, state: Self.state(activeAt: 9_000_000), at: 9_000_000,
            source: Self.forState(downAtSeconds: 1600, activeAtSeconds: 1000))
        #expect(old.state.rules[0].alerting?.active[Self.alertLabels]?.activeAt == 9_000_000)
        #expect(old.state.rules[0].alerting?.restored == true)
    }

    @Test("a rule whose `for` is below the grace period is only marked restored")
    func shortHold() {
        let rule = AlertingRule(name: "A", query: query("q"), holdDuration: 60_000)
        let state = AlertingRuleState(
            active: [Self.alertLabels: Alert(state: .pending, labels: Self.alertLabels, value: 1, activeAt: 2_000_000)],
            restored: false)
        let restored = AlertRestoration.restore(
            state, rule: rule, series: Self.forState(downAtSeconds: 1600, activeAtSeconds: 1000).series,
            at: 2_000_000, forGracePeriod: 600_000)
        #expect(restored.active == state.active)
        #expect(restored.restored)
    }

    @Test("a storage error is reported and the rule marked restored")
    func storageError() {
        let (state, errors) = GroupEvaluation.restoreForState(
            Self.group, state: Self.state(activeAt: 0), at: 0, source: FailingSeriesSource())
        #expect(errors.map(\.message) == ["storage unavailable"])
        #expect(state.rules[0].alerting?.restored == true)
    }

    @Test("a value that is not a time is ignored instead of trapping")
    func garbageValue() {
        #expect(AlertRestoration.restoredActiveAt(
            alert: FPoint(t: 0, v: .infinity), at: 0, hold: 1_800_000, forGracePeriod: 600_000) == nil)
        #expect(AlertRestoration.restoredActiveAt(
            alert: FPoint(t: 0, v: 1e300), at: 0, hold: 1_800_000, forGracePeriod: 600_000) == nil)
    }
}
