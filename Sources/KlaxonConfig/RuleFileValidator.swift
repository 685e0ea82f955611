import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonYAML

/// One validation problem in both spellings: a Klaxon diagnostic at the precise position, and the text promtool
/// prints (without the `file: ` prefix).
struct RuleProblem {
    var diagnostic: Diagnostic
    var promtoolText: String
}

/// Prometheus's `RuleGroups.Validate` over decoded groups, in its order: per group the name checks and the
/// group labels, then each rule (`RuleValidation`) followed by its template checks. The promtool text carries
/// the positions yaml.v3 gives Prometheus: rule errors name the `record`/`alert`/`expr` value (`0:0` when the
/// key is absent); group errors always say `0:0`, because Prometheus's group node is never filled in.
struct RuleFileValidator {
    let scheme: NameValidationScheme

    func validate(_ groups: [RuleGroupSpec], sources: [RuleGroupSource]) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        var seen: Set<String> = []
        for (groupIndex, group) in groups.enumerated() {
            let groupSpan =
                group.positions.group ?? SourceSpan(file: group.file, start: SourcePosition(line: 1, column: 1))
            if group.name.isEmpty {
                problems.append(
                    RuleProblem(
                        diagnostic: Diagnostic(
                            .error, code: "rules.empty-group-name", message: "Groupname must not be empty",
                            span: groupSpan),
                        promtoolText: "0:0: Groupname must not be empty"))
            }
            if !seen.insert(group.name).inserted {
                let message = "groupname: \"\(group.name)\" is repeated in the same file"
                let span = sources[safe: groupIndex]?.value("name")?.span ?? groupSpan
                problems.append(
                    RuleProblem(
                        diagnostic: Diagnostic(
                            .error, code: "rules.duplicate-group-name", message: message, span: span),
                        promtoolText: "0:0: " + message))
            }
            for label in group.labels where !scheme.isValidLabelName(label.name) || label.name == WellKnown.metricName {
                let message = "invalid label name: \(label.name)"
                problems.append(
                    RuleProblem(
                        diagnostic: Diagnostic(
                            .error, code: "rules.invalid-label-name", message: message,
                            span: group.positions.labels[label.name] ?? groupSpan),
                        promtoolText: message))
            }
            for (index, rule) in group.rules.enumerated() {
                let source = sources[safe: groupIndex]?.rules[safe: index]
                problems += validate(rule, index: index, in: group, source: source)
            }
        }
        return problems
    }

    private func validate(_ rule: RuleSpec, index: Int, in group: RuleGroupSpec, source: RuleSource?) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        for diagnostic in RuleValidation.validate(rule, index: index, in: group, scheme: scheme) {
            problems.append(
                RuleProblem(
                    diagnostic: refined(diagnostic, rule: rule, index: index, group: group, source: source),
                    promtoolText: nodePrefix(diagnostic.code, rule) + diagnostic.message))
        }
        if let alert = rule.alert, !alert.isEmpty {
            let prefix = "group \(GoQuote.quote(group.name)), rule \(index + 1), \(GoQuote.quote(rule.name)): "
            for (field, entries, what) in [
                ("labels", rule.labels, "label"), ("annotations", rule.annotations, "annotation"),
            ] {
                for entry in entries {
                    guard let problem = AlertTemplateCheck.problem(in: entry.value, alertName: alert) else { continue }
                    let message = prefix + "\(what) \(GoQuote.quote(entry.name)): \(problem.message)"
                    var span =
                        source?.entry(entry.name, in: field)?.span ?? rule.positions.rule ?? group.positions.group
                    if let offset = problem.offset, let map = source?.entry(entry.name, in: field)?.sourceMap {
                        span = map.span(of: offset..<offset)
                    }
                    let fallback = SourceSpan(file: group.file, start: SourcePosition(line: 1, column: 1))
                    problems.append(
                        RuleProblem(
                            diagnostic: Diagnostic(
                                .error, code: "rules.invalid-template", message: message, span: span ?? fallback),
                            promtoolText: message))
                }
            }
        }
        return problems
    }

    /// The `line:col: ` prefixes Prometheus's `WrappedError` adds for the nodes an error names.
    private func nodePrefix(_ code: String, _ rule: RuleSpec) -> String {
        func position(_ span: SourceSpan?) -> String {
            guard let span else { return "0:0" }
            return "\(span.start.line):\(span.start.column)"
        }
        switch code {
        case "rules.record-and-alert", "rules.missing-record-or-alert":
            return "\(position(rule.positions.record)): \(position(rule.positions.alert)): "
        case "rules.missing-expr", "rules.invalid-expr":
            return "\(position(rule.positions.expr)): "
        case "rules.annotations-in-recording-rule", "rules.for-in-recording-rule",
            "rules.keep-firing-for-in-recording-rule", "rules.invalid-recording-name", "rules.braces-in-recording-name":
            return "\(position(rule.positions.record)): "
        default:
            return ""
        }
    }

    /// Moves a PromQL parse error to the offending character and states it without the expression-relative
    /// position, which the diagnostic's own position replaces.
    private func refined(
        _ diagnostic: Diagnostic, rule: RuleSpec, index: Int, group: RuleGroupSpec, source: RuleSource?
    ) -> Diagnostic {
        guard diagnostic.code == "rules.invalid-expr", let error = rule.exprError else { return diagnostic }
        var refined = diagnostic
        let prefix = "group \(GoQuote.quote(group.name)), rule \(index + 1), \(GoQuote.quote(rule.name)): "
        refined.message = prefix + "could not parse expression: " + error.message
        if let map = source?.value("expr")?.sourceMap {
            // An error at the end of input (after a block scalar's final line break) points just past the last
            // character written, not at the start of the next line.
            let trimmed =
                rule.exprText.utf8.count
                - rule.exprText.utf8.reversed().prefix { $0 == 0x0A || $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }.count
            let start = min(error.range.lowerBound, trimmed)
            refined.span = map.span(of: start..<max(start, min(error.range.upperBound, trimmed)))
            if !map.isExact {
                refined.notes.append(
                    Diagnostic(
                        .note, code: "rules.invalid-expr",
                        message: "at \(error.position.line):\(error.position.column) of the expression",
                        span: refined.span))
            }
        }
        return refined
    }
}

extension Array {
    /// The element at `index`, or nil when out of range.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
