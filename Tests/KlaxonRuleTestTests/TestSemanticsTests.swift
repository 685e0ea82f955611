import Foundation
import KlaxonConfig
import KlaxonModel
import KlaxonRules
import Testing

@testable import KlaxonRuleTest

/// promtool semantics, each pinned by a small test file written to a scratch directory.
@Suite struct TestSemanticsTests {
    static let rules = """
        groups:
          - name: g
            rules:
              - alert: Down
                expr: up == 0
                for: 2m
                labels: {severity: page}
                annotations: {summary: "{{ $labels.instance }} down at {{ $value }}"}
              - record: doubled
                expr: up * 2
        """

    /// Runs `test` (a test file) next to `rules.yml`; returns the summary and the output.
    static func run(_ test: String, rules: String = rules, options: RuleTestOptions = RuleTestOptions()) async throws
        -> (RuleTestSummary, CapturedOutput)
    {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }  // best effort cleanup
        try rules.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("test.yml")
        try ("rule_files: [rules.yml]\n" + test).write(to: path, atomically: true, encoding: .utf8)
        let output = CapturedOutput()
        let summary = await RuleTestSession(options: options).run(files: [path.path], output: output)
        return (summary, output)
    }

    @Test(
        "an alert test between two evaluations sees the earlier one",
        arguments: [
            ("1m59s", false), ("2m", true), ("2m59s", true),
        ])
    func alertTimes(evalTime: String, firing: Bool) async throws {
        let expectation =
            firing ? "[{exp_labels: {instance: a, severity: page}, exp_annotations: {summary: a down at 0}}]" : "[]"
        let (summary, output) = try await Self.run(
            """
            tests:
              - input_series:
                  - series: up{instance="a"}
                    values: 0x5
                alert_rule_test:
                  - {eval_time: \(evalTime), alertname: Down, exp_alerts: \(expectation)}
            """)
        #expect(summary.exitCode == 0, "\(output.combined)")
    }

    @Test("pending alerts do not count for promtool's exp_alerts")
    func pendingIgnored() async throws {
        let (summary, _) = try await Self.run(
            """
            tests:
              - input_series: [{series: 'up{instance="a"}', values: 0x5}]
                alert_rule_test:
                  - {eval_time: 1m, alertname: Down, exp_alerts: []}
            """)
        #expect(summary.exitCode == 0)
    }

    @Test("a missing alertname fails the group before evaluating")
    func missingAlertname() async throws {
        let (summary, output) = try await Self.run(
            """
            tests:
              - name: named
                alert_rule_test:
                  - {eval_time: 1m, exp_alerts: []}
            """)
        #expect(summary.exitCode == 1)
        #expect(
            output.standardError.contains(
                "an item under alert_rule_test misses required attribute alertname at eval_time 1m (in TestGroup named)"
            ))
    }

    @Test("a repeated group in group_eval_order stops the file")
    func repeatedOrder() async throws {
        let (summary, output) = try await Self.run("group_eval_order: [g, g]\ntests: []\n")
        #expect(summary.exitCode == 1)
        #expect(output.standardError.contains("group name repeated in evaluation order: g"))
    }

    @Test("a scalar result is one sample without labels; NaN never equals NaN")
    func scalarsAndNaN() async throws {
        let (ok, _) = try await Self.run(
            """
            tests:
              - promql_expr_test:
                  - {expr: "1 + 1", eval_time: 0s, exp_samples: [{value: 2}]}
            """)
        #expect(ok.exitCode == 0)
        let (nan, _) = try await Self.run(
            """
            tests:
              - promql_expr_test:
                  - {expr: "NaN", eval_time: 0s, exp_samples: [{value: .nan}]}
            """)
        #expect(nan.exitCode == 1)
    }

    @Test("a rule that fails to evaluate fails the group with promtool's message")
    func ruleError() async throws {
        let rules = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: a + on(x) b\n"
        let (summary, output) = try await Self.run(
            """
            tests:
              - input_series:
                  - {series: 'a{x="1"}', values: "1"}
                  - {series: 'b{x="1",y="1"}', values: "1"}
                  - {series: 'b{x="1",y="2"}', values: "1"}
            """, rules: rules)
        #expect(summary.exitCode == 1)
        #expect(output.standardError.contains("rule: r, time: 0s, err: found duplicate series for the match group"))
    }

    @Test("templates see $labels, $value and the query function")
    func templates() async throws {
        let rules = """
            groups:
              - name: g
                rules:
                  - alert: T
                    expr: up == 0
                    annotations:
                      count: '{{ with query "count(up)" }}{{ . | first | value }}{{ end }}'
                      value: '{{ $value }} {{ $labels.instance }} {{ $externalLabels.region }} {{ $externalURL }}'
            """
        let (summary, output) = try await Self.run(
            """
            tests:
              - external_labels: {region: eu}
                external_url: https://prom.example.com
                input_series: [{series: 'up{instance="a"}', values: "0"}, {series: 'up{instance="b"}', values: "1"}]
                alert_rule_test:
                  - eval_time: 0s
                    alertname: T
                    exp_alerts:
                      - exp_labels: {instance: a}
                        exp_annotations: {count: "2", value: "0 a eu https://prom.example.com"}
            """, rules: rules)
        #expect(summary.exitCode == 0, "\(output.combined)")
    }

    @Test("groups from several rule files run in file order unless ordered")
    func severalFiles() async throws {
        let (summary, output) = try await Self.run(
            """
            tests:
              - input_series: [{series: up, values: "1"}]
                promql_expr_test:
                  - {expr: doubled, eval_time: 0s, exp_samples: [{labels: doubled, value: 2}]}
            """)
        #expect(summary.exitCode == 0, "\(output.combined)")
    }
}

@Suite struct AlertMatchingTests {
    static let alert = ObservedAlert(
        labels: ["alertname": "A", "instance": "a", "severity": "page"], annotations: [Label("summary", "a is down")],
        state: .firing, activeAt: 0, firedAt: 60_000)

    static func testCase(_ expected: [ExpectedAlert]) -> AlertTestCase {
        AlertTestCase(evalTime: 0, alertname: "A", expectedAlerts: expected)
    }

    @Test(
        "exact, partial and regex matching",
        arguments: [
            (
                ExpectedAlert(
                    labels: [Label("instance", "a"), Label("severity", "page")],
                    annotations: [Label("summary", "a is down")]), true
            ),
            (ExpectedAlert(labels: [Label("instance", "a")]), false),
            (ExpectedAlert(labels: [Label("instance", "a")], match: .partial), true),
            (ExpectedAlert(labels: [Label("instance", "b")], match: .partial), false),
            (ExpectedAlert(labels: [Label("team", "")], match: .partial), true),
            (
                ExpectedAlert(
                    labels: [Label("instance", "[a-c]")], annotations: [Label("summary", ".*down")], match: .regex),
                true
            ),
            (ExpectedAlert(labels: [Label("instance", "b|c")], match: .regex), false),
            (ExpectedAlert(match: .partial, state: .pending), false),
            (ExpectedAlert(match: .partial, firedAt: 60_000), true),
            (ExpectedAlert(match: .partial, activeAt: 60_000), false),
            (ExpectedAlert(labels: [Label("alertname", "B"), Label("instance", "a")], match: .partial), true),
        ])
    func matching(expected: ExpectedAlert, matches: Bool) {
        #expect(AlertMatching.matches(Self.testCase([expected]), [Self.alert]) == matches)
    }

    @Test("every observed alert needs its own expectation")
    func counts() {
        let any = ExpectedAlert(match: .partial)
        #expect(!AlertMatching.matches(Self.testCase([any, any]), [Self.alert]))
        #expect(!AlertMatching.matches(Self.testCase([]), [Self.alert]))
        #expect(AlertMatching.matches(Self.testCase([]), []))
        var other = Self.alert
        other.labels.set("instance", "b")
        let specific = ExpectedAlert(labels: [Label("instance", "a")], match: .partial)
        // Kuhn's augmenting path: `any` must give up "a" to `specific`.
        #expect(AlertMatching.matches(Self.testCase([any, specific]), [Self.alert, other]))
    }

    @Test("the best pairing maximises the shared labels")
    func pairing() {
        #expect(
            FailureRenderer.bestPairing([[6, 4], [7, 7]], minimum: 3).sorted { $0.0 < $1.0 }.map { [$0.0, $0.1] } == [
                [0, 0], [1, 1],
            ])
        #expect(FailureRenderer.bestPairing([[2, 2]], minimum: 3).isEmpty)
        #expect(FailureRenderer.bestPairing([], minimum: 3).isEmpty)
    }
}
