import KlaxonModel
import Testing
@testable import KlaxonRules

/// Expands `{{ $labels.<name> }}` and `{{ $value }}` only, and fails on `{{ fail }}`; enough to check the seam.
struct TinyExpander: AlertTemplateExpander {
    struct Failure: Error, CustomStringConvertible { var description: String { "template: boom" } }

    func expand(_ text: String, context: AlertTemplateContext) async throws -> String {
        if text.contains("{{ fail }}") { throw Failure() }
        var out = text.replacing("{{ $value }}", with: String(context.value))
        for label in context.labels {
            out = out.replacing("{{ $labels.\(label.name) }}", with: label.value)
        }
        return out.replacing("{{ $externalURL }}", with: context.externalURL)
    }

    func validate(_ text: String) throws {
        if text.contains("{{ fail }}") { throw Failure() }
    }
}

@Suite struct AlertingRuleTests {
    let environment = AlertExpansionEnvironment(
        expander: TinyExpander(), externalURL: "http://prom", evaluationTime: 120_000)

    @Test("alert labels: result labels without __name__, expanded rule labels, alertname")
    func labels() async throws {
        let rule = AlertingRule(
            name: "HighLoad", query: query("load"),
            labels: [Label("severity", "page"), Label("instance", "{{ $labels.instance }}-x"), Label("job", "")],
            annotations: [Label("summary", "load {{ $value }} on {{ $labels.instance }}"), Label("empty", "")])
        let vector = [sample(["__name__": "load", "instance": "a", "job": "node"], 3.5)]
        let alerts = try await rule.alerts(from: vector, environment: environment)
        let expected: Labels = ["alertname": "HighLoad", "instance": "a-x", "severity": "page"]
        let alert = try #require(alerts[expected])
        #expect(alert.state == .pending)
        #expect(alert.activeAt == 120_000)
        #expect(alert.value == 3.5)
        #expect(alert.annotations == [Label("empty", ""), Label("summary", "load 3.5 on a")])
    }

    @Test("a failed expansion becomes the error text, evaluation goes on")
    func expansionError() async throws {
        let rule = AlertingRule(name: "A", query: query("x"), annotations: [Label("summary", "{{ fail }}")])
        let alerts = try await rule.alerts(from: [sample(["__name__": "x"], 1)], environment: environment)
        #expect(alerts.values.first?.annotations == [Label("summary", "<error expanding template: template: boom>")])
    }

    @Test("two samples with the same labels after applying alert labels is an error")
    func duplicateLabelSet() async {
        let rule = AlertingRule(name: "A", query: query("x"), labels: [Label("instance", "fixed")])
        let vector = [sample(["__name__": "x", "instance": "a"], 1), sample(["__name__": "y", "instance": "b"], 2)]
        let error = await #expect(throws: RuleEvaluationError.self) {
            try await rule.alerts(from: vector, environment: environment)
        }
        #expect(error?.message == "vector contains metrics with the same labelset after applying alert labels")
    }

    @Test("ALERTS keeps the rule's unexpanded label when its expansion removed the label, as Prometheus does")
    func alertsSampleBase() {
        let rule = AlertingRule(name: "A", query: query("x"), labels: [Label("team", "{{ $labels.team }}")])
        let alert = Alert(state: .firing, labels: ["alertname": "A", "job": "j"], value: 1, activeAt: 0)
        #expect(rule.alertsSample(for: alert, at: 5).labels == [
            "__name__": "ALERTS", "alertname": "A", "alertstate": "firing", "job": "j", "team": "{{ $labels.team }}",
        ])
    }

    @Test("forStateMatchers skip templated labels")
    func forStateMatchers() {
        let rule = AlertingRule(
            name: "A", query: query("x"), labels: [Label("sev", "page"), Label("team", "{{ $labels.team }}")])
        #expect(rule.forStateMatchers.map(\.description) == [
            #"__name__="ALERTS_FOR_STATE""#, #"alertname="A""#, #"sev="page""#,
        ])
    }
}
