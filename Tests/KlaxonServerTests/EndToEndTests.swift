import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import KlaxonServer

#if canImport(Glibc)
    import Glibc
#endif

/// The real `klaxon serve` process against real receivers: a webhook receiver (a Hummingbird server in this
/// process) and, when Debian's `prometheus-alertmanager` is installed, a real Alertmanager routing to that
/// receiver. An always-firing alert must arrive, and SIGTERM must end the daemon with status 0. Each test is
/// skipped, saying why, when an executable it needs is missing.
@Suite(.serialized) struct EndToEndTests {
    static let binary = DaemonHarness.binary
    static let alertmanager = DaemonHarness.alertmanager

    static let rules = """
        groups:
          - name: e2e
            rules:
              - alert: AlwaysFiring
                expr: vector(1)
                labels: {severity: test}
                annotations: {summary: "value {{ $value }}"}
        """

    @Test(
        "klaxon serve sends a firing alert to a webhook and exits 0 on SIGTERM",
        .enabled(
            if: binary != nil,
            "skipped: the klaxon executable is not built (run `swift build --product klaxon` or set KLAXON_BINARY)"))
    func webhookAndShutdown() async throws {
        let (body, status) = try await Self.withReceiver { port, directory in
            let config =
                "global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\nwebhooks:\n  - url: http://127.0.0.1:\(port)/hook\n"
            return (config, nil)
        }
        #expect(body?.contains(#""alertname":"AlwaysFiring""#) == true)
        #expect(body?.contains(#""status":"firing""#) == true)
        #expect(body?.contains(#""version":"4""#) == true)
        #expect(status == 0)
    }

    @Test(
        "klaxon serve sends alerts to a real Alertmanager, which routes them to its webhook",
        .enabled(
            if: binary != nil && alertmanager != nil,
            "skipped: needs the klaxon executable and Alertmanager (apt-get install prometheus-alertmanager)"))
    func throughAlertmanager() async throws {
        let alertmanager = try #require(Self.alertmanager)
        let amPort = try Self.freePort()
        let (body, status) = try await Self.withReceiver { port, directory in
            try TestServer.write(
                """
                route:
                  receiver: hook
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:\(port)/hook
                """, to: directory + "/alertmanager.yml")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: alertmanager)
            process.arguments = [
                "--config.file=" + directory + "/alertmanager.yml", "--storage.path=" + directory + "/am",
                "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
            ]
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            return (
                """
                global:
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:\(amPort)"]
                """, process
            )
        }
        #expect(body?.contains(#""receiver":"hook""#) == true)
        #expect(body?.contains(#""alertname":"AlwaysFiring""#) == true)
        #expect(status == 0)
    }

    /// Starts a webhook receiver, writes `rules.yml` and the configuration `makeConfig` returns (given the
    /// receiver's port and the directory; with a helper process to stop at the end), runs `klaxon serve` until
    /// the first webhook arrives, then sends SIGTERM. Returns the first body and the daemon's exit status. A
    /// 60-second watchdog stops a daemon that never delivers, so the test fails instead of hanging.
    static func withReceiver(_ makeConfig: @Sendable (Int, String) throws -> (config: String, helper: Process?))
        async throws -> (String?, Int32?)
    {
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
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            let directory = try TestServer.makeDirectory()
            try TestServer.write(Self.rules, to: directory + "/rules.yml")
            let (config, helper) = try makeConfig(port, directory)
            defer {
                helper?.terminate()
                helper?.waitUntilExit()
            }
            try TestServer.write(config, to: directory + "/prometheus.yml")
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
            return await withTaskGroup(of: (String?, Int32?)?.self) { group in
                group.addTask {
                    var iterator = bodies.makeAsyncIterator()
                    let first = await iterator.next()
                    kill(process.processIdentifier, SIGTERM)
                    var statusIterator = exits.makeAsyncIterator()
                    return (first, await statusIterator.next())
                }
                group.addTask {
                    // Safety net only; cancelled (the error ignored) as soon as the daemon has answered.
                    try? await Task.sleep(for: .seconds(60))
                    if process.isRunning { process.terminate() }
                    return nil
                }
                let result = await group.next() ?? nil
                group.cancelAll()
                return result ?? (nil, nil)
            }
        }
    }

    static func freePort() throws -> Int { try DaemonHarness.freePort() }
}
