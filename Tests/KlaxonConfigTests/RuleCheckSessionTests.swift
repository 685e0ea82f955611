import Foundation
import KlaxonModel
import Testing

@testable import KlaxonConfig

@Suite struct RuleCheckSessionTests {
    static func path(_ name: String) -> String { Fixtures.directory.appendingPathComponent("rules/" + name).path }

    static func run(_ files: [String], configure: (inout RuleCheckSession.Options) -> Void = { _ in }) -> (
        Int32, CapturedOutput
    ) {
        var options = RuleCheckSession.Options()
        configure(&options)
        let output = CapturedOutput()
        let status = RuleCheckSession(options: options).run(files: files, output: output)
        return (status, output)
    }

    @Test("promtool's exact output for valid and invalid files")
    func exactOutput() {
        let good = Self.path("api.good.yaml")
        let bad = Self.path("groups.bad.yaml")
        let (status, output) = Self.run([good, bad, good])
        #expect(status == 1)
        #expect(
            output.standardOutput == """
                Checking \(good)
                  SUCCESS: 2 rules found

                Checking \(bad)
                Checking \(good)
                  SUCCESS: 2 rules found


                """)
        #expect(
            output.standardError == """
                  FAILED:
                \(bad): 0:0: Groupname must not be empty
                \(bad): 0:0: groupname: "api" is repeated in the same file
                \(bad): invalid label name: __name__

                """)
    }

    @Test(
        "lint settings",
        arguments: [
            ("duplicate-rules", false, Int32(0), true), ("duplicate-rules", true, 3, true), ("none", true, 0, false),
            ("all", true, 3, true), ("", true, 0, false),
        ])
    func lintSettings(lint: String, fatal: Bool, status: Int32, reported: Bool) {
        let path = Self.path("duplicates.lint.yaml")
        let (actual, output) = Self.run([path]) {
            $0.lint = lint
            $0.lintFatal = fatal
        }
        #expect(actual == status)
        #expect(output.standardError.contains("lint error 1 duplicate rule(s) found.") == reported)
        #expect(output.standardOutput.contains("SUCCESS") != reported)
    }

    @Test("an unknown lint option is a warning on standard output")
    func unknownLint() {
        let (status, output) = Self.run([Self.path("api.good.yaml")]) { $0.lint = "duplicate-rules,bogus" }
        #expect(status == 0)
        #expect(output.standardOutput.hasPrefix("WARNING: unknown lint option: \"bogus\"\n"))
    }

    @Test("standard input when there are no files")
    func standardInput() {
        let output = CapturedOutput()
        let status = RuleCheckSession().run(files: [], output: output) { Array("groups: []\n".utf8) }
        #expect(status == 0)
        #expect(output.standardOutput == "Checking standard input\n  SUCCESS: 0 rules found\n\n")
    }

    @Test("the diagnostics format points at the character")
    func diagnosticsFormat() {
        let (status, output) = Self.run([Self.path("bad_expr.bad.yaml")]) { $0.format = .diagnostics }
        #expect(status == 1)
        #expect(output.standardError.contains("bad_expr.bad.yaml:5:57: error: group \"promql\", rule 1, \"plain\""))
        #expect(output.standardError.contains("   5 |         expr: sum(rate(http_requests_total[5m])) by (job\n"))
    }

    @Test("Klaxon's checks warn without changing the status, unless asked to")
    func warnings() {
        let path = Self.path("lint.good.yaml")
        let (status, output) = Self.run([path]) { $0.checks.checks = [.severity] }
        #expect(status == 0)
        #expect(
            output.standardError
                == "\(path):6:16: warning: alert \"NoSeverity\" has no \"severity\" label [lint.missing-severity]\n")
        let (failing, _) = Self.run([path]) {
            $0.checks.checks = [.severity]
            $0.failOnWarnings = true
        }
        #expect(failing == 3)
    }
}

@Suite struct FileGlobTests {
    @Test(
        "Go's filepath.Match",
        arguments: [
            ("*.yml", "rules.yml", true), ("*.yml", "a/b.yml", false), ("r?les.yml", "rules.yml", true),
            ("[a-c]*", "bob", true), ("[^a-c]*", "bob", false), ("\\*", "*", true), ("a*b*c", "axxbyyc", true),
            ("a*b", "ab/b", false), ("*", ".hidden", true), ("[\\]a]", "]", true),
        ])
    func match(pattern: String, name: String, matches: Bool) throws {
        #expect(try FileGlob.match(pattern, name) == matches)
    }

    @Test("malformed patterns", arguments: ["[", "[a-", "\\", "a[", "[z-", "[]a]"])
    func badPattern(_ pattern: String) {
        #expect(throws: FileGlob.BadPattern.self) { try FileGlob.match(pattern, "zzz") }
    }

    @Test("expansion lists matches sorted, spelled as joined paths")
    func expand() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "klaxon-glob-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }  // best effort cleanup
        for name in ["b.yml", "a.yml", "c.txt", "sub/d.yml"] {
            try "".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let base = directory.path
        #expect(try FileGlob.expand(base + "/*.yml") == [base + "/a.yml", base + "/b.yml"])
        #expect(try FileGlob.expand(base + "/*/*.yml") == [base + "/sub/d.yml"])
        #expect(try FileGlob.expand(base + "/c.txt") == [base + "/c.txt"])
        #expect(try FileGlob.expand(base + "/missing.yml").isEmpty)
        #expect(throws: FileGlob.BadPattern.self) { try FileGlob.expand(base + "/[") }
    }
}

@Suite struct GoPathTests {
    @Test(
        "clean, join and dir as Go",
        arguments: [
            ("./testdata/../x/", "x"), ("", "."), ("/a/../../b", "/b"), ("a//b/./c", "a/b/c"), ("../a", "../a"),
        ])
    func clean(path: String, cleaned: String) {
        #expect(GoPath.clean(path) == cleaned)
    }

    @Test("join and dir")
    func joinAndDir() {
        #expect(GoPath.join("testdata", "rules.yml") == "testdata/rules.yml")
        #expect(GoPath.join("", "") == "")
        #expect(GoPath.dir("./testdata/unittest.yml") == "testdata")
        #expect(GoPath.dir("unittest.yml") == ".")
        #expect(GoPath.dir("/x.yml") == "/")
        #expect(GoPath.join(GoPath.dir("unittest.yml"), "rules.yml") == "rules.yml")
    }
}
