import KlaxonModel
import KlaxonPromQL
import Testing

@testable import KlaxonConfig

@Suite struct RuleLinterTests {
    static func lint(_ yaml: String, checks: Set<RuleCheck>, scrape: Int64 = 60_000) -> [Diagnostic] {
        let file = RuleFileLoader().load(yaml, path: "r.yaml")
        #expect(!file.hasErrors, "\(file.promtoolErrors)")
        return RuleLinter.lint(file, options: RuleLintOptions(checks: checks, scrapeInterval: scrape))
    }

    static func alert(_ expr: String, extra: String = "") -> String {
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: \(expr)\n" + extra
    }

    @Test("every check on the lint fixture gives the golden warnings")
    func golden() throws {
        let bytes = try Fixtures.data("rules", "lint.good.yaml")
        let file = RuleFileLoader().load(bytes, path: "rules/lint.good.yaml")
        let findings = RuleLinter.lint(file, options: RuleLintOptions(checks: Set(RuleCheck.allCases)))
        #expect(findings.allSatisfy { $0.severity == .warning })
        let renderer = DiagnosticRenderer(color: false, excerpts: false)
        let actual = findings.map { renderer.render($0) }.joined(separator: "\n") + "\n"
        if Fixtures.updatingGoldens {
            try Fixtures.writeGolden("rules", "lint.good.lint", actual)
            return
        }
        #expect(actual == Fixtures.golden("rules", "lint.good.lint"))
    }

    @Test("no check is on by default")
    func offByDefault() throws {
        let file = RuleFileLoader().load(try Fixtures.data("rules", "lint.good.yaml"), path: "l.yaml")
        #expect(RuleLinter.lint(file, options: RuleLintOptions()).isEmpty)
    }

    @Test("severity may come from the group's labels")
    func severityFromGroup() {
        let yaml = "groups:\n- name: g\n  labels: {severity: page}\n  rules:\n  - alert: A\n    expr: up == 0\n"
        #expect(Self.lint(yaml, checks: [.severity]).isEmpty)
        #expect(Self.lint(Self.alert("up == 0"), checks: [.severity]).map(\.code) == ["lint.missing-severity"])
    }

    @Test(
        "rate ranges are measured against twice the scrape interval",
        arguments: [
            ("rate(x[1m])", Int64(60_000), true), ("rate(x[2m])", 60_000, false), ("irate(x[30s])", 15_000, false),
            ("increase(x[25s])", 15_000, true), ("avg_over_time(x[10s])", 60_000, false),
            ("deriv(x[1m:10s])", 60_000, false),
        ])
    func rateRange(expr: String, scrape: Int64, warns: Bool) {
        let findings = Self.lint(Self.alert(expr), checks: [.rateRange], scrape: scrape)
        #expect(findings.isEmpty != warns)
    }

    @Test(
        "for shorter than the evaluation interval",
        arguments: [
            ("30s", "", true), ("1m", "", false), ("0s", "", false), ("1m", "  interval: 5m\n", true),
        ])
    func forInterval(hold: String, groupExtra: String, warns: Bool) {
        let yaml = "groups:\n- name: g\n\(groupExtra)  rules:\n  - alert: A\n    expr: up == 0\n    for: \(hold)\n"
        #expect(Self.lint(yaml, checks: [.forInterval]).isEmpty != warns)
    }

    @Test(
        "annotations listed as required",
        arguments: [
            ("{summary: s, description: d, runbook_url: u}", 0), ("{summary: s}", 2), ("{summary: ''}", 3),
        ])
    func annotations(annotations: String, missing: Int) {
        let findings = Self.lint(
            Self.alert("up == 0", extra: "    annotations: \(annotations)\n"), checks: [.annotations])
        #expect(findings.count == missing)
    }

    @Test(
        "templates reading labels the expression cannot produce",
        arguments: [
            ("sum by (job) (x) > 1", "{{ $labels.job }}", false),
            ("sum by (job) (x) > 1", "{{ $labels.instance }}", true),
            ("sum(x) > 1", "{{ .Labels.job }}", true),
            ("x > 1", "{{ $labels.anything }}", false),
            ("sum without (instance) (x) > 1", "{{ $labels.instance }}", true),
            ("sum without (instance) (x) > 1", "{{ $labels.job }}", false),
            ("absent(up{job=\\\"api\\\"})", "{{ $labels.job }}", false),
            ("absent(up{job=\\\"api\\\"})", "{{ $labels.instance }}", true),
            ("label_replace(sum(x), \\\"dst\\\", \\\"v\\\", \\\"\\\", \\\"\\\")", "{{ $labels.dst }}", false),
            ("sum by (job) (x) / on (job) group_left (team) info_metric", "{{ $labels.team }}", false),
            ("count(x) > 0", "{{ \\\"$labels.instance\\\" }}", false),
        ])
    func templateLabels(expr: String, template: String, warns: Bool) {
        let yaml = Self.alert("\"\(expr)\"", extra: "    annotations:\n      summary: \"\(template)\"\n")
        #expect(Self.lint(yaml, checks: [.templateLabels]).isEmpty != warns)
    }

    @Test(
        "comparisons that can never hold",
        arguments: [
            ("count(x) == 0", true), ("count(x) < 1", true), ("count(x) > 0", false), ("up > 1", true),
            ("up == 1", false), ("absent(x) == 0", true), ("rate(x[5m]) < 0", true), ("rate(x[5m]) > 0", false),
            ("sum(rate(e{code=\\\"500\\\"}[5m])) / sum(rate(e[5m])) > 1", true),
            ("sum(rate(e{code=\\\"500\\\"}[5m])) / sum(rate(e[5m])) > 0.1", false),
            ("sum(rate(e[5m])) / sum(rate(e{code=\\\"500\\\"}[5m])) > 1", false),
            ("sum(rate(a[5m])) / sum(rate(b[5m])) > 1", false), ("x > 1", false), ("1 < count(x)", false),
            ("0 > count(x)", true), ("(x > bool 1) > 1", true), ("clamp_max(x, 10) > 10", true),
            ("hour() > 23", true), ("-count(x) > 0", true), ("avg_over_time(up[5m]) > 1", true),
        ])
    func thresholds(expr: String, warns: Bool) {
        #expect(Self.lint(Self.alert("\"\(expr)\""), checks: [.thresholds]).isEmpty != warns)
    }

    @Test("findings point into the expression")
    func positions() throws {
        let findings = Self.lint(Self.alert("count(x) == 0"), checks: [.thresholds])
        let finding = try #require(findings.first)
        #expect(finding.span.start == SourcePosition(line: 5, column: 23))
    }
}

@Suite struct OutputLabelsTests {
    @Test(
        "output label sets",
        arguments: [
            ("x", nil), ("sum(x)", [String]()), ("sum by (a, b) (x)", ["a", "b"]), ("count_values(\"v\", x)", ["v"]),
            ("topk(3, sum by (a) (x))", ["a"]), ("sum by (a) (x) * on (a) sum by (a, b) (y)", ["a"]),
            ("sum by (a, b) (x) * on (a) group_left (c) y", ["a", "b", "c"]),
            ("sum by (a) (x) or sum by (b) (y)", ["a", "b"]), ("vector(1)", []),
            ("histogram_quantile(0.9, sum by (le, job) (rate(x[5m])))", ["job"]), ("sum by (a) (x) > 5", ["a"]),
            ("scalar(x) * sum by (a) (y)", ["a"]),
        ] as [(String, [String]?)])
    func outputLabels(expr: String, expected: [String]?) throws {
        let labels = OutputLabels.of(try PromQL.parse(expr))
        #expect(labels.closedNames == expected)
    }
}

@Suite struct TemplateLabelReferencesTests {
    @Test(
        "references in actions only",
        arguments: [
            ("{{ $labels.job }}", ["job"]), ("$labels.job {{ .Labels.instance }}", ["instance"]),
            ("{{ index $labels \"a b\" }} {{ $labels.c }}", ["a b", "c"]), ("{{ $labelsx.y }}", []),
            ("{{ printf \"%s\" $labels.z }}{{ \"$labels.q\" }}", ["z"]), ("{{ $labels }}", []),
        ])
    func references(text: String, names: [String]) {
        #expect(TemplateLabelReferences.find(in: text).map(\.name) == names)
    }

    @Test("offsets cover the reference")
    func offsets() throws {
        let reference = try #require(TemplateLabelReferences.find(in: "ab {{ $labels.job }}").first)
        #expect(reference.offset == 6)
        #expect(reference.length == "$labels.job".utf8.count)
    }
}
