import KlaxonMetrics
import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct QueueSnapshotTests {
    @Test("undelivered alerts survive snapshot, JSON and restore, and are then delivered unchanged")
    func roundTrip() async throws {
        let config = NotifierConfiguration(
            alertmanagers: [AlertmanagerConfig(targets: ["am:9093"], retry: RetryPolicy(maxAttempts: 1))],
            webhooks: [WebhookConfig(url: "http://hook/", retry: RetryPolicy(maxAttempts: 1))])
        let down = RecordingTransport(status: 503)
        let time = ManualTimeSource(now: march1)
        let first = makeDispatcher(config, transport: down, time: time)
        let tricky = alert(
            "Tricky", ["quote": "a\"b", "unicode": "é\u{2028}"], annotations: [Label("empty", ""), Label("n", "1\n2")],
            endsAt: march1 + 1_000, generatorURL: "http://p/?a=1&b=2")
        first.enqueue([tricky, alert("Plain", generatorURL: "")])
        time.advance(by: 5_000)
        first.enqueue([alert("Later")])
        await first.pump()
        let snapshot = first.snapshot()
        #expect(snapshot.alertCount == 6)
        let decoded = try QueueSnapshot(json: snapshot.json)
        #expect(decoded == snapshot)

        let up = RecordingTransport()
        let registry = MetricsRegistry()
        let second = makeDispatcher(config, transport: up, time: time, registry: registry)
        second.enqueue([alert("New")])
        #expect(second.restore(decoded) == 6)
        #expect(MetricsProbe(registry: registry, endpoint: "http://hook/").queueLength == 4)
        await second.pump()
        let amRequest = try #require(up.requests.first { $0.url.hasPrefix("http://am") })
        #expect(alertNames(inAlertmanagerBody: amRequest) == ["Tricky", "Plain", "Later", "New"])
        #expect(amRequest.bodyText.hasPrefix(AlertmanagerPayload.json([tricky]).dropLast()))
        let hookRequests = up.requests.filter { $0.url.hasPrefix("http://hook") }
        #expect(hookRequests.map(alertNames(inWebhookBody:)) == [["Tricky", "Plain"], ["Later"], ["New"]])
        // The restored batch keeps its enqueue time: Tricky (ending 1 s after it) is still firing there.
        #expect(hookRequests[0].bodyText.contains(#"{"status":"firing","labels":{"alertname":"Tricky""#))
    }

    @Test("alerts of endpoints that are no longer configured are skipped")
    func unknownEndpoint() {
        let dispatcher = makeDispatcher(NotifierConfiguration(webhooks: [WebhookConfig(url: "http://hook/")]), transport: RecordingTransport())
        let snapshot = QueueSnapshot(endpoints: [
            .init(endpoint: "http://gone/", entries: [.init(alert: alert("A"), batch: 0, enqueuedAt: 0)])
        ])
        #expect(dispatcher.restore(snapshot) == 0)
        #expect(dispatcher.pendingCount == 0)
    }

    @Test(
        "malformed snapshots are typed errors, never traps",
        arguments: [
            "", "[]", "{}", #"{"version":2,"endpoints":[]}"#, #"{"version":1}"#, #"{"version":1,"endpoints":[{}]}"#,
            #"{"version":1,"endpoints":[{"endpoint":"e","alerts":[{"batch":"x"}]}]}"#,
            #"{"version":1,"endpoints":[{"endpoint":"e","alerts":[{"batch":-1,"enqueuedAt":0,"labels":{},"annotations":{},"startsAt":0,"endsAt":0}]}]}"#,
            #"{"version":1,"endpoints":[{"endpoint":"e","alerts":[{"batch":1,"enqueuedAt":0,"labels":{"a":1},"annotations":{},"startsAt":0,"endsAt":0}]}]}"#,
            #"{"version":1,"endpoints":[]} trailing"#, #"{"version":1,"endpoints":["\ud800"]}"#, "\"\\u12", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ])
    func malformed(text: String) {
        #expect(throws: NotifyError.self) { try QueueSnapshot(json: text) }
    }

    @Test("the JSON form is stable")
    func jsonForm() throws {
        let snapshot = QueueSnapshot(endpoints: [
            .init(
                endpoint: "http://am:9093/api/v2/alerts",
                entries: [
                    .init(
                        alert: NotificationAlert(
                            labels: ["alertname": "A"], annotations: [Label("s", "x")], startsAt: 1, endsAt: 2,
                            generatorURL: "g"), batch: 3, enqueuedAt: 4)
                ])
        ])
        #expect(
            snapshot.json
                == #"{"version":1,"endpoints":[{"endpoint":"http://am:9093/api/v2/alerts","alerts":[{"batch":3,"enqueuedAt":4,"labels":{"alertname":"A"},"annotations":{"s":"x"},"startsAt":1,"endsAt":2,"generatorURL":"g"}]}]}"#
        )
        #expect(try QueueSnapshot(json: snapshot.json) == snapshot)
    }
}
