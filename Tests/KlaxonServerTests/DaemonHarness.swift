import Foundation
import Hummingbird
import KlaxonHTTPClient
import KlaxonModel
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the real-process tests need: the executables, free ports, a `klaxon serve` process, HTTP servers the
/// test controls (scrape targets, webhook receivers) and an HTTP client. Waits poll a condition with a
/// generous deadline; the deadline only turns a hang into a failure, it never decides a pass.
enum DaemonHarness {
    /// `$KLAXON_BINARY`, else `<repository>/.build/debug/klaxon`, if it exists.
    static let binary: String? = executable([
        ProcessInfo.processInfo.environment["KLAXON_BINARY"], TestServer.repositoryRoot + "/.build/debug/klaxon",
    ])

    /// Alertmanager: `$ALERTMANAGER_BINARY`, then `prometheus-alertmanager` (Debian's name) or `alertmanager` on
    /// `$PATH`, then where `scripts/install-references.sh` unpacks it. Debian's build exits at start without its
    /// templates in /usr/share/prometheus/alertmanager (`install-references.sh` copies them there when it can),
    /// so without them Debian's binary counts as missing.
    static let alertmanager: String? = {
        let debianTemplates = "/usr/share/prometheus/alertmanager/default.tmpl"
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let onPath = ["prometheus-alertmanager", "alertmanager"].flatMap { name in path.map { $0 + "/" + name } }
        let explicit = ProcessInfo.processInfo.environment["ALERTMANAGER_BINARY"]
        let debian =
            FileManager.default.fileExists(atPath: debianTemplates)
            ? onPath + [TestServer.repositoryRoot + "/.references/root/usr/bin/prometheus-alertmanager"]
            : onPath.filter { $0.hasSuffix("/alertmanager") }
        return executable([explicit] + debian)
    }()

    static let missingBinary: Comment =
        "skipped: the klaxon executable is not built (run `swift build --product klaxon` or set KLAXON_BINARY)"

    private static func executable(_ candidates: [String?]) -> String? {
        candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A TCP port nobody listens on right now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw HarnessError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `condition` every 100 ms until it holds (true) or `seconds` pass (false).
    static func eventually(within seconds: Double = 60, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))  // cancelled: the next check decides
        }
        return try await condition()
    }

    /// Runs `body` with an HTTP client, shut down afterwards.
    static func withClient<T>(_ body: (TestClient) async throws -> T) async throws -> T {
        let transport = AsyncHTTPClientTransport()
        do {
            let result = try await body(TestClient(transport: transport))
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()  // the body's error is the one to report
            throw error
        }
    }

    /// Parses JSON text into Foundation values.
    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8))  // nil: not JSON, the caller's check fails
    }

    /// A JSON value that is an RFC 3339 time, in Unix milliseconds.
    static func time(_ value: Any?) -> Int64? {
        (value as? String).flatMap { unixMilliseconds($0) }
    }

    /// Parses an RFC 3339 time (with or without fractional seconds) into Unix milliseconds.
    static func unixMilliseconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A minimal HTTP client for tests (GET, POST) over Klaxon's own transport.
struct TestClient: Sendable {
    let transport: AsyncHTTPClientTransport

    func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await transport.send(KlaxonModel.HTTPRequest(url: url, timeout: .seconds(10)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func post(_ url: String, body: String = "", contentType: String = "application/x-www-form-urlencoded")
        async throws -> (status: Int, body: String)
    {
        let response = try await transport.send(
            KlaxonModel.HTTPRequest(
                method: "POST", url: url, headers: [("Content-Type", contentType)], body: Array(body.utf8),
                timeout: .seconds(10)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// GET that answers nil instead of throwing (the server may not be up yet).
    func tryGet(_ url: String) async -> (status: Int, body: String)? {
        try? await get(url)  // a refused connection means "not yet"
    }
}

/// An HTTP server on a fixed 127.0.0.1 port that a test starts, stops and starts again (a receiver going
/// down and coming back, a scrape target).
final class LiveHTTPServer: Sendable {
    let port: Int
    private let makeRouter: @Sendable () -> Router<BasicRequestContext>
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(port: Int, router: @escaping @Sendable () -> Router<BasicRequestContext>) {
        self.port = port
        makeRouter = router
    }

    /// Starts serving and returns once the port accepts requests.
    func start() async throws {
        let (started, signal) = AsyncStream<Void>.makeStream()
        var quietLogger = Logger(label: "test-server")
        quietLogger.logLevel = .critical  // stopping by cancellation logs errors that mean nothing here
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { _ in signal.yield() }, logger: quietLogger)
        let running = Task {
            // Cancellation (stop()) is how it ends; the error then says nothing.
            try? await app.runService()
            signal.finish()
        }
        task.withLock { $0 = running }
        var iterator = started.makeAsyncIterator()
        guard await iterator.next() != nil else {
            throw DaemonHarness.HarnessError("could not serve on 127.0.0.1:\(port)")
        }
    }

    /// Stops serving (connections are refused from then on).
    func stop() async {
        let running = task.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}

/// A webhook receiver: records every POSTed body.
final class WebhookReceiver: Sendable {
    let server: LiveHTTPServer
    private let received = Shared<[String]>([])

    init(port: Int) {
        let received = self.received
        server = LiveHTTPServer(port: port) {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                received.withLock { $0.append(String(buffer: body)) }
                return .ok
            }
            return router
        }
    }

    var url: String { "http://127.0.0.1:\(server.port)/hook" }
    var bodies: [String] { received.withLock { $0 } }

    /// The decoded payloads from index `from` on.
    func payloads(from: Int = 0) -> [[String: Any]] {
        bodies.dropFirst(from).compactMap { DaemonHarness.json($0) as? [String: Any] }
    }

    /// The alert entries (with the payload's status) of every payload from index `from` on.
    func alerts(from: Int = 0) -> [[String: Any]] {
        payloads(from: from).flatMap { ($0["alerts"] as? [[String: Any]]) ?? [] }
    }

    /// The first alert entry named `alertname` with `status`, from index `from` on.
    func alert(_ alertname: String, status: String, from: Int = 0) -> [String: Any]? {
        alerts(from: from).first { entry in
            (entry["labels"] as? [String: String])?["alertname"] == alertname && entry["status"] as? String == status
        }
    }
}

/// A scrape target whose counters the test drives: `http_requests_total{code="200"|"500"}` grows at every
/// scrape, the 500s only while `failing` is set.
final class ControlledTarget: Sendable {
    let server: LiveHTTPServer
    private let state = Shared<(failing: Bool, ok: Double, errors: Double)>((false, 0, 0))

    init(port: Int) {
        let state = self.state
        server = LiveHTTPServer(port: port) {
            let router = Router()
            router.get("/metrics") { _, _ -> String in
                let (ok, errors) = state.withLock { s -> (Double, Double) in
                    s.ok += 10
                    if s.failing { s.errors += 5 }
                    return (s.ok, s.errors)
                }
                return """
                    # HELP http_requests_total Requests served.
                    # TYPE http_requests_total counter
                    http_requests_total{code="200"} \(GoFloat.formatAPI(ok))
                    http_requests_total{code="500"} \(GoFloat.formatAPI(errors))

                    """
            }
            return router
        }
    }

    var address: String { "127.0.0.1:\(server.port)" }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
}

/// `klaxon serve` as a child process, its standard error in `<directory>/klaxon.log`.
final class DaemonProcess: Sendable {
    let process: Process
    let port: Int
    let logPath: String

    /// Starts `klaxon serve --config <directory>/prometheus.yml --data-dir <directory>/data` on a free port.
    init(directory: String, extraArguments: [String] = []) throws {
        let binary = try #require(DaemonHarness.binary)
        port = try DaemonHarness.freePort()
        logPath = directory + "/klaxon-\(port).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw DaemonHarness.HarnessError("cannot create \(logPath)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            [
                "serve", "--config", directory + "/prometheus.yml", "--listen", "127.0.0.1:\(port)", "--data-dir",
                directory + "/data", "--web.external-url", "http://klaxon.test:9097",
            ] + extraArguments
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    var api: String { "http://127.0.0.1:\(port)" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until `/-/ready` answers 200; false if the process exited first or it took a minute.
    func waitReady(_ client: TestClient) async -> Bool {
        await DaemonHarness.eventually {
            guard process.isRunning else { return true }
            return await client.tryGet(api + "/-/ready")?.status == 200
        } && process.isRunning
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end (a minute at most, then it is killed) and returns its status.
    func waitExit() async -> (status: Int32, signalled: Bool) {
        if !(await DaemonHarness.eventually { !process.isRunning }) {
            signal(SIGKILL)
            _ = await DaemonHarness.eventually { !process.isRunning }
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// SIGTERM, then the exit status (0 expected).
    func terminate() async -> Int32 {
        signal(SIGTERM)
        return await waitExit().status
    }

    /// The alerts of `/api/v1/alerts`.
    func alerts(_ client: TestClient) async -> [[String: Any]] {
        guard let reply = await client.tryGet(api + "/api/v1/alerts"),
            let object = DaemonHarness.json(reply.body) as? [String: Any],
            let data = object["data"] as? [String: Any]
        else { return [] }
        return (data["alerts"] as? [[String: Any]]) ?? []
    }

    /// The alert of `/api/v1/alerts` named `alertname`, if there is one.
    func alert(_ client: TestClient, _ alertname: String) async -> [String: Any]? {
        await alerts(client).first { ($0["labels"] as? [String: String])?["alertname"] == alertname }
    }

    /// The value of the first sample of `/metrics` whose line starts with `prefix` (name and labels).
    func metric(_ client: TestClient, _ prefix: String) async -> Double? {
        guard let reply = await client.tryGet(api + "/metrics") else { return nil }
        for line in reply.body.split(separator: "\n") where line.hasPrefix(prefix) {
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
        }
        return nil
    }
}

/// A value behind a lock that closures can capture (a `Mutex` cannot be copied into them).
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout sending Value) throws -> sending T) rethrows -> T { try mutex.withLock(body) }
}
