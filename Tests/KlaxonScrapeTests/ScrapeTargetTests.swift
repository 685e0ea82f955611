import KlaxonModel
import Testing

@testable import KlaxonScrape

/// Target labels, URLs and errors (Prometheus's `PopulateLabels` and `Target.URL`).
@Suite struct ScrapeTargetTests {
    static let config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(30), scrapeTimeout: .seconds(10))

    static func make(
        _ targetLabels: Labels, group: Labels = Labels(), config: ScrapeConfig = ScrapeTargetTests.config
    ) throws(TargetError) -> ScrapeTarget? {
        let discovered = ScrapeTarget.discoveredLabels(targetLabels: targetLabels, groupLabels: group, config: config)
        // The configs in these tests are valid.
        let relabeler = (try? Relabeler(config.relabelConfigs)) ?? Relabeler()
        return try ScrapeTarget.make(discoveredLabels: discovered, config: config, relabeler: relabeler)
    }

    @Test("discovered labels get the job's defaults; target labels win over group labels")
    func discoveredLabels() {
        var config = Self.config
        config.params = ["module": ["icmp"]]
        let labels = ScrapeTarget.discoveredLabels(
            targetLabels: ["__address__": "a:1", "env": "target"], groupLabels: ["env": "group", "team": "x"],
            config: config)
        #expect(
            labels == [
                "__address__": "a:1", "env": "target", "team": "x", "job": "node", "__scrape_interval__": "30s",
                "__scrape_timeout__": "10s", "__metrics_path__": "/metrics", "__scheme__": "http",
                "__param_module": "icmp",
            ])
    }

    @Test("after relabelling, meta labels go, instance defaults to the address, __ labels stay internal")
    func populate() throws {
        var config = Self.config
        config.relabelConfigs = [
            RelabelConfig(sourceLabels: ["__meta_zone"], targetLabel: "zone"),
            RelabelConfig(targetLabel: "__metrics_path__", replacement: "/probe"),
        ]
        let target = try #require(try Self.make(["__address__": "a:1", "__meta_zone": "eu"], config: config))
        #expect(target.labels == ["instance": "a:1", "job": "node", "zone": "eu"])
        #expect(!target.allLabels.has("__meta_zone"))
        #expect(target.allLabels["__metrics_path__"] == "/probe")
        #expect(target.scrapeURL == "http://a:1/probe")
        #expect(target.discoveredLabels["__meta_zone"] == "eu")
        #expect(target.status.health == .unknown)
        #expect(target.status.lastScrape == nil)
    }

    @Test("relabelling can set the interval, timeout, scheme and parameters per target")
    func perTargetSettings() throws {
        var config = Self.config
        config.relabelConfigs = [
            RelabelConfig(targetLabel: "__scrape_interval__", replacement: "1m"),
            RelabelConfig(targetLabel: "__scrape_timeout__", replacement: "45s"),
            RelabelConfig(targetLabel: "__scheme__", replacement: "https"),
            RelabelConfig(sourceLabels: ["__address__"], targetLabel: "__param_target"),
            RelabelConfig(targetLabel: "__address__", replacement: "blackbox:9115"),
            RelabelConfig(sourceLabels: ["__param_target"], targetLabel: "instance"),
        ]
        config.params = ["module": ["http_2xx"]]
        let target = try #require(try Self.make(["__address__": "example.com/x y"], config: config))
        #expect(target.scrapeInterval == .seconds(60))
        #expect(target.scrapeTimeout == .seconds(45))
        #expect(target.scrapeURL == "https://blackbox:9115/metrics?module=http_2xx&target=example.com%2Fx+y")
        #expect(target.labels == ["instance": "example.com/x y", "job": "node"])
    }

    @Test(
        "invalid targets are reported with Prometheus's messages",
        arguments: [
            (RelabelConfig(targetLabel: "__address__", replacement: ""), "no address"),
            (RelabelConfig(targetLabel: "__address__", replacement: "a/b"), #""a/b" is not a valid hostname"#),
            (
                RelabelConfig(targetLabel: "__scrape_interval__", replacement: "5x"),
                #"error parsing scrape interval: not a valid duration string: "5x""#
            ),
            (RelabelConfig(targetLabel: "__scrape_interval__", replacement: "0s"), "scrape interval cannot be 0"),
            (RelabelConfig(targetLabel: "__scrape_timeout__", replacement: "0"), "scrape timeout cannot be 0"),
            (
                RelabelConfig(targetLabel: "__scrape_timeout__", replacement: "1m"),
                #"scrape timeout cannot be greater than scrape interval ("1m" > "30s")"#
            ),
        ])
    func errors(rule: RelabelConfig, message: String) {
        var config = Self.config
        config.relabelConfigs = [rule]
        let error = #expect(throws: TargetError.self) { _ = try Self.make(["__address__": "a:1"], config: config) }
        #expect(error?.message == message)
    }

    @Test("a target dropped by relabelling yields nil")
    func dropped() throws {
        var config = Self.config
        config.relabelConfigs = [RelabelConfig(sourceLabels: ["__address__"], regex: "keep.*", action: .keep)]
        #expect(try Self.make(["__address__": "other:1"], config: config) == nil)
        #expect(try Self.make(["__address__": "keep:1"], config: config) != nil)
    }

    @Test(
        "paths are escaped like Go's url.URL",
        arguments: [
            ("/metrics", "/metrics"), ("metrics", "/metrics"), ("/a b/c", "/a%20b/c"), ("/x?y", "/x%3Fy"),
            ("/federate", "/federate"), ("/ü", "/%C3%BC"), ("/a:b@c;d=e", "/a:b@c;d=e"),
        ])
    func paths(path: String, escaped: String) {
        let labels: Labels = ["__scheme__": "http", "__address__": "h:1", "__metrics_path__": path]
        #expect(ScrapeTarget.scrapeURL(labels: labels, params: [:]) == "http://h:1" + escaped)
    }

    @Test("scrape config validation uses Prometheus's words")
    func configValidation() {
        var config = ScrapeConfig(jobName: "j", scrapeInterval: .seconds(10), scrapeTimeout: .seconds(20))
        #expect(
            throws: ScrapeConfigError(
                "scrape timeout greater than scrape interval for scrape config with job name \"j\"")
        ) {
            try config.validate()
        }
        config.scrapeTimeout = .seconds(5)
        config.metricRelabelConfigs = [RelabelConfig(action: .hashMod)]
        #expect(throws: ScrapeConfigError("relabel configuration for hashmod requires non-zero modulus")) {
            try config.validate()
        }
        config.metricRelabelConfigs = []
        config.scrapeProtocols = [.prometheusProto]
        #expect(throws: ScrapeConfigError.self) { try config.validate() }
        config.scrapeProtocols = ScrapeProtocol.defaults
        #expect(throws: Never.self) { try config.validate() }
    }
}
