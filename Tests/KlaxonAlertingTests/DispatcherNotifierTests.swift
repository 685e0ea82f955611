import Foundation
import KlaxonAlerting
import KlaxonMetrics
import KlaxonModel
import KlaxonNotify
import KlaxonRules
import Testing

@Suite struct DispatcherNotifierTests {
    @Test("a NotifiableAlert becomes the same NotificationAlert")
    func conversion() {
        let alert = NotifiableAlert(
            labels: Labels(["alertname": "A", "severity": "critical"]), annotations: [Label("summary", "s")],
            startsAt: 1_000, endsAt: 2_000, generatorURL: "/graph?g0.expr=up&g0.tab=1")
        let converted = NotificationAlert(alert)
        #expect(converted.labels == alert.labels)
        #expect(converted.annotations == alert.annotations)
        #expect(converted.startsAt == 1_000)
        #expect(converted.endsAt == 2_000)
        #expect(converted.generatorURL == alert.generatorURL)
    }

    @Test("a webhook notifier run by the engine delivers the firing alert, at the latest when stopped")
    func webhookRunByEngine() async throws {
        let clock = ManualTimeSource(now: testStart)
        let registry = MetricsRegistry()
        let transport = RecordingTransport()
        let webhook = DispatcherNotifier.webhook(
            url: "http://hooks.example/klaxon", transport: transport, registry: registry, timeSource: clock,
            logger: quietLogger)
        let engine = try AlertingEngine(
            ruleGroups: [
                group("g", [RuleSpec(alert: "Always", expr: "vector(1)", labels: [Label("severity", "page")])])
            ],
            registry: registry, notifiers: [webhook], timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        try await engine.withRunning {
            await driver.waitUntilParked()
            await driver.advance(by: 20_000)
        }
        let payload = try #require(try transport.payloads().first)
        #expect(payload["status"] as? String == "firing")
        let alert = try #require((payload["alerts"] as? [[String: Any]])?.first)
        #expect((alert["labels"] as? [String: String]) == ["alertname": "Always", "severity": "page"])
        #expect(webhook.dispatcher.pendingCount == 0)
    }
}
