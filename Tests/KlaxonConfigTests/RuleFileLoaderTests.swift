import KlaxonModel
import KlaxonRules
import Testing

@testable import KlaxonConfig

@Suite struct RuleFileLoaderTests {
    /// What a golden `.diagnostics` file holds: Klaxon's diagnostics, then promtool's lines.
    static func rendered(_ file: RuleFile) -> String {
        let renderer = DiagnosticRenderer(color: false, excerpts: false)
        var out = file.diagnostics.map { renderer.render($0) }
        out.append("-- promtool --")
        out += file.promtoolErrors
        return out.joined(separator: "\n") + "\n"
    }

    @Test("bad rule files give the golden diagnostics", arguments: Fixtures.names(in: "rules", suffix: ".bad.yaml"))
    func badFile(_ name: String) throws {
        let bytes = try Fixtures.data("rules", name)
        let file = RuleFileLoader().load(bytes, path: "rules/" + name)
        #expect(file.hasErrors)
        #expect(!file.diagnostics.isEmpty)
        let actual = Self.rendered(file)
        let goldenName = String(name.dropLast(".yaml".count)) + ".diagnostics"
        if Fixtures.updatingGoldens {
            try Fixtures.writeGolden("rules", goldenName, actual)
            return
        }
        let expected = try #require(Fixtures.golden("rules", goldenName), "missing golden \(goldenName)")
        #expect(actual == expected)
    }

    @Test("good rule files load without diagnostics", arguments: Fixtures.names(in: "rules", suffix: ".good.yaml"))
    func goodFile(_ name: String) throws {
        let file = RuleFileLoader().load(try Fixtures.data("rules", name), path: name)
        #expect(file.diagnostics.isEmpty)
        #expect(file.promtoolErrors.isEmpty)
        #expect(file.ruleCount > 0)
    }

    @Test("a valid file decodes every field")
    func decodesFields() throws {
        let file = RuleFileLoader().load(try Fixtures.data("rules", "api.good.yaml"), path: "api.yaml")
        let group = try #require(file.groups.first)
        #expect(group.name == "api")
        #expect(group.file == "api.yaml")
        #expect(group.interval == 30_000)
        #expect(group.queryOffset == 60_000)
        #expect(group.limit == 10)
        #expect(group.labels == [Label("team", "api")])
        #expect(group.rules.count == 2)
        let alert = group.rules[1]
        #expect(alert.alert == "HighErrorRate")
        #expect(alert.holdDuration == 600_000)
        #expect(alert.keepFiringFor == 300_000)
        #expect(alert.expr != nil)
        #expect(alert.annotations.map(\.name) == ["summary", "description", "runbook_url"])
        #expect(alert.positions.expr?.start == SourcePosition(line: 13, column: 15))
        #expect(file.sources.count == 2)
        #expect(file.sources[0].rules.count == 2)
        #expect(file.groups[1].rules.isEmpty)
    }

    @Test(
        "a parse error points at the offending character inside the expression",
        arguments: [
            ("  - record: x\n    expr: sum(x) by (job\n", 2, 25),
            ("  - record: x\n    expr: \"rate(x[5m]) +\"\n", 2, 25),
            // Prometheus places "unexpected right parenthesis" just after the parenthesis.
            ("  - record: x\n    expr: |\n      sum(\n        x\n      ) +)\n", 5, 11),
        ])
    func parseErrorPosition(rules: String, line: Int, column: Int) throws {
        let text =
            "groups:\n- name: g\n  rules:\n"
            + rules.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0.dropFirst(2) }.joined(separator: "\n")
        let file = RuleFileLoader().load(text, path: "f.yaml")
        let diagnostic = try #require(file.diagnostics.first { $0.code == "rules.invalid-expr" })
        #expect(diagnostic.span.start == SourcePosition(line: line + 3, column: column))
    }

    @Test("unknown fields are allowed with ignoreUnknownFields")
    func ignoreUnknownFields() throws {
        let bytes = try Fixtures.data("rules", "unknown_field.bad.yaml")
        let strict = RuleFileLoader().load(bytes, path: "u.yaml")
        #expect(strict.hasErrors)
        let lenient = RuleFileLoader(options: .init(ignoreUnknownFields: true)).load(bytes, path: "u.yaml")
        #expect(!lenient.hasErrors)
        #expect(lenient.ruleCount == 1)
    }

    @Test("an empty file is valid and has no groups", arguments: ["", "# only a comment\n", "---\n"])
    func emptyFile(_ text: String) {
        let file = RuleFileLoader().load(text, path: "empty.yaml")
        #expect(!file.hasErrors)
        #expect(file.groups.isEmpty)
    }

    @Test("a second document is ignored with a warning")
    func secondDocument() throws {
        let file = RuleFileLoader().load("groups: []\n---\ngroups: [oops\n", path: "two.yaml")
        #expect(!file.hasErrors)
        let warning = try #require(file.warnings.first)
        #expect(warning.code == "rules.multiple-documents")
        #expect(warning.span.start.line >= 2)
    }

    @Test("a missing file is one error worded as Go words it")
    func missingFile() {
        let file = RuleFileLoader().load(path: "/nonexistent/klaxon/rules.yml")
        #expect(
            file.promtoolErrors == [
                "/nonexistent/klaxon/rules.yml: open /nonexistent/klaxon/rules.yml: no such file or directory"
            ])
    }
}
