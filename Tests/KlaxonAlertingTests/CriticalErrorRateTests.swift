import Foundation
import KlaxonAlerting
import KlaxonMetrics
import KlaxonModel
import KlaxonNotify
import KlaxonRules
import KlaxonStorage
import Testing

/// The embedded engine end to end: an application records HTTP requests through `PlatformMetrics`, the
/// engine feeds them to its storage and evaluates the repository's `rules/platform-critical.yml`.
@Suite(.tags(.integration)) struct CriticalErrorRateTests {
    private static let rulesFile = repositoryRoot() + "/rules/platform-critical.yml"
    private static let alertLabels = Labels([
        "alertname": "CriticalErrorRate", "job": "platform", "severity": "critical",
    ])

    /// Records 20 requests, `errors` of them failing with a 500.
    private func recordRequests(_ metrics: PlatformMetrics, errors: Int) {
        for index in 0..<20 {
            metrics.http.recordRequest(
                method: "GET", path: "/api/v1/configs/{id}", status: index < errors ? 500 : 200,
                duration: .milliseconds(20))
        }
    }

    @Test("CriticalErrorRate fires after 2m above 10% errors, is re-sent, and resolves when errors stop")
    func firesAndResolves() async throws {
        let clock = ManualTimeSource(now: testStart)
        let metrics = PlatformMetrics(
            registry: MetricsRegistry(clock: ManualWallClock(testStart)), includeProcessMetrics: false)
        let recorder = RecordingNotifier()
        let logging = LoggingAlertNotifier(logger: quietLogger)
        // KlaxonNotify's webhook sender, pumped by the test after each step so that delivery is deterministic.
        let transport = RecordingTransport()
        let dispatcher = NotificationDispatcher(
            configuration: NotifierConfiguration(webhooks: [WebhookConfig(url: "http://hooks.example/alerts")]),
            transport: transport, time: clock, metrics: metrics.registry, logger: quietLogger)
        let webhook = DispatcherNotifier(dispatcher, runsDispatcher: false, timeSource: clock)
        let engine = try AlertingEngine(
            ruleFiles: [Self.rulesFile], registry: metrics.registry, notifiers: [recorder, logging, webhook],
            timeSource: clock, logger: quietLogger)
        #expect(await engine.ruleGroups().map(\.group.name) == ["platform-critical"])

        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        var pendingSince: Timestamp?
        var firingSeen = false
        try await engine.withRunning {
            await driver.waitUntilParked()
            // 2 minutes without errors, 5 minutes at 25% errors, 8 minutes without errors; 5s steps.
            for step in 0..<180 {
                let minute = step / 12
                recordRequests(metrics, errors: (2..<7).contains(minute) ? 5 : 0)
                await driver.advance(by: 5_000)
                await dispatcher.pump()
                for active in await engine.alerts() {
                    #expect(active.labels == Self.alertLabels)
                    #expect(active.value > 0.1)
                    if active.state == .pending && pendingSince == nil { pendingSince = active.activeAt }
                    if active.state == .firing { firingSeen = true }
                }
                if minute < 2 { #expect(recorder.deliveries.isEmpty) }
            }
        }

        let activeAt = try #require(pendingSince)
        #expect(firingSeen)
        let delivered = recorder.alerts
        #expect(delivered.allSatisfy { $0.alert.labels == Self.alertLabels })
        let firing = delivered.filter { !$0.alert.isResolved(at: $0.time) }
        let first = try #require(firing.first)
        #expect(first.alert.startsAt - activeAt >= 120_000)
        #expect(first.alert.startsAt == first.time)
        #expect(
            first.alert.annotations.first { $0.name == "summary" }?.value == "More than 10% of platform requests fail")
        #expect(
            first.alert.annotations.first { $0.name == "runbook_url" }?.value
                == "https://github.com/klaxon-alerting/klaxon/blob/main/monitoring/README.md#criticalerrorrate")
        let description = try #require(first.alert.annotations.first { $0.name == "description" }?.value)
        #expect(
            description.wholeMatch(
                of:
                    /\d+(\.\d+)?% of HTTP requests to platform returned a 5xx status over the last 5 minutes \(threshold 10%\)\./
            ) != nil)
        #expect(first.alert.generatorURL.hasPrefix("/graph?g0.expr="))
        // Re-sent every resend delay (1m) while firing, never more often.
        #expect(firing.count >= 2)
        for (a, b) in zip(firing, firing.dropFirst()) { #expect(b.time - a.time > 60_000) }

        let resolved = try #require(delivered.first { $0.alert.isResolved(at: $0.time) })
        #expect(resolved.time > first.time)
        #expect(resolved.alert.endsAt == resolved.time)
        #expect(resolved.alert.startsAt == first.alert.startsAt)
        #expect(await engine.alerts().isEmpty)
        #expect(logging.firingAlerts.isEmpty)
        #expect(await engine.ruleStatuses().map(\.health) == [.ok, .ok, .ok])

        // The webhook got Alertmanager's v4 payloads: firing with severity and runbook, then resolved.
        let payloads = try transport.payloads()
        #expect(transport.requests.allSatisfy { $0.url == "http://hooks.example/alerts" && $0.method == "POST" })
        #expect(payloads.count == firing.count + delivered.filter { $0.alert.isResolved(at: $0.time) }.count)
        let firstPayload = try #require(payloads.first)
        #expect(firstPayload["version"] as? String == "4")
        #expect(firstPayload["status"] as? String == "firing")
        let sent = try #require((firstPayload["alerts"] as? [[String: Any]])?.first)
        #expect((sent["labels"] as? [String: String])?["severity"] == "critical")
        #expect((sent["labels"] as? [String: String])?["alertname"] == "CriticalErrorRate")
        #expect(
            (sent["annotations"] as? [String: String])?["runbook_url"]
                == "https://github.com/klaxon-alerting/klaxon/blob/main/monitoring/README.md#criticalerrorrate")
        #expect(payloads.last?["status"] as? String == "resolved")
        #expect(((payloads.last?["alerts"] as? [[String: Any]])?.first?["status"]) as? String == "resolved")

        let alertSeries = try series(
            engine.storage, [.equal("__name__", "ALERTS"), .equal("alertstate", "firing")], from: testStart,
            to: clock.now())
        #expect(alertSeries.map { $0.labels["alertname"] } == ["CriticalErrorRate"])
    }

    @Test("external labels are added to every alert the notifiers get, unless the alert has them")
    func externalLabels() async throws {
        let clock = ManualTimeSource(now: testStart)
        var options = AlertingEngineOptions()
        options.externalLabels = Labels(["cluster": "eu-1", "severity": "ignored"])
        options.externalURL = "https://klaxon.example"
        let recorder = RecordingNotifier()
        let engine = try AlertingEngine(
            ruleGroups: [
                group("always", [RuleSpec(alert: "Always", expr: "vector(1)", labels: [Label("severity", "info")])])
            ],
            registry: MetricsRegistry(), notifiers: [recorder], options: options, timeSource: clock,
            logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        try await engine.withRunning {
            await driver.waitUntilParked()
            await driver.advance(by: 30_000)
        }
        let alert = try #require(recorder.alerts.first?.alert)
        #expect(alert.labels == Labels(["alertname": "Always", "cluster": "eu-1", "severity": "info"]))
        #expect(alert.generatorURL == "https://klaxon.example/graph?g0.expr=vector%281%29&g0.tab=1")
        // Stored alert series carry no external labels, as in Prometheus.
        let stored = try series(engine.storage, [.equal("__name__", "ALERTS")], from: testStart, to: clock.now())
        #expect(stored.first?.labels["cluster"] == "")
    }
}

extension Tag {
    @Tag static var integration: Self
}
