import KlaxonModel
import KlaxonScrape
import Testing

@testable import KlaxonServer

/// Decoding `tls_server_config` (web config) and `scrape_configs[].tls_config`: what is honoured, what is
/// refused, and what is warned about, with file:line:col. No files are read here.
@Suite struct TLSConfigTests {
    @Test("tls_server_config decodes with exporter-toolkit's defaults and resolves paths against the file")
    func decodes() throws {
        let text = """
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /etc/klaxon/server.key
              client_auth_type: RequireClientCert
              client_ca: "-----BEGIN CERTIFICATE-----"
              prefer_server_cipher_suites: false
            """
        let (config, diagnostics) = WebConfig.decode(text, path: "conf/web.yml")
        #expect(diagnostics.isEmpty)
        let tls = try #require(config?.tls)
        #expect(tls.certificate == .file("conf/tls/server.crt"))
        #expect(tls.privateKey == .file("/etc/klaxon/server.key"))
        #expect(tls.clientCA == .inline("-----BEGIN CERTIFICATE-----"))
        #expect(tls.clientAuth == .requireAnyClientCert)
        #expect(tls.minVersion == .tls12)
        #expect(tls.maxVersion == .tls13)
        #expect(config?.requiresAuthentication == false)
    }

    @Test(
        "tls_server_config without certificate, key, client CA or client auth leaves TLS off (with a warning)",
        arguments: [
            ("tls_server_config: {}\n", []),
            ("", []),
            (
                "tls_server_config:\n  min_version: TLS13\n",
                [
                    "web.yml:2:3: warning: tls_server_config sets none of cert, key, client_ca or client_auth_type: TLS is disabled [config.tls-disabled]"
                ]
            ),
        ] as [(String, [String])])
    func disabled(text: String, expected: [String]) throws {
        let (config, diagnostics) = WebConfig.decode(text, path: "web.yml")
        #expect(diagnostics.map(\.description) == expected)
        #expect(try #require(config).tls == nil)
    }

    @Test(
        "invalid tls_server_config settings are errors at their location",
        arguments: [
            ("  key_file: k\n", "web.yml:2:3: error: missing one of cert or cert_file"),
            ("  cert_file: c\n", "web.yml:2:3: error: missing one of key or key_file"),
            ("  cert: c\n  key: k\n  client_auth_type: Sometimes\n", "web.yml:4:21: error: invalid ClientAuth: Sometimes"),
            ("  cert: c\n  key: k\n  min_version: TLS14\n", "web.yml:4:16: error: unknown TLS version: TLS14"),
            (
                "  cert: c\n  key: k\n  min_version: TLS13\n  max_version: TLS12\n",
                "web.yml:4:16: error: min_version TLS13 is greater than max_version TLS12"
            ),
            (
                "  cert: c\n  key: k\n  client_ca_file: ca\n",
                "web.yml:2:3: error: client CA's have been configured without a Client Auth Policy"
            ),
            (
                "  cert: c\n  key: k\n  client_auth_type: RequireAndVerifyClientCert\n  client_allowed_sans: [a.example]\n",
                "web.yml:5:24: error: client_allowed_sans is not implemented by Klaxon: refusing to serve without the restriction"
            ),
            ("  cert: c\n  bogus: 1\n", "web.yml:3:3: error: field bogus not found in type web.TLSConfig"),
        ] as [(String, String)])
    func errors(body: String, expected: String) {
        let (config, diagnostics) = WebConfig.decode("tls_server_config:\n" + body, path: "web.yml")
        #expect(config == nil)
        #expect(diagnostics.map(\.description).contains { $0.hasPrefix(expected) }, "\(diagnostics)")
    }

    @Test("cipher_suites and curve_preferences are warned about; http_server_config still is")
    func warnings() throws {
        let text = """
            tls_server_config:
              cert_file: c
              key_file: k
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
              curve_preferences: [X25519]
            http_server_config:
              http2: false
            """
        let (config, diagnostics) = WebConfig.decode(text, path: "web.yml")
        #expect(config?.tls != nil)
        #expect(
            diagnostics.map(\.description) == [
                "web.yml:6:1: warning: http_server_config is not implemented by Klaxon and is ignored [config.not-implemented]",
                "web.yml:4:3: warning: tls_server_config.cipher_suites is not implemented by Klaxon and is ignored: BoringSSL's defaults are used [config.not-implemented]",
                "web.yml:5:3: warning: tls_server_config.curve_preferences is not implemented by Klaxon and is ignored: BoringSSL's defaults are used [config.not-implemented]",
            ])
    }

    @Test("notifier tls_config keys the HTTP client cannot honour are warned at their location, and files resolve beside the config")
    func notifierTLSWarnings() throws {
        let text = """
            alerting:
              alertmanagers:
                - static_configs: [{targets: ["am:9093"]}]
                  tls_config: {ca_file: ca.pem, server_name: am.internal}
            webhooks:
              - url: https://hooks.example/x
                http_config:
                  tls_config: {min_version: TLS13}
            scrape_configs:
              - job_name: s
                tls_config: {ca_file: certs/ca.pem}
                static_configs: [{targets: ["a:443"]}]
            """
        let result = ServerConfigDecoder.decode(text, path: "/etc/klaxon/p.yml")
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.map(\.description) == [
                "/etc/klaxon/p.yml:4:37: warning: alerting.alertmanagers[].tls_config.server_name is not implemented by Klaxon's notifier and is ignored: the certificate is verified against the target's host, which is also sent as SNI [config.not-implemented]",
                "/etc/klaxon/p.yml:8:20: warning: webhooks[].http_config.tls_config.min_version is not implemented by Klaxon's notifier and is ignored: the TLS library's default versions are accepted [config.not-implemented]",
            ])
        #expect(result.config?.alertmanagers.first?.http.tls.caFile == "/etc/klaxon/ca.pem")
        #expect(result.config?.scrapeConfigs.first?.http.tls.caFile == "/etc/klaxon/certs/ca.pem")
    }

    @Test("scrape tls_config maps to ScrapeTLS; only keys the scraper cannot honour are warned about, once each")
    func scrapeTLS() throws {
        let text = """
            scrape_configs:
              - job_name: a
                scheme: https
                tls_config:
                  ca_file: /ca.pem
                  cert_file: /c.pem
                  key_file: /k.pem
                  server_name: internal.example
                  insecure_skip_verify: true
                static_configs: [{targets: ["a:443"]}]
              - job_name: b
                tls_config: {server_name: other.example, min_version: TLS13}
            """
        let result = ServerConfigDecoder.decode(text, path: "p.yml")
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.map(\.description) == [
                "p.yml:8:7: warning: scrape_configs[].tls_config.server_name is not implemented by Klaxon's scraper and is ignored: the certificate is verified against the target's host, which is also sent as SNI [config.not-implemented]",
                "p.yml:12:46: warning: scrape_configs[].tls_config.min_version is not implemented by Klaxon's scraper and is ignored: the TLS library's default versions are accepted [config.not-implemented]",
            ])
        let settings = try #require(result.config?.scrapeConfigs.first)
        let job = try settings.scrapeJob()
        #expect(
            job.config.tls
                == ScrapeTLS(
                    caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem", serverName: "internal.example",
                    insecureSkipVerify: true))
        let plain = ServerConfigDecoder.decode("scrape_configs:\n  - job_name: c\n", path: "p.yml")
        #expect(try plain.config?.scrapeConfigs.first?.scrapeJob().config.tls == nil)
    }
}
