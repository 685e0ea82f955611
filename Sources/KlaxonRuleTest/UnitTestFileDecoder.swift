public import KlaxonModel
import KlaxonYAML

/// Decodes a promtool unit-test file strictly, as promtool does with yaml.v2's `UnmarshalStrict` (type names
/// in messages are promtool's Go types: `field foo not found in type main.testGroup`). Klaxon's extensions
/// (`match`, `exp_state`, `exp_active_at`, `exp_fired_at` on `exp_alerts` entries) are accepted only there.
public enum UnitTestFileDecoder {
    /// The outcome: the file when it decoded without errors, every problem as a diagnostic, and the message
    /// promtool prints for them.
    public struct Result: Sendable {
        public var file: UnitTestFile?
        public var diagnostics: [Diagnostic]
        public var promtoolMessage: String?
    }

    static let fileKeys = ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"]
    static let groupKeys = [
        "interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name",
        "start_timestamp",
    ]
    static let alertKeys = ["exp_labels", "exp_annotations", "match", "exp_state", "exp_active_at", "exp_fired_at"]

    /// Decodes the first document of `bytes`; `path` names the file in diagnostics.
    public static func decode(_ bytes: [UInt8], path: String) -> Result {
        let root: YAMLNode?
        do {
            root = try YAML.parse(bytes, file: path)
        } catch {
            return Result(file: nil, diagnostics: [error.diagnostic], promtoolMessage: error.goMessage(for: .goYAMLv2))
        }
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2, allowsUnknownKeys: false))
        var file = UnitTestFile()
        if let root, let fields = context.value(root).mapping("main.unitTestFile", keys: fileKeys) {
            file.ruleFiles = fields["rule_files"]?.strings() ?? []
            file.evaluationInterval = fields["evaluation_interval"]?.duration() ?? 0
            file.groupEvalOrder = fields["group_eval_order"]?.strings() ?? []
            file.fuzzyCompare = fields["fuzzy_compare"]?.bool() ?? false
            file.tests = fields["tests"]?.sequence("[]main.testGroup") { decodeGroup($0) } ?? []
        }
        guard context.hasErrors else { return Result(file: file, diagnostics: [], promtoolMessage: nil) }
        // A value that fails its own parsing (a duration, a timestamp) stops Go's decoder with just that error.
        let failures = context.errors.filter { $0.kind == .invalidValue }
        let message = failures.min { $0.span.start < $1.span.start }?.message ?? context.goMessage
        return Result(file: nil, diagnostics: context.diagnostics, promtoolMessage: message)
    }

    private static func decodeGroup(_ value: YAMLValue) -> TestGroup? {
        guard let fields = value.mapping("main.testGroup", keys: groupKeys) else { return nil }
        var group = TestGroup(span: value.span)
        group.name = fields["name"]?.string() ?? ""
        group.interval = fields["interval"]?.duration() ?? 0
        group.inputSeries = fields["input_series"]?.sequence("[]main.series") { decodeSeries($0) } ?? []
        group.alertRuleTests = fields["alert_rule_test"]?.sequence("[]main.alertTestCase") { decodeAlertTest($0) } ?? []
        group.promqlExprTests =
            fields["promql_expr_test"]?.sequence("[]main.promqlTestCase") { decodePromQLTest($0) } ?? []
        if let labels = fields["external_labels"]?.stringMap() {
            group.externalLabels = Labels(labels.map { Label($0.key, $0.value) })
        }
        group.externalURL = fields["external_url"]?.string() ?? ""
        if let field = fields["start_timestamp"], !field.isNull, let text = field.string() {
            if let time = StartTimestamp.parse(text) {
                group.startTimestamp = time
            } else {
                field.report("cannot parse \(GoQuote.quote(text)) to a valid timestamp")
            }
        }
        return group
    }

    private static func decodeSeries(_ value: YAMLValue) -> InputSeries? {
        guard let fields = value.mapping("main.series", keys: ["series", "values"]) else { return nil }
        return InputSeries(
            series: fields["series"]?.string() ?? "", values: fields["values"]?.string() ?? "", position: value.span)
    }

    private static func decodeAlertTest(_ value: YAMLValue) -> AlertTestCase? {
        guard let fields = value.mapping("main.alertTestCase", keys: ["eval_time", "alertname", "exp_alerts"]) else {
            return nil
        }
        return AlertTestCase(
            evalTime: fields["eval_time"]?.duration() ?? 0, alertname: fields["alertname"]?.string() ?? "",
            expectedAlerts: fields["exp_alerts"]?.sequence("[]main.alert") { decodeExpectedAlert($0) } ?? [],
            span: value.span)
    }

    private static func decodeExpectedAlert(_ value: YAMLValue) -> ExpectedAlert? {
        guard let fields = value.mapping("main.alert", keys: alertKeys) else { return nil }
        var alert = ExpectedAlert(span: value.span)
        alert.labels = (fields["exp_labels"]?.stringMap() ?? []).map { Label($0.key, $0.value) }
        alert.annotations = (fields["exp_annotations"]?.stringMap() ?? []).map { Label($0.key, $0.value) }
        if let field = fields["match"], !field.isNull, let text = field.string() {
            if let match = ExpectedAlert.Match(rawValue: text) {
                alert.match = match
            } else {
                field.report("invalid match \(GoQuote.quote(text)): expected exact, partial or regex")
            }
        }
        if let field = fields["exp_state"], !field.isNull, let text = field.string() {
            if let state = ExpectedAlert.State(rawValue: text) {
                alert.state = state
            } else {
                field.report("invalid exp_state \(GoQuote.quote(text)): expected firing or pending")
            }
        }
        if let field = fields["exp_active_at"], !field.isNull { alert.activeAt = field.duration() }
        if let field = fields["exp_fired_at"], !field.isNull { alert.firedAt = field.duration() }
        if alert.match == .regex {
            for field in ["exp_labels", "exp_annotations"] {
                guard let map = fields[field], let pairs = map.node.mapping?.pairs else { continue }
                for pair in pairs {
                    guard let pattern = pair.value.scalar?.value else { continue }
                    do {
                        _ = try PromRegex(pattern)
                    } catch {
                        map.context.value(pair.value, at: map.path.appending(pair.key.scalar?.value ?? ""))
                            .report(error.message)
                    }
                }
            }
        }
        return alert
    }

    private static func decodePromQLTest(_ value: YAMLValue) -> PromQLTestCase? {
        guard let fields = value.mapping("main.promqlTestCase", keys: ["expr", "eval_time", "exp_samples"]) else {
            return nil
        }
        return PromQLTestCase(
            expr: fields["expr"]?.string() ?? "", evalTime: fields["eval_time"]?.duration() ?? 0,
            expectedSamples: fields["exp_samples"]?.sequence("[]main.sample") { decodeSample($0) } ?? [],
            span: value.span)
    }

    private static func decodeSample(_ value: YAMLValue) -> ExpectedSample? {
        guard let fields = value.mapping("main.sample", keys: ["labels", "value", "histogram"]) else { return nil }
        return ExpectedSample(
            labels: fields["labels"]?.string() ?? "", value: fields["value"]?.double() ?? 0,
            histogram: fields["histogram"]?.string() ?? "", span: value.span)
    }
}
