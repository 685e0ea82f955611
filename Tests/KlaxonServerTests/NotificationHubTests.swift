import Foundation
import KlaxonMetrics
import KlaxonModel
import KlaxonRules
@testable import KlaxonServer
import KlaxonStorage
import Logging
import Testing

@Suite struct NotificationHubTests {
    static func alert(_ name: String, endsAt: Timestamp = 2_000_000) -> NotifiableAlert {
        NotifiableAlert(
            labels: Labels(["alertname": name, "severity": "page"]), annotations: [Label("summary", "s")],
            startsAt: 1_000_000, endsAt: endsAt, generatorURL: "http://klaxon.test/graph")
    }

    @Test("a webhook gets Alertmanager's webhook body; an Alertmanager gets the v2 list")
    func payloads() async throws {
        let transport = RecordingTransport()
        let time = ManualTimeSource(now: 1_500_000)
        let hub = NotificationHub(transport: transport, time: time, logger: Logger(label: "t"), externalURL: "http://k")
        await hub.configure([
            ReceiverSpec(name: "webhook[0]", url: "http://h/hook", format: .webhook, headers: [.init("Authorization", "Bearer t")]),
            ReceiverSpec(name: "am", url: "http://am/api/v2/alerts", format: .alertmanagerV2),
        ])
        await hub.send([Self.alert("A")])
        hub.stopNow()
        #expect(await hub.flush(until: 2_000_000) == 0)
        let requests = transport.recorded.sorted { $0.url < $1.url }
        #expect(requests.count == 2)
        let amBody = String(decoding: requests[0].body, as: UTF8.self)
        #expect(
            amBody
                == #"[{"labels":{"alertname":"A","severity":"page"},"annotations":{"summary":"s"},"startsAt":"1970-01-01T00:16:40Z","endsAt":"1970-01-01T00:33:20Z","generatorURL":"http://klaxon.test/graph"}]"#
        )
        let hookBody = String(decoding: requests[1].body, as: UTF8.self)
        #expect(hookBody.hasPrefix(#"{"receiver":"klaxon","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A","severity":"page"}"#))
        #expect(hookBody.contains(#""endsAt":"0001-01-01T00:00:00Z""#))
        #expect(hookBody.contains(#""version":"4""#))
        #expect(requests[1].headers.contains { $0.name == "Authorization" && $0.value == "Bearer t" })
    }

    @Test("failed deliveries are retried with backoff, then dropped after max attempts")
    func retries() async throws {
        let transport = RecordingTransport(statuses: [500, 503, 500])
        let time = ManualTimeSource(now: 0)
        let metrics = ServerMetrics(registry: .init(), storage: .init())
        let hub = NotificationHub(transport: transport, time: time, logger: Logger(label: "t"), metrics: metrics)
        await hub.configure([
            ReceiverSpec(
                name: "w", url: "http://h/hook", format: .webhook,
                retry: RetryPolicy(maxAttempts: 2, initialBackoff: 1_000, maxBackoff: 1_000))
        ])
        await hub.send([Self.alert("A")])
        hub.stopNow()
        await hub.flush(until: 10_000)
        #expect(transport.recorded.count == 2)  // two attempts, then the batch is dropped
        #expect(await hub.pendingAlerts.isEmpty)
        let exposition = metrics.registry.exposition()
        #expect(exposition.contains(#"klaxon_notifications_dropped_total{receiver="w"} 1"#))
        #expect(exposition.contains(#"klaxon_notifications_errors_total{receiver="w"} 2"#))
    }

    @Test("resolved alerts are not sent where send_resolved is false")
    func sendResolved() async throws {
        let transport = RecordingTransport()
        let time = ManualTimeSource(now: 5_000_000)
        let hub = NotificationHub(transport: transport, time: time, logger: Logger(label: "t"))
        await hub.configure([ReceiverSpec(name: "w", url: "http://h/hook", format: .webhook, sendResolved: false)])
        await hub.send([Self.alert("resolved", endsAt: 4_000_000)])
        #expect(await hub.pendingAlerts.isEmpty)
    }

    @Test("a full queue drops the oldest alerts")
    func capacity() async throws {
        let hub = NotificationHub(
            transport: RecordingTransport(), time: ManualTimeSource(now: 0), logger: Logger(label: "t"), capacity: 2)
        await hub.configure([ReceiverSpec(name: "w", url: "http://h/hook", format: .webhook)])
        await hub.send([Self.alert("A"), Self.alert("B"), Self.alert("C")])
        #expect(await hub.pendingAlerts["w"]?.map { $0.labels["alertname"] } == ["B", "C"])
    }
}

@Suite struct LoopSignalTests {
    @Test("a wake before the sleep makes the next sleep return at once; stop is final")
    func pendingWake() async {
        let signal = LoopSignal()
        let time = ManualTimeSource(now: 0)
        signal.wake()
        #expect(await signal.sleep(until: 1_000_000, time: time) == .woken)
        signal.stop()
        #expect(await signal.sleep(until: 1_000_000, time: time) == .stopped)
    }

    @Test("the deadline ends a sleep")
    func deadline() async {
        let signal = LoopSignal()
        let time = ManualTimeSource(now: 0)
        async let reason = signal.sleep(until: 0, time: time)
        #expect(await reason == .deadline)
    }
}
