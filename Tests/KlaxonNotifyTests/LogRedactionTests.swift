import KlaxonMetrics
import KlaxonModel
import Logging
import Synchronization
import Testing
@testable import KlaxonNotify

/// Collects every log line, message and metadata, as text.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "capture") { _ in CapturingHandler(capture: self) }
    }
}

struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key })")
    }
}

@Suite struct LogRedactionTests {
    @Test("no log line, error or metric label carries a password, token or query secret")
    func secretsNeverLogged() async throws {
        let capture = LogCapture()
        let transport = RecordingTransport { index, request in
            switch index {
            case 0: throw HTTPTransportError.connectionFailed("dial \(request.url) with \(request.header("Authorization") ?? "")")
            case 1: throw HTTPTransportError.timedOut
            default: return HTTPResponse(status: 500, body: Array("echo \(request.header("Authorization") ?? "")".utf8))
            }
        }
        let registry = MetricsRegistry()
        let time = ManualTimeSource(now: march1)
        let config = NotifierConfiguration(
            webhooks: [
                WebhookConfig(
                    url: "https://hookuser:hookpass@hooks.example/notify?token=tok123&team=x",
                    retry: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(10)))
            ],
            queueCapacity: 1)
        let dispatcher = NotificationDispatcher(
            configuration: config, transport: transport, time: time, metrics: registry, logger: capture.logger,
            jitter: { $0 })
        dispatcher.enqueue([alert("A")])
        dispatcher.enqueue([alert("B")])  // capacity 1: drops A, logs
        while transport.requests.count < 3, let due = await dispatcher.pump() { time.advance(to: due) }
        let lines = capture.all
        #expect(lines.count >= 4)
        let joined = lines.joined(separator: "\n")
        for secret in ["hookpass", "tok123", Base64.encode(Array("hookuser:hookpass".utf8)), "team=x\"", "hookuser:"] {
            #expect(!joined.contains(secret), "log leaks \(secret): \(joined)")
        }
        #expect(joined.contains("https://hooks.example/notify"))
        #expect(joined.contains("Post \"https://hooks.example/notify?token=xxxxx&team=xxxxx\": dial"))
        #expect(joined.contains("unexpected status code 500: echo Basic xxxxx"))
        #expect(dispatcher.endpoints == ["https://hooks.example/notify"])
        let exposition = registry.exposition()
        #expect(!exposition.contains("hookpass") && !exposition.contains("tok123"))
        #expect(exposition.contains(#"klaxon_notifications_dropped_total{endpoint="https://hooks.example/notify"} 1"#))
    }

    @Test("unreadable secret files are configuration errors naming the file, without its contents")
    func unreadableSecretFile() throws {
        let config = HTTPClientConfig(basicAuth: .init(username: "u", passwordFile: "/nonexistent/klaxon/pw"))
        let error = try #require(throws: NotifyError.self) { try config.authorizationHeader() }
        #expect(error.kind == .configuration)
        #expect(error.message.hasPrefix("unable to read basic auth password file /nonexistent/klaxon/pw"))
    }

    @Test("configuration validation uses Prometheus's and Alertmanager's messages")
    func validation() {
        #expect(WebhookConfig().validationErrors == ["one of url or url_file must be configured"])
        #expect(
            WebhookConfig(url: "http://a", urlFile: "/f").validationErrors == [
                "at most one of url & url_file must be configured"
            ])
        let both = HTTPClientConfig(
            authorization: .init(type: "basic", credentials: "c", credentialsFile: "/f"),
            basicAuth: .init(username: "u", password: "p", passwordFile: "/p"))
        #expect(
            both.validationErrors == [
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured",
                "at most one of basic_auth password & password_file must be configured",
                "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
                "at most one of authorization credentials & credentials_file must be configured",
            ])
        #expect(WebhookConfig(url: "http://a").validationErrors.isEmpty)
    }

    @Test("path_prefix is joined and cleaned like Go's path.Join", arguments: [
        ("/", "http://am:9093/api/v2/alerts"), ("", "http://am:9093/api/v2/alerts"),
        ("/prefix/", "http://am:9093/prefix/api/v2/alerts"), ("a//b/../c", "http://am:9093/a/c/api/v2/alerts"),
    ])
    func pathPrefix(prefix: String, expected: String) {
        #expect(AlertmanagerConfig(targets: [], pathPrefix: prefix).url(for: "am:9093") == expected)
    }
}
