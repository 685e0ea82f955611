import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct AlertTests {
    static func alert(_ state: AlertState, lastSentAt: Timestamp? = nil, resolvedAt: Timestamp? = nil) -> Alert {
        Alert(state: state, labels: ["alertname": "A"], value: 1, activeAt: 0, firedAt: 0, resolvedAt: resolvedAt,
              lastSentAt: lastSentAt)
    }

    @Test("needsSending follows Prometheus: never pending, at once when new or resolved, then after the resend delay",
          arguments: [
              (alert(.pending), Int64(10_000), false),
              (alert(.firing), 10_000, true),  // never sent
              (alert(.firing, lastSentAt: 0), 60_000, false),  // exactly the resend delay: not yet
              (alert(.firing, lastSentAt: 0), 60_001, true),
              (alert(.inactive, lastSentAt: 0, resolvedAt: 30_000), 30_000, true),  // resolved since last send
              (alert(.inactive, lastSentAt: 30_000, resolvedAt: 30_000), 60_000, false),
              (alert(.inactive, lastSentAt: 30_000, resolvedAt: 30_000), 90_001, true),  // resent while retained
          ] as [(Alert, Timestamp, Bool)])
    func needsSending(alert: Alert, at ts: Timestamp, expected: Bool) {
        #expect(alert.needsSending(at: ts, resendDelay: 60_000) == expected)
    }

    @Test("step reports whether the alert is active, kept inactive or removed", arguments: [
        (AlertState.pending, true, Alert.Step.active),
        (.firing, true, .active),
        (.pending, false, .remove),
        (.firing, false, .inactive),
    ])
    func step(state: AlertState, present: Bool, expected: Alert.Step) {
        var alert = Alert(state: state, labels: ["alertname": "A"], value: 1, activeAt: 0)
        #expect(alert.step(present: present, at: 60_000, holdDuration: 0, keepFiringFor: 0) == expected)
    }

    @Test("alertsToSend stamps lastSentAt and validUntil = ts + 4 × max(interval, resend delay)")
    func alertsToSend() {
        let firing = Alert(state: .firing, labels: ["alertname": "A"], value: 1, activeAt: 0, firedAt: 0)
        let pending = Alert(state: .pending, labels: ["alertname": "B"], value: 1, activeAt: 0)
        var state = AlertingRuleState(active: [firing.labels: firing, pending.labels: pending])
        let sent = state.alertsToSend(at: 10_000, resendDelay: 60_000, groupInterval: 120_000)
        #expect(sent.map(\.labels) == [firing.labels])
        #expect(sent.first?.lastSentAt == 10_000)
        #expect(sent.first?.validUntil == Timestamp(10_000 + 4 * 120_000))
        #expect(state.active[firing.labels]?.lastSentAt == 10_000)
        #expect(state.alertsToSend(at: 70_000, resendDelay: 60_000, groupInterval: 120_000).isEmpty)
        #expect(state.alertsToSend(at: 70_001, resendDelay: 60_000, groupInterval: 120_000).count == 1)
    }

    @Test("API formatting: value in Go's %e form, times in RFC 3339", arguments: [
        (1.0, "1e+00"), (0.25, "2.5e-01"), (1234.5, "1.2345e+03"), (0, "0e+00"), (-3e-7, "-3e-07"),
        (Double.nan, "NaN"), (Double.infinity, "+Inf"), (1e100, "1e+100"),
    ])
    func formattedValue(value: Double, expected: String) {
        #expect(Alert(state: .firing, labels: [:], value: value, activeAt: 0).formattedValue == expected)
    }

    @Test("RFC 3339 timestamps as Go marshals them", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_714_566_600_250, "2024-05-01T12:30:00.25Z"),
        (951_782_400_000, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
    ])
    func rfc3339(t: Timestamp, expected: String) {
        #expect(AlertAPIFormat.rfc3339(t) == expected)
    }
}
