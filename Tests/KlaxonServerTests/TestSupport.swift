import Foundation
import KlaxonMetrics
import KlaxonModel
import KlaxonStorage
import Logging

@testable import KlaxonServer

/// A temporary directory with a configuration and rule files, and a runtime on a manual clock.
struct TestServer {
    let directory: String
    let runtime: ServerRuntime
    let time: ManualTimeSource

    /// The repository root (three levels above this file).
    static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    static func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "klaxon-server-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A runtime reading `config` (written to `prometheus.yml`) with `files` beside it.
    static func make(
        config: String, files: [String: String] = [:], now: Timestamp = 1_000_000, dataDirectory: String? = nil,
        transport: any HTTPTransport = RecordingTransport()
    ) throws -> TestServer {
        let directory = try makeDirectory()
        for (name, text) in files { try write(text, to: directory + "/" + name) }
        try write(config, to: directory + "/prometheus.yml")
        var options = ServerOptions(source: .file(directory + "/prometheus.yml"))
        options.externalURL = "http://klaxon.test"
        options.dataDirectory = dataDirectory
        let time = ManualTimeSource(now: now)
        let runtime = ServerRuntime(
            options: options, time: time, logger: Logger(label: "test"), transport: transport,
            includeProcessMetrics: false)
        return TestServer(directory: directory, runtime: runtime, time: time)
    }

    /// Appends `value` for `labels` at every step from `start` to `end`.
    func load(_ labels: Labels, from start: Timestamp, to end: Timestamp, step: Int64, value: (Timestamp) -> Double)
        throws
    {
        var t = start
        while t <= end {
            try runtime.storage.append(labels, t: t, v: value(t))
            t += step
        }
    }
}

/// An `HTTPTransport` that records requests and answers from a script.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    // SAFETY: every access to `requests` and `statuses` holds `lock`.
    private let lock = NSLock()
    private var requests: [HTTPRequest] = []
    private var statuses: [Int]
    private let body: String

    /// Answers with `statuses` in turn (then 200), each with `body` (`text/plain` exposition for scrapes).
    init(statuses: [Int] = [], body: String = "") {
        self.statuses = statuses
        self.body = body
    }

    var recorded: [HTTPRequest] { lock.withLock { requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let status = lock.withLock { () -> Int in
            requests.append(request)
            return statuses.isEmpty ? 200 : statuses.removeFirst()
        }
        return HTTPResponse(
            status: status, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
            body: Array(body.utf8))
    }
}
