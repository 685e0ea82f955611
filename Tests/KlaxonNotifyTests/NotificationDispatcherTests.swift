import Foundation
import KlaxonMetrics
import KlaxonModel
import Synchronization
import Testing
@testable import KlaxonNotify

@Suite struct NotificationDispatcherTests {
    let amURL = "http://am:9093/api/v2/alerts"

    @Test("Alertmanager batches hold at most 256 alerts, in order, and every alert is counted as sent")
    func batchesOf256() async throws {
        let transport = RecordingTransport()
        let registry = MetricsRegistry()
        let dispatcher = makeDispatcher(
            NotifierConfiguration(alertmanagers: [AlertmanagerConfig(targets: ["am:9093"])]), transport: transport,
            registry: registry)
        dispatcher.enqueue((0..<600).map { alert("A\($0)") })
        let next = await dispatcher.pump()
        #expect(next == nil)
        let requests = transport.requests
        #expect(requests.map { alertNames(inAlertmanagerBody: $0).count } == [256, 256, 88])
        #expect(requests.flatMap { alertNames(inAlertmanagerBody: $0) } == (0..<600).map { "A\($0)" })
        #expect(requests.allSatisfy { $0.method == "POST" && $0.url == amURL && $0.timeout == .seconds(10) })
        #expect(requests[0].header("Content-Type") == "application/json")
        #expect(requests[0].header("User-Agent") == "Klaxon")
        let probe = MetricsProbe(registry: registry, endpoint: amURL)
        #expect(probe.sent == 600)
        #expect(probe.queueLength == 0)
        #expect(probe.queueCapacity == 10_000)
        #expect(probe.latencyCount == 3)
        #expect(probe.failed == 0 && probe.dropped == 0)
    }

    @Test("scheme, path prefix and several targets: each Alertmanager gets every alert")
    func severalAlertmanagers() async throws {
        let transport = RecordingTransport()
        let config = AlertmanagerConfig(targets: ["a:1", "b:2", "a:1"], scheme: "https", pathPrefix: "/am/")
        let dispatcher = makeDispatcher(NotifierConfiguration(alertmanagers: [config]), transport: transport)
        #expect(dispatcher.endpoints == ["https://a:1/am/api/v2/alerts", "https://b:2/am/api/v2/alerts"])
        dispatcher.enqueue([alert("X"), alert("Y")])
        await dispatcher.pump()
        #expect(Set(transport.requests.map(\.url)) == Set(dispatcher.endpoints))
        #expect(transport.requests.allSatisfy { alertNames(inAlertmanagerBody: $0) == ["X", "Y"] })
    }

    @Test("one Alertmanager down does not hold back another; it catches up once it is back")
    func oneDown() async throws {
        let receiver = ReceiverSwitch()
        let transport = RecordingTransport { _, request in
            HTTPResponse(status: request.url.contains("down") && !receiver.isUp ? 503 : 200)
        }
        let time = ManualTimeSource(now: march1)
        let registry = MetricsRegistry()
        let config = AlertmanagerConfig(
            targets: ["up:1", "down:2"], retry: RetryPolicy(maxAttempts: 1, maxBackoff: .seconds(30)))
        let dispatcher = makeDispatcher(
            NotifierConfiguration(alertmanagers: [config]), transport: transport, time: time, registry: registry)
        dispatcher.enqueue([alert("X")])
        let next = await dispatcher.pump()
        #expect(next == march1 + 30_000)
        #expect(dispatcher.queueLengths == ["http://up:1/api/v2/alerts": 0, "http://down:2/api/v2/alerts": 1])
        #expect(MetricsProbe(registry: registry, endpoint: "http://down:2/api/v2/alerts").failed == 1)
        receiver.set(up: true)
        time.advance(to: march1 + 30_000)
        #expect(await dispatcher.pump() == nil)
        #expect(MetricsProbe(registry: registry, endpoint: "http://down:2/api/v2/alerts").sent == 1)
        #expect(MetricsProbe(registry: registry, endpoint: "http://up:1/api/v2/alerts").sent == 1)
    }

    @Test("external labels fill in missing labels, then the relabel hooks rewrite or drop")
    func relabelling() async throws {
        let transport = RecordingTransport()
        let config = NotifierConfiguration(
            alertmanagers: [
                AlertmanagerConfig(targets: ["am:9093"], alertRelabel: { $0["severity"] == "debug" ? nil : $0 })
            ],
            externalLabels: ["cluster": "eu1", "env": "default"],
            alertRelabel: { labels in
                labels["alertname"] == "Noise" ? nil : labels.setting("relabelled", "yes")
            })
        let dispatcher = makeDispatcher(config, transport: transport)
        dispatcher.enqueue([
            alert("A", ["env": "prod"]), alert("Noise"), alert("B", ["severity": "debug"]),
        ])
        await dispatcher.pump()
        let request = try #require(transport.requests.first)
        let body = try #require(jsonBody(request) as? [[String: Any]])
        #expect(body.count == 1)
        #expect(
            body[0]["labels"] as? [String: String] == [
                "alertname": "A", "env": "prod", "cluster": "eu1", "relabelled": "yes",
            ])
        dispatcher.enqueue([alert("Noise")])
        #expect(dispatcher.pendingCount == 0)
    }

    @Test("credentials: basic auth, authorization, secret files and URL userinfo")
    func credentials() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("klaxon-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }  // cleanup failure cannot affect the result
        let passwordFile = directory.appendingPathComponent("pw").path
        try "from-file\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let transport = RecordingTransport()
        let config = NotifierConfiguration(
            alertmanagers: [
                AlertmanagerConfig(
                    targets: ["basic:1"], httpConfig: HTTPClientConfig(basicAuth: .init(username: "alice", password: "pw"))),
                AlertmanagerConfig(
                    targets: ["file:1"],
                    httpConfig: HTTPClientConfig(basicAuth: .init(username: "bob", passwordFile: passwordFile))),
                AlertmanagerConfig(
                    targets: ["bearer:1"], httpConfig: HTTPClientConfig(authorization: .init(credentials: "tok"))),
                AlertmanagerConfig(
                    targets: ["custom:1"],
                    httpConfig: HTTPClientConfig(authorization: .init(type: "Token", credentials: "t2"))),
            ],
            webhooks: [WebhookConfig(url: "https://carol:c%40t@hook.example/x?k=v")])
        let dispatcher = makeDispatcher(config, transport: transport)
        dispatcher.enqueue([alert("A")])
        await dispatcher.pump()
        var byHost: [String: HTTPRequest] = [:]
        for request in transport.requests { byHost[URLParts(request.url).host] = request }
        #expect(byHost["basic:1"]?.header("Authorization") == "Basic " + Base64.encode(Array("alice:pw".utf8)))
        #expect(byHost["file:1"]?.header("Authorization") == "Basic " + Base64.encode(Array("bob:from-file".utf8)))
        #expect(byHost["bearer:1"]?.header("Authorization") == "Bearer tok")
        #expect(byHost["custom:1"]?.header("Authorization") == "Token t2")
        let hook = try #require(byHost["hook.example"])
        #expect(hook.url == "https://hook.example/x?k=v")
        #expect(hook.header("Authorization") == "Basic " + Base64.encode(Array("carol:c@t".utf8)))
        #expect(dispatcher.endpoints.last == "https://hook.example/x")
    }

    @Test("an endpoint with tls_config uses the transport the TLS hook returns")
    func tlsHook() async throws {
        let plain = RecordingTransport()
        let tls = RecordingTransport()
        let seen = SeenTLS()
        let dispatcher = NotificationDispatcher(
            configuration: NotifierConfiguration(alertmanagers: [
                AlertmanagerConfig(targets: ["plain:1"]),
                AlertmanagerConfig(
                    targets: ["tls:1"], scheme: "https",
                    httpConfig: HTTPClientConfig(tlsConfig: .init(caFile: "/ca.pem", insecureSkipVerify: true))),
            ]),
            transport: plain,
            tlsTransport: { config in
                seen.record(config)
                return tls
            },
            time: ManualTimeSource(now: march1), metrics: MetricsRegistry(), logger: silentLogger)
        dispatcher.enqueue([alert("A")])
        await dispatcher.pump()
        #expect(plain.requests.map(\.url) == ["http://plain:1/api/v2/alerts"])
        #expect(tls.requests.map(\.url) == ["https://tls:1/api/v2/alerts"])
        #expect(seen.configs == [.init(caFile: "/ca.pem", insecureSkipVerify: true)])
    }

    @Test("endpoints with the same credential-free label are told apart by a suffix")
    func labelCollisions() {
        let dispatcher = makeDispatcher(
            NotifierConfiguration(webhooks: [
                WebhookConfig(url: "http://h/x?token=one"), WebhookConfig(url: "http://h/x?token=two"),
            ]), transport: RecordingTransport())
        #expect(dispatcher.endpoints == ["http://h/x", "http://h/x#2"])
    }

    @Test("with no endpoint, run() waits for cancellation and enqueue is a no-op")
    func noEndpoints() async throws {
        let dispatcher = makeDispatcher(NotifierConfiguration(), transport: RecordingTransport())
        dispatcher.enqueue([alert("A")])
        #expect(dispatcher.pendingCount == 0)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await dispatcher.run() }
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.next() }
        }
    }
}


final class SeenTLS: Sendable {
    private let list = Mutex<[HTTPClientConfig.TLSConfig]>([])
    func record(_ config: HTTPClientConfig.TLSConfig) { list.withLock { $0.append(config) } }
    var configs: [HTTPClientConfig.TLSConfig] { list.withLock { $0 } }
}
