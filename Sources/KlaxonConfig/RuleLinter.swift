public import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonYAML

/// Klaxon's checks beyond promtool's, for `klaxon check rules --check …`. Each finds problems that make rules
/// silently useless rather than invalid, so they are warnings.
public enum RuleCheck: String, Sendable, CaseIterable, Hashable {
    /// Alerting rules without a `severity` label (group labels count).
    case severity
    /// Alerting rules without the required annotations (`summary`, `description`, `runbook_url` by default).
    case annotations
    /// `rate()`-family ranges shorter than twice the scrape interval.
    case rateRange = "rate-range"
    /// `for:` shorter than the group's evaluation interval.
    case forInterval = "for-interval"
    /// Templates reading `$labels.X` that the expression's result can never carry.
    case templateLabels = "template-labels"
    /// Comparisons that can never hold (`count(x) == 0`, a subset ratio `> 1`, `up > 1`).
    case thresholds
}

/// Settings of `RuleLinter`.
public struct RuleLintOptions: Sendable {
    public var checks: Set<RuleCheck>
    /// Annotations every alerting rule must have (`annotations` check).
    public var requiredAnnotations: [String]
    /// The scrape interval the `rate-range` check assumes, in milliseconds.
    public var scrapeInterval: Int64
    /// The evaluation interval of groups without `interval:` (Prometheus's global default: 1m).
    public var evaluationInterval: Int64

    public init(
        checks: Set<RuleCheck> = [], requiredAnnotations: [String] = ["summary", "description", "runbook_url"],
        scrapeInterval: Int64 = 60_000, evaluationInterval: Int64 = 60_000
    ) {
        self.checks = checks
        self.requiredAnnotations = requiredAnnotations
        self.scrapeInterval = scrapeInterval
        self.evaluationInterval = evaluationInterval
    }
}

/// Runs the enabled `RuleCheck`s over a loaded, valid rule file; every finding is a warning located at the
/// offending text (inside expressions and templates too).
public enum RuleLinter {
    static let rateFunctions: Set<FunctionID> = [.rate, .irate, .increase, .delta, .idelta, .deriv]

    public static func lint(_ file: RuleFile, options: RuleLintOptions) -> [Diagnostic] {
        guard !file.hasErrors else { return [] }
        var findings: [Diagnostic] = []
        for (g, group) in file.groups.enumerated() {
            let source = file.sources[safe: g]
            for (r, rule) in group.rules.enumerated() {
                let ruleSource = source?.rules[safe: r]
                var context = Context(file: file, group: group, rule: rule, source: ruleSource, options: options)
                context.run()
                findings += context.findings
            }
        }
        return findings.sortedByPosition()
    }

    /// The checks of one rule.
    struct Context {
        let file: RuleFile
        let group: RuleGroupSpec
        let rule: RuleSpec
        let source: RuleSource?
        let options: RuleLintOptions
        var findings: [Diagnostic] = []

        var ruleSpan: SourceSpan {
            rule.positions.alert ?? rule.positions.record ?? rule.positions.rule
                ?? SourceSpan(file: file.path, start: SourcePosition(line: 1, column: 1))
        }

        mutating func warn(_ code: String, _ message: String, at span: SourceSpan?) {
            findings.append(Diagnostic(.warning, code: "lint." + code, message: message, span: span ?? ruleSpan))
        }

        /// The file span of a range of the rule's expression.
        func exprSpan(_ range: TextRange) -> SourceSpan? {
            source?.value("expr")?.sourceMap?.span(of: range) ?? rule.positions.expr
        }

        mutating func run() {
            let checks = options.checks
            let isAlert = rule.kind == .alerting
            if isAlert && checks.contains(.severity) { checkSeverity() }
            if isAlert && checks.contains(.annotations) { checkAnnotations() }
            if isAlert && checks.contains(.forInterval) { checkForInterval() }
            guard let expr = rule.expr else { return }
            if checks.contains(.rateRange) { checkRateRanges(expr) }
            if isAlert && checks.contains(.templateLabels) { checkTemplateLabels(expr) }
            if checks.contains(.thresholds) { checkThresholds(expr) }
        }

        mutating func checkSeverity() {
            let labels = DuplicateRules.merged(group.labels, rule.labels)
            guard !labels.contains(where: { $0.name == "severity" && !$0.value.isEmpty }) else { return }
            warn(
                "missing-severity", "alert \(GoQuote.quote(rule.name)) has no \"severity\" label",
                at: rule.positions.alert)
        }

        mutating func checkAnnotations() {
            let present = Set(rule.annotations.filter { !$0.value.isEmpty }.map(\.name))
            for name in options.requiredAnnotations where !present.contains(name) {
                warn(
                    "missing-annotation", "alert \(GoQuote.quote(rule.name)) has no \(GoQuote.quote(name)) annotation",
                    at: rule.positions.alert)
            }
        }

        mutating func checkForInterval() {
            let interval = group.interval ?? options.evaluationInterval
            guard rule.holdDuration > 0, rule.holdDuration < interval else { return }
            let hold = PromDuration.format(rule.holdDuration)
            let every = PromDuration.format(interval)
            warn(
                "for-shorter-than-interval",
                "\"for: \(hold)\" is shorter than the group's evaluation interval (\(every)): the alert fires at its "
                    + "second evaluation at the earliest, as with \"for: \(every)\"", at: source?.value("for")?.span)
        }

        mutating func checkRateRanges(_ expr: Expr) {
            let minimum = options.scrapeInterval * 2
            var found: [(FunctionID, MatrixSelector, Int64)] = []
            expr.walk { node in
                guard case .call(let call) = node, RuleLinter.rateFunctions.contains(call.function),
                    case .matrixSelector(let m) = call.args.first?.unwrappingParens,
                    let window = m.window.literalMilliseconds, window < minimum
                else { return true }
                found.append((call.function, m, window))
                return true
            }
            for (function, selector, window) in found {
                warn(
                    "short-rate-range",
                    "\(function.rawValue)() over [\(PromDuration.format(window))] spans less than two scrape intervals "
                        + "(2 × \(PromDuration.format(options.scrapeInterval))): it returns nothing while the window "
                        + "holds a single sample", at: exprSpan(selector.range))
            }
        }

        mutating func checkTemplateLabels(_ expr: Expr) {
            let produced = OutputLabels.of(expr)
            if case .open(let excluded) = produced, excluded.isEmpty { return }
            let available: String
            switch produced.closedNames {
            case .some(let names) where names.isEmpty: available = "has no labels"
            case .some(let names): available = "only has " + names.joined(separator: ", ")
            case .none: available = "never has it (the expression removes it)"
            }
            for (field, entries, what) in [
                ("labels", rule.labels, "label"), ("annotations", rule.annotations, "annotation"),
            ] {
                for entry in entries {
                    for reference in TemplateLabelReferences.find(in: entry.value)
                    where reference.name != WellKnown.metricName && !produced.canContain(reference.name) {
                        let value = source?.entry(entry.name, in: field)
                        let span =
                            value?.sourceMap?.span(of: reference.offset..<(reference.offset + reference.length))
                            ?? value?.span
                        warn(
                            "template-label-not-produced",
                            "\(what) \(GoQuote.quote(entry.name)) reads $labels.\(reference.name), but the result of "
                                + "the expression \(available)", at: span)
                    }
                }
            }
        }

        mutating func checkThresholds(_ expr: Expr) {
            var found: [(Expr, BinaryOperator, Double, Expr)] = []
            expr.walk { node in
                guard case .binary(let b) = node, b.op.isComparison, !b.returnBool else { return true }
                if let threshold = Self.literal(b.rhs), b.lhs.type == .vector {
                    found.append((b.lhs, b.op, threshold, b.rhs))
                } else if let threshold = Self.literal(b.lhs), b.rhs.type == .vector {
                    found.append((b.rhs, Self.flipped(b.op), threshold, b.lhs))
                }
                return true
            }
            for (side, op, threshold, literal) in found {
                let range = ValueRange.of(side)
                guard !range.isAny, !range.canSatisfy(op, threshold) else { continue }
                var message =
                    "this comparison can never be true: the value compared is \(range), and must be "
                    + "\(op.rawValue) \(GoFloat.formatV(threshold))"
                if case .aggregate(let a) = side.unwrappingParens, a.op == .count {
                    message += "; count() returns no sample, not 0, when nothing matches: use absent()"
                }
                warn("unreachable-threshold", message, at: exprSpan(literal.range))
            }
        }

        static func literal(_ expr: Expr) -> Double? {
            switch expr.unwrappingParens {
            case .number(let n): return n.value
            case .unary(let u):
                guard let v = literal(u.expr) else { return nil }
                return u.negate ? -v : v
            default: return nil
            }
        }

        static func flipped(_ op: BinaryOperator) -> BinaryOperator {
            switch op {
            case .greater: .less
            case .less: .greater
            case .greaterOrEqual: .lessOrEqual
            case .lessOrEqual: .greaterOrEqual
            default: op
            }
        }
    }
}
