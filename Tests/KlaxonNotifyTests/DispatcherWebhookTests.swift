import Foundation
import KlaxonMetrics
import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct DispatcherWebhookTests {
    @Test("each enqueue call becomes one webhook payload, with its own reference time")
    func onePayloadPerEnqueue() async throws {
        let transport = RecordingTransport()
        let time = ManualTimeSource(now: march1)
        let config = NotifierConfiguration(
            webhooks: [WebhookConfig(receiver: "ops", url: "http://hook:8080/alerts")], externalURL: "http://klaxon:9090")
        let dispatcher = makeDispatcher(config, transport: transport, time: time)
        dispatcher.enqueue([alert("A", endsAt: march1 + 1000), alert("B")])
        time.advance(by: 2_000)
        dispatcher.enqueue([alert("C")])
        await dispatcher.pump()
        let requests = transport.requests
        #expect(requests.map(alertNames(inWebhookBody:)) == [["A", "B"], ["C"]])
        // A ended 1 s after its batch was enqueued: still firing in that payload.
        let first = try #require(jsonBody(requests[0]) as? [String: Any])
        #expect(first["status"] as? String == "firing")
        #expect(first["receiver"] as? String == "ops")
        #expect(first["externalURL"] as? String == "http://klaxon:9090")
        #expect(first["groupKey"] as? String == "{}:{}")
        #expect(first["version"] as? String == "4")
        let alerts = try #require(first["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["endsAt"] as? String } == ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
        #expect(requests[0].url == "http://hook:8080/alerts")
        #expect(requests[0].timeout == WebhookConfig.defaultTimeout)
    }

    @Test("send_resolved false leaves resolved alerts out; a batch of only resolved alerts sends nothing")
    func sendResolved() async throws {
        let transport = RecordingTransport()
        let registry = MetricsRegistry()
        let config = NotifierConfiguration(webhooks: [
            WebhookConfig(url: "http://hook/", sendResolved: false, timeout: .seconds(3))
        ])
        let dispatcher = makeDispatcher(config, transport: transport, registry: registry)
        dispatcher.enqueue([alert("Resolved", endsAt: march1 - 1), alert("Firing")])
        dispatcher.enqueue([alert("AlsoResolved", endsAt: march1)])
        #expect(await dispatcher.pump() == nil)
        #expect(transport.requests.map(alertNames(inWebhookBody:)) == [["Firing"]])
        #expect(transport.requests.first?.timeout == .seconds(3))
        #expect(dispatcher.pendingCount == 0)
        #expect(MetricsProbe(registry: registry, endpoint: "http://hook/").sent == 1)
    }

    @Test("send_resolved true (the default) sends resolved alerts with their end time")
    func sendResolvedDefault() async throws {
        let transport = RecordingTransport()
        let dispatcher = makeDispatcher(NotifierConfiguration(webhooks: [WebhookConfig(url: "http://hook/")]), transport: transport)
        dispatcher.enqueue([alert("Resolved", endsAt: march1 - 500)])
        await dispatcher.pump()
        let request = try #require(transport.requests.first)
        let body = try #require(jsonBody(request) as? [String: Any])
        #expect(body["status"] as? String == "resolved")
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(alerts.first?["endsAt"] as? String == "2024-03-01T11:59:59.5Z")
    }

    @Test("max_alerts truncates the payload and counts only the alerts sent")
    func maxAlerts() async throws {
        let transport = RecordingTransport()
        let registry = MetricsRegistry()
        let dispatcher = makeDispatcher(
            NotifierConfiguration(webhooks: [WebhookConfig(url: "http://hook/", maxAlerts: 2)]), transport: transport,
            registry: registry)
        dispatcher.enqueue((0..<5).map { alert("A\($0)") })
        await dispatcher.pump()
        let request = try #require(transport.requests.first)
        let body = try #require(jsonBody(request) as? [String: Any])
        #expect(body["truncatedAlerts"] as? Int == 3)
        #expect(alertNames(inWebhookBody: transport.requests[0]) == ["A0", "A1"])
        #expect(MetricsProbe(registry: registry, endpoint: "http://hook/").sent == 2)
    }

    @Test("url_file is read on every attempt; a missing file is a retried configuration error")
    func urlFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("klaxon-url-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }  // cleanup failure cannot affect the result
        let transport = RecordingTransport()
        let time = ManualTimeSource(now: march1)
        let registry = MetricsRegistry()
        let dispatcher = makeDispatcher(
            NotifierConfiguration(webhooks: [WebhookConfig(urlFile: path, retry: RetryPolicy(maxAttempts: 1))]),
            transport: transport, time: time, registry: registry)
        #expect(dispatcher.endpoints == ["url_file:" + path])
        dispatcher.enqueue([alert("A")])
        let due = try #require(await dispatcher.pump())
        #expect(transport.requests.isEmpty)
        #expect(MetricsProbe(registry: registry, endpoint: "url_file:" + path).failed == 1)
        try "  http://from-file:1/hook \n".write(toFile: path, atomically: true, encoding: .utf8)
        time.advance(to: due)
        await dispatcher.pump()
        #expect(transport.requests.map(\.url) == ["http://from-file:1/hook"])
    }

    @Test("webhook status errors carry Alertmanager's wording and the body, redacted")
    func statusMessage() async throws {
        let transport = RecordingTransport { _, _ in
            HTTPResponse(status: 503, body: Array("down for http://u:pw@x/?t=zz".utf8))
        }
        let endpoint = Endpoint(
            label: "l", target: .webhook(WebhookConfig(url: "http://h/")), httpConfig: HTTPClientConfig(),
            retry: RetryPolicy(), timeout: .seconds(1), userAgent: "Klaxon", externalURL: "", transport: transport,
            batching: .oneEnqueueCall)
        let result = await endpoint.deliver([QueuedAlert(alert: alert("A"), batch: 0, enqueuedAt: march1)])
        guard case .failed(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error.kind == .unexpectedStatus(503))
        #expect(error.message == "unexpected status code 503: down for http://u:xxxxx@x/?t=xxxxx")
        #expect(error.isRetryable)
    }
}
