import Foundation
import KlaxonConfig
import KlaxonRuleTest
import Testing

@Suite struct RuleTestSessionTests {
    /// The test files of `Tests/Fixtures/ruletest` (rule files end in `.rules.yml`).
    static let testFiles = Fixtures.names(in: "ruletest", suffix: ".yml").filter { !$0.hasSuffix(".rules.yml") }

    /// Runs a fixture with `--coverage` and returns its exit status and output, paths made relative.
    static func run(_ name: String, configure: (inout RuleTestOptions) -> Void = { _ in }) async -> (Int32, String) {
        var options = RuleTestOptions()
        options.coverage = true
        configure(&options)
        let output = CapturedOutput()
        let summary = await RuleTestSession(options: options).run(
            files: [Fixtures.path("ruletest", name)], output: output)
        let text = output.combined.replacingOccurrences(of: Fixtures.directory.path + "/", with: "")
        return (summary.exitCode, text)
    }

    @Test("each ruletest fixture gives the golden output", arguments: testFiles)
    func golden(_ name: String) async throws {
        let (status, text) = await Self.run(name)
        let actual = "exit: \(status)\n" + text
        let golden = Fixtures.directory.appendingPathComponent("ruletest/" + name.dropLast(4) + ".out")
        if ProcessInfo.processInfo.environment["KLAXON_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test(
        "--run selects test groups by unanchored regular expressions, joined with |",
        arguments: [
            (["correct"], 1, 0), (["wrong"], 0, 1), (["^correct test$"], 1, 0), (["rect", "^wrong"], 1, 1),
            (["nothing"], 0, 0),
        ])
    func runFilter(patterns: [String], passed: Int, failed: Int) async {
        var options = RuleTestOptions()
        options.runPatterns = patterns
        let path = Fixtures.promtool.appendingPathComponent("testdata/rules_run.yml").path
        let summary = await RuleTestSession(options: options).run(files: [path], output: CapturedOutput())
        #expect(summary.passed == passed)
        #expect(summary.failed == failed)
    }

    @Test("a bad --run pattern is an error, not a crash")
    func badRunPattern() async {
        var options = RuleTestOptions()
        options.runPatterns = ["("]
        let output = CapturedOutput()
        let summary = await RuleTestSession(options: options).run(files: [], output: output)
        #expect(summary.exitCode == 1)
        #expect(output.standardError.contains("invalid --run pattern"))
    }

    @Test("a missing test file fails with Go's wording")
    func missingFile() async {
        let output = CapturedOutput()
        let summary = await RuleTestSession().run(files: ["/nonexistent/tests.yml"], output: output)
        #expect(summary.exitCode == 1)
        #expect(output.standardError.contains("open /nonexistent/tests.yml: no such file or directory"))
        #expect(summary.junit.suites.first?.errorCount == 1)
    }

    @Test("--fail-on-warnings turns a rule_files pattern without matches into a failure")
    func failOnWarnings() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }  // best effort cleanup
        let path = directory.appendingPathComponent("t.yml").path
        try "rule_files: [missing-*.yml]\ntests:\n  - input_series: []\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let plain = CapturedOutput()
        #expect(await RuleTestSession().run(files: [path], output: plain).exitCode == 0)
        #expect(plain.standardError.contains("  WARNING: no file match pattern \(directory.path)/missing-*.yml"))
        var options = RuleTestOptions()
        options.failOnWarnings = true
        #expect(await RuleTestSession(options: options).run(files: [path], output: CapturedOutput()).exitCode == 1)
    }

    @Test("--debug prints timings and the data of each test group")
    func debug() async {
        var options = RuleTestOptions()
        options.debug = true
        let output = CapturedOutput()
        let path = Fixtures.promtool.appendingPathComponent("testdata/no-test-group-interval.yml").path
        _ = await RuleTestSession(options: options).run(files: [path], output: output)
        #expect(output.standardError.contains("DEBUG: Starting test unnamed#0\n"))
        #expect(output.standardError.contains("DEBUG: Test unnamed#0 finished, took "))
        // The range is the largest eval_time plus a second, left-open: (0s, 1m1s] leaves out the sample at 0s.
        #expect(output.standardError.contains("DEBUG: Dump of all data (input_series and rules) at 1m1s:\n"))
        #expect(output.standardError.contains("{__name__=\"test\"} =>\n1 @[60000]\n"))
    }

    @Test("--diff adds promtool's complete listings")
    func fullListings() async {
        let (_, plain) = await Self.run("failures.yml")
        let (_, full) = await Self.run("failures.yml") { $0.fullListings = true }
        #expect(!plain.contains("        exp:["))
        #expect(full.contains("        exp:[\n"))
        #expect(
            full.contains("Labels:{alertname=\"InstanceDown\", instance=\"a\", job=\"api\", severity=\"critical\"}"))
    }

    @Test("colours are ANSI escapes, only when asked for")
    func colours() async {
        let (_, plain) = await Self.run("failures.yml")
        let (_, coloured) = await Self.run("failures.yml") { $0.color = true }
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[31m- "))
        #expect(coloured.contains("\u{1B}[32m+ "))
    }

    @Test("the JUnit report has one suite per file and a failure per error")
    func junit() async {
        let paths = ["failures.yml", "alerts.yml"].map { Fixtures.path("ruletest", $0) }
        let summary = await RuleTestSession().run(files: paths, output: CapturedOutput())
        let suites = summary.junit.suites
        #expect(suites.map(\.name) == paths)
        #expect(suites[0].cases.map(\.name) == ["wrong alerts", "unnamed#1"])
        #expect(suites[0].failureCount == 6)
        #expect(suites[1].failureCount == 0)
        #expect(summary.junit.xml.hasPrefix("<testsuites><testsuite name=\""))
        #expect(
            summary.junit.xml.contains(
                "<failure>    name: wrong alerts,&#xA;    alertname: InstanceDown, time: 2m, &#xA;"))
    }
}
