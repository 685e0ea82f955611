import KlaxonModel
import KlaxonPromQL
import Testing
@testable import KlaxonRules

@Suite struct RuleSpecTests {
    @Test("the expression is parsed; the query text is its printed form, as Prometheus sends it")
    func parsed() throws {
        let spec = RuleSpec(alert: "High", expr: "sum  by(job)(rate(x[5m]))>1")
        let expr = try #require(spec.expr)
        #expect(spec.exprError == nil)
        #expect(spec.kind == .alerting)
        #expect(RuleQuery(expr).text == "sum by (job) (rate(x[5m])) > 1")
    }

    @Test("a parse error is kept and reported with Prometheus's wording")
    func parseError() {
        let spec = RuleSpec(record: "r", expr: "sum(x")
        #expect(spec.expr == nil)
        let error = spec.exprError
        #expect(error != nil)
        let group = RuleGroupSpec(name: "g", file: "f.yaml", rules: [spec])
        let messages = RuleValidation.validate([group]).map(\.message)
        #expect(messages == [#"group "g", rule 1, "r": could not parse expression: \#(error.map { "\($0)" } ?? "")"#])
        #expect(messages.first?.contains("1:") == true)
    }

    @Test("an empty expression is not parsed and reported as missing")
    func empty() {
        let spec = RuleSpec(record: "r", expr: "")
        #expect(spec.expr == nil && spec.exprError == nil)
    }
}
