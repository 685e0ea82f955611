import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonTemplate
import Testing

@testable import KlaxonConfig

@Suite struct GoTemplateExpanderTests {
    static func context(_ labels: Labels = ["instance": "a:9090", "job": "api"], value: Double = 0.25)
        -> AlertTemplateContext
    {
        AlertTemplateContext(
            alertName: "HighLatency", labels: labels, value: value, externalLabels: ["region": "eu"],
            externalURL: "https://prom.example.com", evaluationTime: 60_000)
    }

    @Test("Prometheus's variables", arguments: [
        ("{{ $labels.instance }} of {{ $labels.job }}", "a:9090 of api"),
        ("{{ $value }}", "0.25"),
        ("{{ $value | humanizePercentage }}", "25%"),
        ("{{ $externalLabels.region }} {{ $externalURL }}", "eu https://prom.example.com"),
        ("{{ .Labels.job }} {{ .Value }}", "api 0.25"),
        ("plain text", "plain text"),
    ])
    func expands(template: String, expected: String) async throws {
        #expect(try await GoTemplateExpander().expand(template, context: Self.context()) == expected)
    }

    @Test("an execution error reads as Prometheus's and becomes the alert's text")
    func executionError() async throws {
        let error = await #expect(throws: (any Error).self) {
            try await GoTemplateExpander().expand("{{ humanize \"x\" }}", context: Self.context())
        }
        #expect(String(describing: try #require(error)).hasPrefix("error executing template __alert_HighLatency: "))
        let rule = AlertingRule(
            name: "HighLatency", query: RuleQuery(.number(.init(value: 1, range: 0..<1))),
            annotations: [Label("summary", "{{ humanize \"x\" }}")])
        let alerts = try await rule.alerts(
            from: [Sample(labels: Labels(), t: 0, v: 1)],
            environment: AlertExpansionEnvironment(expander: GoTemplateExpander(), evaluationTime: 0))
        let summary = try #require(alerts.values.first?.annotations.first?.value)
        #expect(summary.hasPrefix("<error expanding template: error executing template __alert_HighLatency: "))
    }

    @Test("parse problems carry Go's text and the offset in the value")
    func parseProblems() throws {
        let problem = try #require(GoTemplateExpander.parseProblem("ok {{ $label.x }}", alertName: "A"))
        #expect(problem.error.message == "template: __alert_A:1: undefined variable \"$label\"")
        let offset = try #require(problem.offset)
        #expect((3...16).contains(offset))
        #expect(GoTemplateExpander.parseProblem("{{ $labels.x }}", alertName: "A") == nil)
        #expect(throws: (any Error).self) { try GoTemplateExpander().validate("{{ if }}") }
    }
}
