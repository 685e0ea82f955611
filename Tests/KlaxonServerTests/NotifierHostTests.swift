import Foundation
import KlaxonMetrics
import KlaxonModel
import KlaxonNotify
import KlaxonRules
import Logging
import Testing

@testable import KlaxonServer

@Suite struct NotifierHostTests {
    static func alert(_ name: String) -> NotifiableAlert {
        NotifiableAlert(
            labels: Labels(["alertname": name]), annotations: [Label("summary", "s")], startsAt: 1_000_000,
            endsAt: 2_000_000, generatorURL: "http://klaxon.test/graph")
    }

    @Test("rule alerts reach a webhook as Alertmanager's webhook payload")
    func delivers() async throws {
        let transport = RecordingTransport()
        let host = NotifierHost(
            transport: transport, time: ManualTimeSource(now: 1_500_000), registry: MetricsRegistry(),
            logger: Logger(label: "t"))
        await host.configure(
            NotifierConfiguration(webhooks: [WebhookConfig(url: "http://h/hook")], externalURL: "http://k"))
        await host.send([Self.alert("A")])
        await host.pump()
        let request = try #require(transport.recorded.first)
        #expect(request.url == "http://h/hook")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains(#""alertname":"A""#))
        #expect(body.contains(#""version":"4""#))
    }

    @Test("a reload keeps alerts queued for endpoints that stay")
    func reloadKeepsQueue() async throws {
        let host = NotifierHost(
            transport: RecordingTransport(), time: ManualTimeSource(now: 0), registry: MetricsRegistry(),
            logger: Logger(label: "t"))
        let config = NotifierConfiguration(webhooks: [WebhookConfig(url: "http://h/hook")])
        await host.configure(config)
        await host.send([Self.alert("A"), Self.alert("B")])
        await host.configure(config)
        #expect(await host.queueLengths.values.reduce(0, +) == 2)
        await host.configure(NotifierConfiguration(webhooks: [WebhookConfig(url: "http://other/hook")]))
        #expect(await host.queueLengths.values.reduce(0, +) == 0)
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
        #expect(await signal.sleep(until: 0, time: time) == .deadline)
    }
}
