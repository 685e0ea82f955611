import KlaxonModel
import KlaxonPromQL
import Testing
@testable import KlaxonRules

@Suite struct RuleValidationTests {
    static let file = "rules.yaml"

    static func span(_ line: Int, _ column: Int) -> SourceSpan {
        SourceSpan(file: file, start: SourcePosition(line: line, column: column))
    }

    /// A rule whose expression is already "parsed", so these tests do not depend on the parser.
    static func rule(
        record: String? = nil, alert: String? = nil, expr: String = "up", for hold: Int64 = 0,
        keepFiringFor: Int64 = 0, labels: [Label] = [], annotations: [Label] = []
    ) -> RuleSpec {
        RuleSpec(
            record: record, alert: alert, exprText: expr, parsed: expr.isEmpty ? nil : selector("up"),
            for: hold, keepFiringFor: keepFiringFor, labels: labels, annotations: annotations,
            positions: RuleSpec.Positions(rule: span(4, 7), record: span(4, 15), alert: span(5, 14), expr: span(6, 13)))
    }

    static func messages(_ rules: [RuleSpec], groupName: String = "g", scheme: NameValidationScheme = .utf8) -> [String] {
        let group = RuleGroupSpec(name: groupName, file: file, rules: rules,
                                  positions: RuleGroupSpec.Positions(group: span(2, 5)))
        return RuleValidation.validate([group], scheme: scheme, templates: TinyExpander()).map(\.description)
    }

    @Test("rule errors are worded and located like Prometheus's", arguments: [
        (rule(record: "a", alert: "b"),
         #"rules.yaml:4:15: error: group "g", rule 1, "b": only one of 'record' and 'alert' must be set [rules.record-and-alert]"#),
        (rule(),
         #"rules.yaml:4:7: error: group "g", rule 1, "": one of 'record' or 'alert' must be set [rules.missing-record-or-alert]"#),
        (rule(record: "r", expr: ""),
         #"rules.yaml:6:13: error: group "g", rule 1, "r": field 'expr' must be set in rule [rules.missing-expr]"#),
        (rule(record: "r", annotations: [Label("a", "b")]),
         #"rules.yaml:4:15: error: group "g", rule 1, "r": invalid field 'annotations' in recording rule [rules.annotations-in-recording-rule]"#),
        (rule(record: "r", for: 60_000),
         #"rules.yaml:4:15: error: group "g", rule 1, "r": invalid field 'for' in recording rule [rules.for-in-recording-rule]"#),
        (rule(record: "r", keepFiringFor: 60_000),
         #"rules.yaml:4:15: error: group "g", rule 1, "r": invalid field 'keep_firing_for' in recording rule [rules.keep-firing-for-in-recording-rule]"#),
        (rule(record: "a{b}"),
         #"rules.yaml:4:15: error: group "g", rule 1, "a{b}": braces present in the recording rule name; should it be in expr?: a{b} [rules.braces-in-recording-name]"#),
        (rule(alert: "A", labels: [Label("__name__", "x")]),
         #"rules.yaml:4:7: error: group "g", rule 1, "A": invalid label name: __name__ [rules.invalid-label-name]"#),
        (rule(alert: "A", annotations: [Label("", "x")]),
         #"rules.yaml:4:7: error: group "g", rule 1, "A": invalid annotation name:  [rules.invalid-annotation-name]"#),
        (rule(alert: "A", annotations: [Label("summary", "{{ fail }}")]),
         #"rules.yaml:4:7: error: group "g", rule 1, "A": annotation "summary": template: boom [rules.invalid-template]"#),
        (rule(alert: "A", labels: [Label("sev", "{{ fail }}")]),
         #"rules.yaml:4:7: error: group "g", rule 1, "A": label "sev": template: boom [rules.invalid-template]"#),
    ])
    func ruleErrors(rule: RuleSpec, expected: String) {
        #expect(Self.messages([rule]) == [expected])
    }

    @Test("valid rules give no diagnostics; templates are only checked on alerting rules")
    func valid() {
        #expect(Self.messages([
            Self.rule(record: "job:up:sum", labels: [Label("x", "{{ fail }}")]),
            Self.rule(alert: "Down", for: 300_000, keepFiringFor: 60_000, labels: [Label("severity", "page")],
                      annotations: [Label("summary", "down")]),
            Self.rule(record: "utf8 name ✓", labels: [Label("ünïcode", "v")]),
        ]).isEmpty)
    }

    @Test("legacy name validation rejects what UTF-8 validation accepts")
    func legacyNames() {
        let messages = Self.messages([Self.rule(record: "a-b", labels: [Label("c.d", "v")])], scheme: .legacy)
        #expect(messages.count == 2)
        #expect(messages.first?.contains("invalid recording rule name: a-b") == true)
        #expect(messages.last?.contains("invalid label name: c.d") == true)
    }

    @Test("a parse error is reported at the expression")
    func parseError() {
        var spec = Self.rule(record: "r")
        spec.expr = nil
        spec.exprError = ParseError("unexpected end of input", range: 3..<3, input: "up(")
        #expect(Self.messages([spec]) == [
            #"rules.yaml:6:13: error: group "g", rule 1, "r": could not parse expression: 1:4: parse error: unexpected end of input [rules.invalid-expr]"#,
        ])
    }

    @Test("group names must be present and unique within a file; group labels are checked")
    func groups() {
        let rule = Self.rule(record: "r")
        let groups = [
            RuleGroupSpec(name: "", file: Self.file, rules: [rule], positions: .init(group: Self.span(2, 3))),
            RuleGroupSpec(name: "a", file: Self.file, rules: [rule], positions: .init(group: Self.span(5, 3))),
            RuleGroupSpec(name: "a", file: Self.file, labels: [Label("__name__", "x")], rules: [rule],
                          positions: .init(group: Self.span(9, 3), labels: ["__name__": Self.span(11, 7)])),
            RuleGroupSpec(name: "a", file: "other.yaml", rules: [rule]),
        ]
        #expect(RuleValidation.validate(groups).map(\.description) == [
            "rules.yaml:2:3: error: Groupname must not be empty [rules.empty-group-name]",
            #"rules.yaml:9:3: error: groupname: "a" is repeated in the same file [rules.duplicate-group-name]"#,
            "rules.yaml:11:7: error: invalid label name: __name__ [rules.invalid-label-name]",
        ])
    }
}
