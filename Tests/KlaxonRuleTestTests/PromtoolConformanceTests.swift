import Foundation
import KlaxonConfig
import KlaxonRuleTest
import Testing

/// One row of section A of `conformance/promtool/MANIFEST`: a `promtool test rules` invocation and the exit
/// status upstream expects.
struct ManifestCase: Sendable, CustomTestStringConvertible {
    var number: Int
    var files: [String]
    var options: String
    var exitCode: Int32

    var testDescription: String { "#\(number) \(files.joined(separator: " ")) [\(options)]" }

    /// Parses the table rows of section A. Case 14 names its files in parentheses.
    static func all() -> [ManifestCase] {
        let url = Fixtures.promtool.appendingPathComponent("MANIFEST")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }  // no data: no cases
        var cases: [ManifestCase] = []
        var inSectionA = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("A. ") { inSectionA = true }
            if line.hasPrefix("B. ") { inSectionA = false }
            guard inSectionA, line.hasPrefix("| "), !line.hasPrefix("| #"), !line.hasPrefix("|--") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5, let number = Int(cells[1]), let exit = Int32(cells[4]) else { continue }
            var files: [String] = []
            if let file = cells[2].split(separator: " ").first, file.hasPrefix("testdata/") {
                files = [String(file)]
            } else if let open = cells[2].firstIndex(of: "("), let close = cells[2].lastIndex(of: ")") {
                files = cells[2][cells[2].index(after: open)..<close].split(separator: ",").map {
                    "testdata/" + $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "and ", with: "")
                        + ".yml"
                }
            }
            cases.append(ManifestCase(number: number, files: files, options: cells[3], exitCode: exit))
        }
        return cases
    }

    /// The options column as run settings: `default` is upstream's harness (@ and negative offsets off).
    var runOptions: RuleTestOptions {
        var options = RuleTestOptions()
        options.modifiers = QueryModifiers(
            atModifier: self.options.contains("+at"), negativeOffset: self.options.contains("+negoffset"))
        options.ignoreUnknownFields = self.options.contains("+ignore-unknown")
        options.runPatterns = self.options.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("run=") }.map { String($0.dropFirst(4)) }
        return options
    }
}

@Suite struct PromtoolConformanceTests {
    @Test("the MANIFEST lists all 22 test-rules cases")
    func manifestParses() {
        let cases = ManifestCase.all()
        #expect(cases.count == 22)
        #expect(cases.allSatisfy { !$0.files.isEmpty })
        #expect(cases.first { $0.number == 14 }?.files.count == 4)
    }

    @Test("each MANIFEST case exits as upstream expects", arguments: ManifestCase.all())
    func manifestCase(_ testCase: ManifestCase) async throws {
        let output = CapturedOutput()
        let paths = testCase.files.map { Fixtures.promtool.appendingPathComponent($0).path }
        let summary = await RuleTestSession(options: testCase.runOptions).run(files: paths, output: output)
        if testCase.number == 1 {
            // Known deviation: Klaxon has no native histograms, and says so instead of comparing them.
            #expect(summary.exitCode == 1)
            #expect(output.standardError.contains("native histograms are not supported"))
            return
        }
        #expect(summary.exitCode == testCase.exitCode, "\(output.combined)")
        if testCase.number == 14 {
            let suites = summary.junit.suites
            #expect(suites.count == 4)
            #expect(suites.allSatisfy { !$0.cases.isEmpty })
            #expect(suites.contains { $0.failureCount > 0 })
            #expect(summary.junit.xml.components(separatedBy: "<testsuite ").count - 1 == 4)
            #expect(suites.flatMap(\.cases).contains { $0.name.hasPrefix("unnamed#") })
        }
    }

    @Test(
        "the CLI's settings turn on @ and negative offsets",
        arguments: ["at-modifier-test.yml", "negative-offset-test.yml"])
    func cliEnablesModifiers(_ name: String) async {
        let path = Fixtures.promtool.appendingPathComponent("testdata/" + name).path
        let summary = await RuleTestSession().run(files: [path], output: CapturedOutput())
        #expect(summary.exitCode == 0)
    }

    @Test(
        "check rules on the MANIFEST extras",
        arguments: [
            ("rules.yml", [String](), Int32(0)),
            ("prometheus-rules.lint.yml", ["duplicate-rules", "fatal"], 3),
            ("prometheus-rules.lint.yml", ["duplicate-rules"], 0),
            ("rules_duplicates.yml", ["duplicate-rules"], 0),
            ("features.yml", [], 0),
            ("bad-rules-syntax.yml", [], 1),
        ])
    func checkRules(name: String, flags: [String], exitCode: Int32) {
        var options = RuleCheckSession.Options()
        options.lint = flags.contains("duplicate-rules") ? "duplicate-rules" : "none"
        options.lintFatal = flags.contains("fatal")
        let output = CapturedOutput()
        let path = Fixtures.promtool.appendingPathComponent("testdata/" + name).path
        let status = RuleCheckSession(options: options).run(files: [path], output: output)
        #expect(status == exitCode, "\(output.combined)")
        #expect(output.standardOutput.hasPrefix("Checking \(path)\n"))
    }

    @Test("rules_duplicates.yml reports exactly one duplicate, with empty labels")
    func oneDuplicate() throws {
        let path = Fixtures.promtool.appendingPathComponent("testdata/rules_duplicates.yml").path
        let file = RuleFileLoader().load(path: path)
        let duplicates = DuplicateRules.find(in: file.groups)
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.metric == "job:test:count_over_time1m")
        #expect(duplicates.first?.labels.isEmpty == true)
        #expect(duplicates.first?.occurrences.count == 3)
        let output = CapturedOutput()
        _ = RuleCheckSession().run(files: [path], output: output)
        #expect(
            output.standardError == """
                  FAILED:
                lint error 1 duplicate rule(s) found.
                Metric: job:test:count_over_time1m
                Label(s):
                Might cause inconsistency while recording expressions

                """)
    }

    @Test("rules-bad.yml fails: its template reads $label.foo")
    func badTemplate() {
        let path = Fixtures.promtool.appendingPathComponent("testdata/rules-bad.yml").path
        let output = CapturedOutput()
        let status = RuleCheckSession().run(files: [path], output: output)
        #expect(status == 1)
        #expect(
            output.standardError == """
                  FAILED:
                \(path): group "alerts", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:1: \
                undefined variable "$label"

                """)
    }
}
