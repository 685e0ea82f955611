import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonYAML

/// Decodes a rule file's YAML into `RuleGroupSpec`s the way Prometheus's `rulefmt.Parse` does: with yaml.v3,
/// strictly (unknown keys are errors unless allowed), collecting every error.
///
/// Prometheus decodes each file twice: into `rulefmt.RuleGroups` (strict) and into the node types that keep
/// positions, where `record`, `alert` and `expr` accept any YAML and unknown keys pass. Both failures are
/// printed, so the second pass exists to reproduce promtool's output (`nodePass`); its groups are discarded.
struct RuleFileDecoder {
    let context: YAMLDecodingContext
    let nodePass: Bool

    init(allowsUnknownKeys: Bool, nodePass: Bool) {
        context = YAMLDecodingContext(
            options: YAMLDecodingOptions(dialect: .goYAMLv3, allowsUnknownKeys: allowsUnknownKeys || nodePass))
        self.nodePass = nodePass
    }

    private var groupsType: String { nodePass ? "rulefmt.ruleGroups" : "rulefmt.RuleGroups" }
    private var groupType: String { nodePass ? "rulefmt.RuleGroupNode" : "rulefmt.RuleGroup" }
    private var ruleType: String { nodePass ? "rulefmt.RuleNode" : "rulefmt.Rule" }

    static let groupKeys = ["name", "interval", "query_offset", "limit", "rules", "labels"]
    static let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// The groups of the document, with the YAML behind them; errors go to `context`.
    func decode(_ root: YAMLNode?, file: String) -> (groups: [RuleGroupSpec], sources: [RuleGroupSource]) {
        guard let root else { return ([], []) }
        guard let top = context.value(root).mapping(groupsType, keys: ["groups"]) else { return ([], []) }
        guard let items = top["groups"]?.sequence("[]" + groupType) else { return ([], []) }
        var groups: [RuleGroupSpec] = []
        var sources: [RuleGroupSource] = []
        for item in items {
            guard let (group, source) = decodeGroup(item, file: file) else { continue }
            groups.append(group)
            sources.append(source)
        }
        return (groups, sources)
    }

    private func decodeGroup(_ value: YAMLValue, file: String) -> (RuleGroupSpec, RuleGroupSource)? {
        guard let fields = value.mapping(groupType, keys: Self.groupKeys) else { return nil }
        let name = fields["name"]?.string() ?? ""
        let interval = fields["interval"]?.duration()
        var queryOffset: Int64?
        if let offset = fields["query_offset"], !offset.isNull { queryOffset = offset.duration() }
        let limit = fields["limit"]?.int() ?? 0
        let (labels, labelSpans) = stringMap(fields["labels"])
        var rules: [RuleSpec] = []
        var ruleSources: [RuleSource] = []
        for item in fields["rules"]?.sequence("[]" + ruleType) ?? [] {
            guard let rule = decodeRule(item) else { continue }
            rules.append(rule)
            ruleSources.append(RuleSource(node: item.node))
        }
        let group = RuleGroupSpec(
            name: name, file: file, interval: interval.flatMap { $0 == 0 ? nil : $0 }, queryOffset: queryOffset,
            limit: limit, labels: labels, rules: rules,
            positions: RuleGroupSpec.Positions(group: value.span, labels: labelSpans))
        return (group, RuleGroupSource(node: value.node, rules: ruleSources))
    }

    private func decodeRule(_ value: YAMLValue) -> RuleSpec? {
        guard let fields = value.mapping(ruleType, keys: Self.ruleKeys) else { return nil }
        // In the node pass these three are `yaml.Node`s, which accept anything.
        func text(_ key: String) -> String? {
            guard let field = fields[key] else { return nil }
            if nodePass { return field.node.scalar.map { field.isNull ? "" : $0.value } ?? "" }
            return field.string() ?? ""
        }
        let record = text("record")
        let alert = text("alert")
        let exprText = text("expr") ?? ""
        let holdDuration = fields["for"]?.duration() ?? 0
        let keepFiringFor = fields["keep_firing_for"]?.duration() ?? 0
        let (labels, labelSpans) = stringMap(fields["labels"])
        let (annotations, annotationSpans) = stringMap(fields["annotations"])
        var parsed: Expr?
        var parseError: ParseError?
        if !nodePass && !exprText.isEmpty {
            do throws(ParseError) {
                parsed = try PromQL.parse(exprText)
            } catch {
                parseError = error
            }
        }
        let positions = RuleSpec.Positions(
            rule: value.span, record: fields["record"]?.span, alert: fields["alert"]?.span, expr: fields["expr"]?.span,
            labels: labelSpans, annotations: annotationSpans)
        return RuleSpec(
            record: record, alert: alert, exprText: exprText, parsed: parsed, parseError: parseError,
            for: holdDuration, keepFiringFor: keepFiringFor, labels: labels, annotations: annotations,
            positions: positions)
    }

    /// A `map[string]string` field in file order, with each key's span.
    private func stringMap(_ value: YAMLValue?) -> ([Label], [String: SourceSpan]) {
        guard let value, let pairs = value.stringMap() else { return ([], [:]) }
        var spans: [String: SourceSpan] = [:]
        for pair in value.node.mapping?.pairs ?? [] {
            if let key = pair.key.scalar?.value, spans[key] == nil { spans[key] = pair.key.span }
        }
        return (pairs.map { Label($0.key, $0.value) }, spans)
    }

    /// What promtool prints for this pass's errors: a value that failed to parse (a duration) stops Go's
    /// decoder with just that message; otherwise the `yaml: unmarshal errors:` list. Nil when there are none.
    var promtoolMessage: String? {
        let failures = context.errors.filter { $0.kind == .invalidValue }
        if let first = failures.min(by: { $0.span.start < $1.span.start }) { return first.message }
        return context.goMessage
    }
}
