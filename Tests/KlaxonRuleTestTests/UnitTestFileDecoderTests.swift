import Foundation
import KlaxonModel
import Testing

@testable import KlaxonRuleTest

@Suite struct UnitTestFileDecoderTests {
    static func decode(_ text: String) -> UnitTestFileDecoder.Result {
        UnitTestFileDecoder.decode(Array(text.utf8), path: "t.yml")
    }

    @Test("every field of a promtool test file")
    func fields() throws {
        let result = Self.decode(
            """
            rule_files: [a.yml, "b/*.yml"]
            evaluation_interval: 30s
            group_eval_order: [g1, g2]
            fuzzy_compare: true
            tests:
              - name: t
                interval: 15s
                external_labels: {region: eu}
                external_url: https://example.com/prom
                start_timestamp: "2024-01-01T00:00:00Z"
                input_series:
                  - series: up{job="a"}
                    values: 1+1x3
                alert_rule_test:
                  - eval_time: 5m
                    alertname: A
                    exp_alerts:
                      - exp_labels: {severity: page}
                        exp_annotations: {summary: s}
                promql_expr_test:
                  - expr: up
                    eval_time: 1m
                    exp_samples:
                      - labels: up{job="a"}
                        value: 2
            """)
        let file = try #require(result.file)
        #expect(file.ruleFiles == ["a.yml", "b/*.yml"])
        #expect(file.evaluationInterval == 30_000)
        #expect(file.groupEvalOrder == ["g1", "g2"])
        #expect(file.fuzzyCompare)
        let group = try #require(file.tests.first)
        #expect(group.name == "t")
        #expect(group.interval == 15_000)
        #expect(group.externalLabels == ["region": "eu"])
        #expect(group.externalURL == "https://example.com/prom")
        #expect(group.startTimestamp == 1_704_067_200_000)
        #expect(
            group.inputSeries == [
                InputSeries(series: "up{job=\"a\"}", values: "1+1x3", position: group.inputSeries.first?.position)
            ])
        #expect(group.alertRuleTests.first?.expectedAlerts.first?.labels == [Label("severity", "page")])
        #expect(group.promqlExprTests.first?.expectedSamples.first?.value == 2)
        #expect(group.maxEvalTime == 300_000)
        #expect(group.span?.start == SourcePosition(line: 6, column: 5))
    }

    @Test(
        "strict decoding errors with promtool's wording",
        arguments: [
            ("tests:\n  - nmae: x\n", "yaml: unmarshal errors:\n  line 2: field nmae not found in type main.testGroup"),
            ("tests: 5\n", "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `5` into []main.testGroup"),
            ("evaluation_interval: 1x\n", "not a valid duration string: \"1x\""),
            ("tests:\n  - start_timestamp: yesterday\n", "cannot parse \"yesterday\" to a valid timestamp"),
            (
                "tests:\n  - promql_expr_test:\n    - exp_samples:\n      - value: high\n",
                "yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `high` into float64"
            ),
            ("tests: [\n", "yaml: line 1: did not find expected node content"),
        ])
    func errors(text: String, message: String) {
        let result = Self.decode(text)
        #expect(result.file == nil)
        #expect(result.promtoolMessage == message)
        #expect(!result.diagnostics.isEmpty)
    }

    @Test("Klaxon's exp_alerts extensions")
    func extensions() throws {
        let result = Self.decode(
            """
            tests:
              - alert_rule_test:
                  - alertname: A
                    exp_alerts:
                      - exp_labels: {instance: "a.*"}
                        match: regex
                        exp_state: pending
                        exp_active_at: 1m
                        exp_fired_at: 2m
            """)
        let alert = try #require(result.file?.tests.first?.alertRuleTests.first?.expectedAlerts.first)
        #expect(alert.match == .regex)
        #expect(alert.state == .pending)
        #expect(alert.activeAt == 60_000)
        #expect(alert.firedAt == 120_000)
        #expect(alert.usesExtensions)
    }

    @Test(
        "invalid extension values are errors",
        arguments: [
            "match: fuzzy", "exp_state: resolved", "match: regex\n            exp_labels: {a: \"(\"}",
            "exp_fired_at: soon",
        ])
    func badExtensions(field: String) {
        let result = Self.decode(
            "tests:\n  - alert_rule_test:\n    - exp_alerts:\n        - \(field)\n".replacingOccurrences(
                of: "\n            ", with: "\n          "))
        #expect(result.file == nil)
    }

    @Test(
        "start_timestamp as Unix seconds or RFC 3339",
        arguments: [
            ("1609459200", Int64(1_609_459_200_000)), ("1.5", 1500), ("2024-01-01T00:00:00Z", 1_704_067_200_000),
            ("2024-01-01T01:00:00+01:00", 1_704_067_200_000), ("2024-02-29T00:00:00.123456Z", 1_709_164_800_123),
            ("-1", -1000), ("1969-12-31T23:59:59Z", -1000),
        ])
    func startTimestamp(text: String, milliseconds: Int64) {
        #expect(StartTimestamp.parse(text) == milliseconds)
    }

    @Test(
        "invalid start timestamps",
        arguments: [
            "2023-02-29T00:00:00Z", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z", "inf", "1e400",
            "2024-01-01T00:00:00.Z",
        ])
    func badStartTimestamp(_ text: String) {
        #expect(StartTimestamp.parse(text) == nil)
    }

    @Test("query fixtures: interval and input_series only")
    func queryFixture() throws {
        let fixture = try QueryFixture.decode(
            Array("interval: 30s\ninput_series:\n  - series: up\n    values: 1 2\n".utf8), path: "f.yml")
        #expect(fixture.interval == 30_000)
        #expect(fixture.inputSeries.map(\.series) == ["up"])
        #expect(throws: InputSeriesError.self) {
            try QueryFixture.decode(Array("interval: 30s\ntests: []\n".utf8), path: "f.yml")
        }
        #expect(try QueryFixture.decode(Array("input_series: []\n".utf8), path: "f.yml").interval == 60_000)
    }
}
