import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import KlaxonServer
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `klaxon serve` process against a real webhook receiver (a Hummingbird server in this process):
/// an always-firing alert must arrive as Alertmanager's webhook payload, and SIGTERM must end the daemon
/// with status 0. Skipped, saying so, when the `klaxon` executable has not been built.
@Suite(.serialized) struct EndToEndTests {
    /// `$KLAXON_BINARY`, else `<repository>/.build/debug/klaxon`, if it exists.
    static let binary: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["KLAXON_BINARY"],
            TestServer.repositoryRoot + "/.build/debug/klaxon",
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(
        "klaxon serve sends a firing alert to a webhook and exits 0 on SIGTERM",
        .enabled(
            if: binary != nil,
            "skipped: the klaxon executable is not built (run `swift build --product klaxon` or set KLAXON_BINARY)"))
    func webhookAndShutdown() async throws {
        let binary = try #require(Self.binary)
        let (bodies, received) = AsyncStream<String>.makeStream()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            received.yield(String(buffer: body))
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let directory = try TestServer.makeDirectory()
            try TestServer.write(
                """
                global:
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                webhooks:
                  - url: http://127.0.0.1:\(port)/hook
                """, to: directory + "/prometheus.yml")
            try TestServer.write(
                """
                groups:
                  - name: e2e
                    rules:
                      - alert: AlwaysFiring
                        expr: vector(1)
                        labels: {severity: test}
                        annotations: {summary: "value {{ $value }}"}
                """, to: directory + "/rules.yml")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "serve", "--config", directory + "/prometheus.yml", "--listen", "127.0.0.1:0", "--data-dir",
                directory + "/data",
            ]
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            let (exits, exited) = AsyncStream<Int32>.makeStream()
            process.terminationHandler = { process in
                exited.yield(process.terminationStatus)
                received.finish()  // a daemon that died early ends the wait below
            }
            try process.run()
            let (first, status) = await withTaskGroup(of: (String?, Int32?)?.self) { group in
                group.addTask {
                    var iterator = bodies.makeAsyncIterator()
                    let first = await iterator.next()
                    kill(process.processIdentifier, SIGTERM)
                    var statusIterator = exits.makeAsyncIterator()
                    return (first, await statusIterator.next())
                }
                group.addTask {
                    // Safety net only: a daemon that never delivers is stopped so the test fails, not hangs.
                    try? await Task.sleep(for: .seconds(60))  // cancelled when the daemon answered in time
                    if process.isRunning { process.terminate() }
                    return nil
                }
                let result = await group.next() ?? nil
                group.cancelAll()
                return result ?? (nil, nil)
            }
            #expect(first?.contains(#""alertname":"AlwaysFiring""#) == true)
            #expect(first?.contains(#""status":"firing""#) == true)
            #expect(first?.contains(#""version":"4""#) == true)
            #expect(status == 0)
        }
    }
}
