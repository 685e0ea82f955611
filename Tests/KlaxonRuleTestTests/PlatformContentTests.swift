import Foundation
import KlaxonConfig
import KlaxonMetrics
import KlaxonModel
import KlaxonPromQL
import KlaxonRuleTest
import KlaxonYAML
import Testing

/// The alerting content the repository ships (`rules/`, `fixtures/`, `monitoring/`): every fixture passes under
/// Klaxon and, when Debian's promtool is installed, under promtool too; every alert is tested firing and
/// quiet; every expression parses and reads only metrics the platform registry exports.
@Suite struct PlatformContentTests {
    static let root = Fixtures.repositoryRoot

    static func files(_ folder: String, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []  // missing: no cases
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }

    static let fixtureFiles = files("fixtures", suffix: ".yml")
    static let ruleFiles = files("rules", suffix: ".yml")

    /// A reference program from PATH (scripts/test.sh puts Debian's unpacked packages there).
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func runTool(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the repository ships rules and fixtures")
    func present() {
        #expect(Self.ruleFiles.count >= 7)
        #expect(Self.fixtureFiles.count >= 7)
    }

    @Test("every fixture passes under klaxon test rules", arguments: fixtureFiles)
    func klaxonPasses(file: String) async {
        let output = CapturedOutput()
        var options = RuleTestOptions()
        options.coverage = true
        let summary = await RuleTestSession(options: options).run(files: [Self.root.appendingPathComponent(file).path], output: output)
        #expect(summary.exitCode == 0, "\(output.combined)")
        #expect(summary.failed == 0)
        #expect(summary.passed > 0)
    }

    @Test("every fixture passes under promtool too", .enabled(if: tool("promtool") != nil, "promtool not installed"), arguments: fixtureFiles)
    func promtoolPasses(file: String) throws {
        let promtool = try #require(Self.tool("promtool"))
        let result = try Self.runTool(promtool, ["test", "rules", file])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("together the fixtures exercise every rule and see every alert fire")
    func coverage() async throws {
        let output = CapturedOutput()
        var options = RuleTestOptions()
        options.coverage = true
        let summary = await RuleTestSession(options: options).run(
            files: Self.fixtureFiles.map { Self.root.appendingPathComponent($0).path }, output: output)
        let report = try #require(summary.coverage)
        #expect(report.untested.isEmpty, "\(output.combined)")
        #expect(report.neverFiring.isEmpty, "\(output.combined)")
    }

    /// alertname → (has a test expecting it to fire, has a test expecting no alert).
    static func alertTestKinds() throws -> [String: (fires: Bool, quiet: Bool)] {
        var kinds: [String: (fires: Bool, quiet: Bool)] = [:]
        for file in fixtureFiles {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            guard let document = try YAML.parse(text, file: file) else { continue }
            for test in document["tests"]?.sequence?.items ?? [] {
                for check in test["alert_rule_test"]?.sequence?.items ?? [] {
                    guard let name = check["alertname"]?.scalar?.value else { continue }
                    let expected = check["exp_alerts"]?.sequence?.items ?? []
                    var kind = kinds[name] ?? (false, false)
                    if expected.isEmpty { kind.quiet = true } else { kind.fires = true }
                    kinds[name] = kind
                }
            }
        }
        return kinds
    }

    static func alertingRules() throws -> [(name: String, labels: [String: String], annotations: [String: String], expr: String)] {
        var rules: [(String, [String: String], [String: String], String)] = []
        for file in ruleFiles {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            guard let document = try YAML.parse(text, file: file) else { continue }
            for group in document["groups"]?.sequence?.items ?? [] {
                for rule in group["rules"]?.sequence?.items ?? [] {
                    guard let name = rule["alert"]?.scalar?.value else { continue }
                    func map(_ node: YAMLNode?) -> [String: String] {
                        var out: [String: String] = [:]
                        for pair in node?.mapping?.pairs ?? [] {
                            if let k = pair.key.scalar?.value, let v = pair.value.scalar?.value { out[k] = v }
                        }
                        return out
                    }
                    rules.append((name, map(rule["labels"]), map(rule["annotations"]), rule["expr"]?.scalar?.value ?? ""))
                }
            }
        }
        return rules
    }

    @Test("every alert has a firing and a quiet test")
    func firingAndQuiet() throws {
        let kinds = try Self.alertTestKinds()
        let alerts = try Self.alertingRules()
        #expect(alerts.count == 20)
        for alert in alerts {
            #expect(kinds[alert.name]?.fires == true, "\(alert.name) has no firing test")
            #expect(kinds[alert.name]?.quiet == true, "\(alert.name) has no quiet test")
        }
    }

    @Test("every alert has severity, summary, description and a runbook section")
    func alertHygiene() throws {
        let runbooks = try String(contentsOf: Self.root.appendingPathComponent("monitoring/README.md"), encoding: .utf8)
        let anchors = Set(runbooks.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).lowercased() })
        for alert in try Self.alertingRules() {
            #expect(["critical", "warning", "info"].contains(alert.labels["severity"] ?? ""), "\(alert.name)")
            #expect(!(alert.annotations["summary"] ?? "").isEmpty, "\(alert.name)")
            #expect((alert.annotations["description"] ?? "").contains("$value"), "\(alert.name)")
            let runbook = alert.annotations["runbook_url"] ?? ""
            #expect(runbook.contains("monitoring/README.md#"), "\(alert.name)")
            let anchor = String(runbook.split(separator: "#").last ?? "")
            #expect(anchors.contains(anchor), "\(alert.name): no runbook heading for #\(anchor)")
        }
    }

    @Test("klaxon check rules accepts the rules with all of its extra checks")
    func checkRules() {
        let output = CapturedOutput()
        var options = RuleCheckSession.Options()
        options.checks = RuleLintOptions(checks: Set(RuleCheck.allCases))
        options.failOnWarnings = true
        let status = RuleCheckSession(options: options).run(files: Self.ruleFiles.map { Self.root.appendingPathComponent($0).path }, output: output)
        #expect(status == 0, "\(output.combined)")
    }

    /// Metric names the platform exposes: the registry's families (with histogram series), scrape-made
    /// series, and the recording rules' outputs.
    static func knownMetricNames() throws -> Set<String> {
        var names: Set<String> = ["up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds", "scrape_samples_scraped"]
        for family in PlatformMetricCatalog.all {
            names.insert(family.name)
            if family.type == .histogram {
                for suffix in ["_bucket", "_sum", "_count"] { names.insert(family.name + suffix) }
            }
        }
        for file in ruleFiles {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("record:") {
                names.insert(line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return names
    }

    static func metricNames(in expr: Expr) -> [String] {
        expr.selectors.compactMap { selector in
            selector.name ?? selector.matchers.first { $0.name == WellKnown.metricName && $0.type == .equal }?.value
        }
    }

    static func dashboardExpressions() throws -> [String] {
        let data = try Data(contentsOf: root.appendingPathComponent("monitoring/grafana/dashboards/overview.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(json["panels"] as? [[String: Any]])
        return panels.flatMap { panel in ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String } }
    }

    @Test("the dashboard has 14 panels whose queries parse and read exported metrics only")
    func dashboard() throws {
        let expressions = try Self.dashboardExpressions()
        #expect(expressions.count == 14)
        let known = try Self.knownMetricNames()
        for text in expressions {
            let expr = try PromQL.parse(text)
            for name in Self.metricNames(in: expr) { #expect(known.contains(name), "\(name) in \(text)") }
        }
    }

    @Test("rule expressions read exported metrics only")
    func ruleMetrics() throws {
        let known = try Self.knownMetricNames()
        for alert in try Self.alertingRules() {
            let expr = try PromQL.parse(alert.expr)
            for name in Self.metricNames(in: expr) { #expect(known.contains(name), "\(name) in \(alert.name)") }
        }
    }

    @Test("promtool parses the dashboard queries", .enabled(if: tool("promtool") != nil, "promtool not installed"))
    func dashboardUnderPromtool() throws {
        // promtool parses expressions through `check rules`: wrap each query in a recording rule.
        var yaml = "groups:\n  - name: dashboard\n    rules:\n"
        for (i, text) in try Self.dashboardExpressions().enumerated() {
            yaml += "      - record: dashboard:panel\(i)\n        expr: \(GoQuote.quote(text))\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("klaxon-dashboard-\(UUID().uuidString).yml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }  // best-effort cleanup of a temp file
        let result = try Self.runTool(try #require(Self.tool("promtool")), ["check", "rules", url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("14 rules found"))
    }

    @Test("promtool accepts the Prometheus config", .enabled(if: tool("promtool") != nil, "promtool not installed"))
    func prometheusConfig() throws {
        let result = try Self.runTool(try #require(Self.tool("promtool")), ["check", "config", "monitoring/prometheus/prometheus.yml"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("amtool accepts the Alertmanager config", .enabled(if: tool("amtool") != nil, "amtool not installed"))
    func alertmanagerConfig() throws {
        let result = try Self.runTool(try #require(Self.tool("amtool")), ["check-config", "monitoring/alertmanager/alertmanager.yml"])
        #expect(result.status == 0, "\(result.output)")
    }
}
