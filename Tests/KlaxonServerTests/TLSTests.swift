import Foundation
import KlaxonHTTPClient
import KlaxonModel
import KlaxonScrape
import KlaxonStorage
import Testing

@testable import KlaxonServer

/// TLS end to end with real handshakes: scrapes of HTTPS targets (`scrape_configs[].tls_config`) and the
/// daemon's HTTPS listener (`tls_server_config` in `--web.config`). Certificates are made with openssl per test.
@Suite(.enabled(if: TestPKI.isAvailable, TestPKI.unavailable))
struct TLSTests {
    /// One scrape of an HTTPS target: how the target asks for client certificates, the job's `tls_config`
    /// lines, and the error expected (nil: the scrape succeeds).
    struct ScrapeCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        var requireClientCertificate = false
        let tlsConfig: @Sendable (TestPKI) -> String
        let failure: String?
    }

    static let scrapeCases: [ScrapeCase] = [
        ScrapeCase(
            testDescription: "ca_file trusts the target", tlsConfig: { "ca_file: \($0.caFile)" }, failure: nil),
        ScrapeCase(
            testDescription: "without tls_config the system trust store refuses the test CA", tlsConfig: { _ in "" },
            failure: "CERTIFICATE_VERIFY_FAILED"),
        ScrapeCase(
            testDescription: "insecure_skip_verify accepts the target",
            tlsConfig: { _ in "insecure_skip_verify: true" }, failure: nil),
        ScrapeCase(
            testDescription: "a client certificate satisfies a target that requires one",
            requireClientCertificate: true,
            tlsConfig: { "{ca_file: \($0.caFile), cert_file: \($0.clientCert), key_file: \($0.clientKey)}" },
            failure: nil),
        ScrapeCase(
            testDescription: "without a client certificate a target that requires one refuses the scrape",
            requireClientCertificate: true, tlsConfig: { "ca_file: \($0.caFile)" }, failure: "CERTIFICATE_REQUIRED"),
    ]

    @Test("scraping an HTTPS target", arguments: scrapeCases)
    func scrape(_ scrapeCase: ScrapeCase) async throws {
        let pki = try TestPKI()
        let serverTLS = try pki.serverTLS(requireClientCertificate: scrapeCase.requireClientCertificate)
        try await TLSHarness.target(tls: serverTLS, metrics: "secure_metric 7\n") { port in
            let tls = scrapeCase.tlsConfig(pki)
            let config = """
                scrape_configs:
                  - job_name: secure
                    scheme: https
                    static_configs:
                      - targets: ["127.0.0.1:\(port)"]
                \(tls.isEmpty ? "" : "    tls_config: " + (tls.hasPrefix("{") ? tls : "\n      " + tls))
                """
            let transport = AsyncHTTPClientTransport()
            let server = try TestServer.make(config: config, transport: transport)
            try await server.runtime.loadInitialConfiguration()
            let loop = try #require(await server.runtime.scrapes.loops().first)
            let outcome = try await loop.scrape(at: server.time.now())
            let stored = try server.runtime.storage.select(
                [.equal("__name__", "secure_metric")], mint: .min, maxt: .max)
            await server.runtime.shutdown()
            try await transport.shutdown()
            if let failure = scrapeCase.failure {
                let error = try #require(outcome.error)
                #expect(error.contains(failure), "\(error)")
                #expect(stored.isEmpty)
            } else {
                #expect(outcome.error == nil)
                #expect(stored.first?.points.map(\.v) == [7])
            }
        }
    }

    @Test("the listener serves /-/healthy over HTTPS with tls_server_config (paths relative to the web config)")
    func listener() async throws {
        let pki = try TestPKI()
        let web = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n"
        let (status, body) = try await TLSHarness.daemon(in: pki.directory, webConfig: web) { port in
            try await TLSHarness.client(pki, certificate: .none) { client in
                let response = try await client.send(
                    KlaxonModel.HTTPRequest(url: "https://127.0.0.1:\(port)/-/healthy", timeout: .seconds(10)))
                return (response.status, String(decoding: response.body, as: UTF8.self))
            }
        }
        #expect(status == 200)
        #expect(body == "Klaxon Server is Healthy.\n")
    }

    /// Which clients each `client_auth_type` admits: none, one with a CA-signed certificate, one with a
    /// self-signed certificate (Go's `tls.ClientAuthType` semantics).
    static let admitted: [(WebTLSConfig.ClientAuth, [TLSHarness.ClientCertificate])] = [
        (.noClientCert, [.none, .signedByCA, .selfSigned]),
        (.requestClientCert, [.none, .signedByCA, .selfSigned]),
        (.requireAnyClientCert, [.signedByCA, .selfSigned]),
        (.verifyClientCertIfGiven, [.none, .signedByCA]),
        (.requireAndVerifyClientCert, [.signedByCA]),
    ]

    @Test("client_auth_type admits the clients Go's ClientAuthType does", arguments: admitted)
    func clientAuth(_ mode: WebTLSConfig.ClientAuth, admitted: [TLSHarness.ClientCertificate]) async throws {
        let pki = try TestPKI()
        let web = """
            tls_server_config:
              cert_file: \(pki.serverCert)
              key_file: \(pki.serverKey)
              client_auth_type: \(mode.rawValue)
            \(mode == .noClientCert ? "" : "  client_ca_file: ca.crt")
            """
        let served = try await TLSHarness.daemon(in: pki.directory, webConfig: web) { port in
            var served: [TLSHarness.ClientCertificate] = []
            for certificate in TLSHarness.ClientCertificate.allCases {
                let status = try await TLSHarness.client(pki, certificate: certificate) { client in
                    // A refused handshake is the outcome under test, not an error of the test.
                    try? await client.send(
                        KlaxonModel.HTTPRequest(url: "https://127.0.0.1:\(port)/-/healthy", timeout: .seconds(10))
                    ).status
                }
                if status == 200 { served.append(certificate) }
            }
            return served
        }
        #expect(served == admitted)
    }

    @Test(
        "certificate and key problems are startup errors at the key's line",
        arguments: [
            ("key_file: missing.key", "web.yml:3:13: error: failed to read key_file"),
            ("key_file: client.key", "web.yml:3:13: error: failed to load X509KeyPair: the private key does not match"),
            ("key_file: ca.crt", "web.yml:3:13: error: failed to load X509KeyPair: cannot parse the private key"),
        ])
    func badFiles(keyLine: String, expected: String) throws {
        let pki = try TestPKI()
        let path = pki.directory + "/web.yml"
        try TestServer.write("tls_server_config:\n  cert_file: server.crt\n  \(keyLine)\n", to: path)
        let (config, diagnostics) = WebConfig.load(path: path)
        #expect(config == nil)
        let rendered = diagnostics.map { $0.description.replacingOccurrences(of: pki.directory + "/", with: "") }
        #expect(rendered.count == 1)
        #expect(rendered.first?.hasPrefix(expected) == true, "\(rendered)")
    }

    @Test(
        "klaxon serve stops at startup with exit status 1 and the location when the key cannot be used",
        .enabled(if: TLSHarness.binary != nil, "skipped: the klaxon executable is not built"),
        arguments: ["key_file: missing.key", "key_file: client.key"])
    func startupError(keyLine: String) throws {
        let pki = try TestPKI()
        try TestServer.write("global:\n  evaluation_interval: 1m\n", to: pki.directory + "/prometheus.yml")
        try TestServer.write("tls_server_config:\n  cert_file: server.crt\n  \(keyLine)\n", to: pki.directory + "/web.yml")
        let (status, stderr) = try TLSHarness.run([
            "serve", "--config", pki.directory + "/prometheus.yml", "--web.config", pki.directory + "/web.yml",
            "--listen", "127.0.0.1:0",
        ])
        #expect(status == 1)
        #expect(stderr.contains(pki.directory + "/web.yml:3:13: error: failed to "), "\(stderr)")
        #expect(stderr.contains("error loading web config"), "\(stderr)")
    }
}
