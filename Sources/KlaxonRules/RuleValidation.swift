public import KlaxonModel

/// Which metric and label names are valid (Prometheus's `model.ValidationScheme`).
public enum NameValidationScheme: String, Sendable, Hashable {
    /// Prometheus 3.x default: any non-empty UTF-8 string.
    case utf8
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names, `[a-zA-Z_][a-zA-Z0-9_]*` for label names.
    case legacy

    /// True when `name` may be used as a label (or annotation) name.
    public func isValidLabelName(_ name: String) -> Bool {
        switch self {
        case .utf8: !name.isEmpty  // Swift strings are always valid UTF-8
        case .legacy: Labels.isValidLegacyLabelName(name)
        }
    }

    /// True when `name` may be used as a metric name.
    public func isValidMetricName(_ name: String) -> Bool {
        switch self {
        case .utf8: !name.isEmpty
        case .legacy: Labels.isValidLegacyMetricName(name)
        }
    }
}

/// The checks Prometheus's `rulefmt` makes on decoded rule groups (`RuleGroups.Validate`, `Rule.Validate`,
/// template parse tests), reported as diagnostics with Prometheus's wording. Rule errors read
/// `group "g", rule 1, "name": …` with a 1-based rule index, as in Prometheus.
///
/// `invalid label value` cannot occur: a Swift `String` is always valid UTF-8.
public enum RuleValidation {
    /// Validates groups; group names must be unique among the groups of the same file.
    public static func validate(
        _ groups: [RuleGroupSpec], scheme: NameValidationScheme = .utf8,
        templates: any AlertTemplateExpander = VerbatimTemplateExpander()
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: Set<[String]> = []
        for group in groups {
            let groupSpan = group.positions.group ?? fileStart(group.file)
            if group.name.isEmpty {
                diagnostics.append(
                    Diagnostic(.error, code: "rules.empty-group-name", message: "Groupname must not be empty",
                               span: groupSpan))
            }
            if !seen.insert([group.file, group.name]).inserted {
                diagnostics.append(
                    Diagnostic(.error, code: "rules.duplicate-group-name",
                               message: "groupname: \"\(group.name)\" is repeated in the same file", span: groupSpan))
            }
            for label in group.labels where !scheme.isValidLabelName(label.name) || label.name == WellKnown.metricName {
                diagnostics.append(
                    Diagnostic(.error, code: "rules.invalid-label-name", message: "invalid label name: \(label.name)",
                               span: group.positions.labels[label.name] ?? groupSpan))
            }
            for (index, rule) in group.rules.enumerated() {
                diagnostics += validate(rule, index: index, in: group, scheme: scheme, templates: templates)
            }
        }
        return diagnostics
    }

    /// Validates one rule of `group` (`index` is 0-based; messages print it 1-based).
    public static func validate(
        _ rule: RuleSpec, index: Int, in group: RuleGroupSpec, scheme: NameValidationScheme = .utf8,
        templates: any AlertTemplateExpander = VerbatimTemplateExpander()
    ) -> [Diagnostic] {
        let prefix = "group \(GoQuote.quote(group.name)), rule \(index + 1), \(GoQuote.quote(rule.name)): "
        let ruleSpan = rule.positions.rule ?? group.positions.group ?? fileStart(group.file)
        var out: [Diagnostic] = []
        func report(_ code: String, _ message: String, at span: SourceSpan?, notes: [Diagnostic] = []) {
            out.append(Diagnostic(.error, code: code, message: prefix + message, span: span ?? ruleSpan, notes: notes))
        }

        let record = rule.record ?? ""
        let alert = rule.alert ?? ""
        if !record.isEmpty && !alert.isEmpty {
            let note = Diagnostic(.note, code: "rules.record-and-alert", message: "'alert' is set here",
                                  span: rule.positions.alert ?? ruleSpan)
            report("rules.record-and-alert", "only one of 'record' and 'alert' must be set", at: rule.positions.record,
                   notes: [note])
        }
        if record.isEmpty && alert.isEmpty {
            report("rules.missing-record-or-alert", "one of 'record' or 'alert' must be set", at: nil)
        }
        if rule.exprText.isEmpty {
            report("rules.missing-expr", "field 'expr' must be set in rule", at: rule.positions.expr)
        } else if let error = rule.exprError {
            report("rules.invalid-expr", "could not parse expression: \(error)", at: rule.positions.expr)
        }
        if !record.isEmpty {
            let at = rule.positions.record
            if !rule.annotations.isEmpty {
                report("rules.annotations-in-recording-rule", "invalid field 'annotations' in recording rule", at: at)
            }
            if rule.holdDuration != 0 {
                report("rules.for-in-recording-rule", "invalid field 'for' in recording rule", at: at)
            }
            if rule.keepFiringFor != 0 {
                report("rules.keep-firing-for-in-recording-rule",
                       "invalid field 'keep_firing_for' in recording rule", at: at)
            }
            if !scheme.isValidMetricName(record) {
                report("rules.invalid-recording-name", "invalid recording rule name: \(record)", at: at)
            }
            if record.contains("{") || record.contains("}") {
                report("rules.braces-in-recording-name",
                       "braces present in the recording rule name; should it be in expr?: \(record)", at: at)
            }
        }
        for label in rule.labels where !scheme.isValidLabelName(label.name) || label.name == WellKnown.metricName {
            report("rules.invalid-label-name", "invalid label name: \(label.name)", at: rule.positions.labels[label.name])
        }
        for annotation in rule.annotations where !scheme.isValidLabelName(annotation.name) {
            report("rules.invalid-annotation-name", "invalid annotation name: \(annotation.name)",
                   at: rule.positions.annotations[annotation.name])
        }
        if !alert.isEmpty {
            for label in rule.labels {
                if let problem = templateProblem(label.value, templates) {
                    report("rules.invalid-template", "label \(GoQuote.quote(label.name)): \(problem)",
                           at: rule.positions.labels[label.name])
                }
            }
            for annotation in rule.annotations {
                if let problem = templateProblem(annotation.value, templates) {
                    report("rules.invalid-template", "annotation \(GoQuote.quote(annotation.name)): \(problem)",
                           at: rule.positions.annotations[annotation.name])
                }
            }
        }
        return out
    }

    private static func templateProblem(_ text: String, _ templates: any AlertTemplateExpander) -> String? {
        do {
            try templates.validate(text)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    private static func fileStart(_ file: String) -> SourceSpan {
        SourceSpan(file: file, start: SourcePosition(line: 1, column: 1))
    }
}
