import KlaxonModel
import KlaxonNotify
import Testing

@testable import KlaxonServer

@Suite struct ServerConfigDecoderTests {
    @Test("the repository's prometheus.yml loads, with the rule files it names")
    func repositoryConfig() throws {
        let path = TestServer.repositoryRoot + "/monitoring/prometheus/prometheus.yml"
        let loaded = try ConfigLoader().load(.file(path))
        #expect(loaded.config.global.scrapeInterval == 15_000)
        #expect(loaded.config.global.externalLabels == Labels(["cluster": "production", "monitor": "klaxon"]))
        #expect(loaded.config.scrapeConfigs.map(\.jobName) == ["platform", "klaxon"])
        #expect(loaded.config.scrapeConfigs[0].staticConfigs[0].labels == Labels(["environment": "production"]))
        #expect(loaded.ruleFiles.count == 7)
        #expect(!loaded.groups.isEmpty)
        #expect(
            loaded.notifier.alertmanagers.map { $0.url(for: $0.targets[0]) } == ["http://127.0.0.1:9093/api/v2/alerts"])
        #expect(loaded.warnings.allSatisfy { $0.severity != .error })
    }

    @Test("unimplemented sections are warned about once each, at their first occurrence")
    func warningsOnce() {
        let text = """
            remote_write:
              - url: http://x
            scrape_configs:
              - job_name: a
                file_sd_configs: [{files: [a.json]}]
              - job_name: b
                file_sd_configs: [{files: [b.json]}]
            """
        let result = ServerConfigDecoder.decode(text, path: "p.yml")
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.map(\.description) == [
                "p.yml:1:1: warning: remote_write is not implemented by Klaxon and is ignored [config.not-implemented]",
                "p.yml:5:5: warning: scrape_configs[].file_sd_configs is not implemented by Klaxon and is ignored [config.not-implemented]",
            ])
    }

    @Test(
        "errors name file:line:col",
        arguments: [
            ("global:\n  scrape_interval: 5x\n", "c.yml:2:20: error: not a valid duration string: \"5x\""),
            (
                "scrape_configs:\n  - job_name: a\n    bogus: 1\n",
                "c.yml:3:5: error: field bogus not found in type config.ScrapeConfig"
            ),
            (
                "scrape_configs:\n  - metrics_path: /m\n",
                "c.yml:2:5: error: missing required field job_name in type config.ScrapeConfig"
            ),
            ("webhooks:\n  - send_resolved: false\n", "c.yml:2:5: error: one of url or url_file must be configured"),
            (
                "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n",
                "c.yml:4:21: error: scrape timeout greater than scrape interval for scrape config with job name \"a\""
            ),
        ] as [(String, String)])
    func errorPositions(text: String, expected: String) {
        let result = ServerConfigDecoder.decode(text, path: "c.yml")
        #expect(result.config == nil)
        #expect(result.errors.first.map { String($0.description.prefix(expected.count)) } == expected)
    }

    @Test("webhooks decode Alertmanager's field names, Klaxon's retry and credentials")
    func webhooks() throws {
        let text = """
            webhooks:
              - url: http://hooks.test/alert?token=abc
                send_resolved: false
                max_alerts: 10
                timeout: 5s
                http_config:
                  authorization:
                    credentials: s3cret
                retry:
                  max_attempts: 3
                  initial_backoff: 2s
                  max_backoff: 10s
            """
        let result = ServerConfigDecoder.decode(text, path: "w.yml")
        let hook = try #require(result.config?.webhooks.first)
        #expect(hook.url == "http://hooks.test/alert?token=abc")
        #expect(!hook.sendResolved)
        #expect(hook.maxAlerts == 10)
        #expect(hook.timeout == 5_000)
        #expect(hook.http.authorizationHeader == "Bearer s3cret")
        #expect(hook.retry == RetrySettings(maxAttempts: 3, initialBackoff: 2_000, maxBackoff: 10_000))
        let notify = ConfigLoader.notifier(try #require(result.config), extraWebhooks: [], externalURL: "")
        #expect(notify.webhooks.first?.httpConfig.authorization?.credentials == "s3cret")
        #expect(notify.webhooks.first?.retry.maxAttempts == 3)
        let redacted = ConfigRedaction.redact(text, spans: result.config?.secretSpans ?? [])
        #expect(!redacted.contains("s3cret"))
        #expect(!redacted.contains("token=abc"))
        #expect(redacted.contains("  - url: <secret>"))
        #expect(redacted.contains("credentials: <secret>"))
    }

    @Test("basic auth passwords become an Authorization header and are redacted")
    func basicAuth() throws {
        let text = """
            alerting:
              alertmanagers:
                - path_prefix: /am
                  basic_auth:
                    username: u
                    password: "p w"
                  static_configs:
                    - targets: [am:9093]
            """
        let result = ServerConfigDecoder.decode(text, path: "a.yml")
        let config = try #require(result.config)
        #expect(config.alertmanagers[0].http.authorizationHeader == "Basic " + Base64.encode(Array("u:p w".utf8)))
        let notify = ConfigLoader.notifier(config, extraWebhooks: ["http://x/hook"], externalURL: "")
        #expect(notify.webhooks.map(\.url) == ["http://x/hook"])
        #expect(notify.alertmanagers.map { $0.url(for: "am:9093") } == ["http://am:9093/am/api/v2/alerts"])
        #expect(notify.alertmanagers.first?.httpConfig.basicAuth?.password == "p w")
        #expect(ConfigRedaction.redact(text, spans: config.secretSpans).contains("password: <secret>"))
    }
}
