import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KlaxonHTTPClient
import KlaxonModel
import Logging
import NIOCore
import NIOSSL
import Testing

@testable import KlaxonServer

/// A throwaway certificate authority made with `openssl` in a temporary directory: a server certificate for
/// `localhost` and 127.0.0.1, and a client certificate, both signed by the CA, plus a self-signed ("rogue")
/// client certificate that no configured CA vouches for.
struct TestPKI {
    static let openssl = "/usr/bin/openssl"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: openssl) }
    static let unavailable: Comment = "skipped: /usr/bin/openssl is needed to make the test certificates"

    let directory: String
    var caFile: String { directory + "/ca.crt" }
    var serverCert: String { directory + "/server.crt" }
    var serverKey: String { directory + "/server.key" }
    var clientCert: String { directory + "/client.crt" }
    var clientKey: String { directory + "/client.key" }
    var rogueCert: String { directory + "/rogue.crt" }
    var rogueKey: String { directory + "/rogue.key" }

    init() throws {
        directory = try TestServer.makeDirectory()
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc"]
        try run(
            ["req", "-x509"] + ec + [
                "-keyout", directory + "/ca.key", "-out", caFile, "-days", "2", "-subj", "/CN=Klaxon test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try run(
            ["req", "-x509"] + ec + [
                "-keyout", rogueKey, "-out", rogueCert, "-days", "2", "-subj", "/CN=rogue",
                "-addext", "extendedKeyUsage=clientAuth",
            ])
        for (name, usage, names) in [
            ("server", "serverAuth", "DNS:localhost,IP:127.0.0.1"), ("client", "clientAuth", "DNS:client.test"),
        ] {
            let base = directory + "/" + name
            try run(["req"] + ec + ["-keyout", base + ".key", "-out", base + ".csr", "-subj", "/CN=" + name])
            try TestServer.write(
                "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=\(usage)\n"
                    + "subjectAltName=\(names)\n",
                to: base + ".ext")
            try run([
                "x509", "-req", "-in", base + ".csr", "-CA", caFile, "-CAkey", directory + "/ca.key",
                "-CAcreateserial", "-out", base + ".crt", "-days", "2", "-extfile", base + ".ext",
            ])
        }
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestError("openssl \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }

    /// A server configuration presenting the server certificate; `requireClientCertificate` asks for (and
    /// verifies against the CA) a client certificate.
    func serverTLS(requireClientCertificate: Bool = false) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(serverCert).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: serverKey, format: .pem)))
        if requireClientCertificate {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file(caFile)
        }
        return tls
    }
}

/// A test failure outside an expectation (a helper that could not do its job).
struct TLSTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reports the listener's address from the daemon's "server is ready" log line; drops everything else.
struct ReadyLogHandler: LogHandler {
    let ready: @Sendable (String) -> Void
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard "\(event.message)" == "server is ready to receive web requests" else { return }
        ready(event.metadata?["address"].map { "\($0)" } ?? "")
    }
}

/// Servers and clients for the TLS tests: an HTTPS scrape target, the daemon in process, an HTTPS client.
enum TLSHarness {
    /// `$KLAXON_BINARY`, else `<repository>/.build/debug/klaxon`, if it exists.
    static let binary: String? = [
        ProcessInfo.processInfo.environment["KLAXON_BINARY"], TestServer.repositoryRoot + "/.build/debug/klaxon",
    ].compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the real executable to its end; returns its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs `body` with an HTTPS server on 127.0.0.1 (an ephemeral port) that answers `GET /metrics` with `metrics`.
    static func target<T: Sendable>(
        tls: TLSConfiguration, metrics: String, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics)))
        }
        let (ports, port) = AsyncStream<Int>.makeStream()
        var quietLogger = Logger(label: "https-target")
        quietLogger.logLevel = .critical  // cancelling the server at the end logs errors that mean nothing here
        let app = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) },
            logger: quietLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Cancellation is how the server ends; its error says nothing then.
                try? await app.runService()
                port.finish()
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next(), bound > 0 else {
                group.cancelAll()
                throw TLSTestError("the HTTPS target did not start")
            }
            do {
                let result = try await body(bound)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// A `klaxon serve` daemon run in process with `webConfig` (the text of `--web.config`) on an ephemeral port:
    /// `body` gets the port once the listener is up; the daemon is cancelled afterwards.
    static func daemon<T: Sendable>(
        in directory: String, webConfig: String, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        try TestServer.write("global:\n  evaluation_interval: 1m\n", to: directory + "/prometheus.yml")
        try TestServer.write(webConfig, to: directory + "/web.yml")
        let (loaded, diagnostics) = WebConfig.load(path: directory + "/web.yml")
        let config = try #require(loaded, "web config: \(diagnostics.map(\.description))")
        var options = ServerOptions(source: .file(directory + "/prometheus.yml"))
        options.listenAddress = "127.0.0.1:0"
        let (addresses, address) = AsyncStream<String>.makeStream()
        let logger = Logger(label: "daemon") { _ in ReadyLogHandler(ready: { address.yield($0) }) }
        let runtime = ServerRuntime(options: options, logger: logger, includeProcessMetrics: false)
        let daemon = KlaxonDaemon(runtime: runtime, authenticator: WebAuthenticator(config: config))
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Cancellation is how the daemon ends here; a startup failure shows up as no port below.
                try? await daemon.run()
                address.finish()
            }
            var iterator = addresses.makeAsyncIterator()
            guard let text = await iterator.next(), let colon = text.lastIndex(of: ":"),
                let port = Int(text[text.index(after: colon)...])
            else {
                group.cancelAll()
                throw TLSTestError("the daemon did not start")
            }
            do {
                let result = try await body(port)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
        await runtime.shutdown()
        return result
    }

    /// Which certificate a test client presents.
    enum ClientCertificate: String, Sendable, CaseIterable {
        case none, signedByCA, selfSigned
    }

    /// An HTTPS client trusting the test CA, presenting `certificate`.
    static func client<T>(
        _ pki: TestPKI, certificate: ClientCertificate, _ body: (AsyncHTTPClientTransport) async throws -> T
    ) async throws -> T {
        let (cert, key) =
            switch certificate {
            case .none: ("", "")
            case .signedByCA: (pki.clientCert, pki.clientKey)
            case .selfSigned: (pki.rogueCert, pki.rogueKey)
            }
        let base = AsyncHTTPClientTransport()
        let client = base.withTLS(AsyncHTTPClientTransport.TLSOptions(caFile: pki.caFile, certFile: cert, keyFile: key))
        do {
            let result = try await body(client)
            try await base.shutdown()
            return result
        } catch {
            try? await base.shutdown()  // the body's error is the one to report
            throw error
        }
    }
}
