public import KlaxonModel
public import KlaxonPromQL

/// Whether a rule records a series or raises alerts.
public enum RuleKind: String, Sendable, Hashable {
    case alerting
    case recording
}

/// One rule as written in a rule file (Prometheus's `rulefmt.Rule`), after YAML decoding and before
/// validation. Decoding is the loader's job; `RuleValidation` checks the values the way Prometheus's
/// `rulefmt` does and `RuleGroup(spec:…)` turns a valid spec into an evaluable rule.
///
/// Durations are `Int64` milliseconds, like `Timestamp`, so that every alert-state comparison is plain
/// integer arithmetic.
public struct RuleSpec: Sendable, Equatable {
    /// `record:`; nil or "" when absent (Prometheus treats both alike).
    public var record: String?
    /// `alert:`; nil or "" when absent.
    public var alert: String?
    /// `expr:` exactly as written.
    public var exprText: String
    /// The parsed expression; nil when `exprText` is empty or does not parse (then `exprError` says why).
    public var expr: Expr?
    /// Why `exprText` did not parse.
    public var exprError: ParseError?
    /// `for:` (Prometheus's `holdDuration`), in milliseconds.
    public var holdDuration: Int64
    /// `keep_firing_for:`, in milliseconds.
    public var keepFiringFor: Int64
    /// `labels:` in file order. A label whose (expanded) value is empty removes that label from the result.
    public var labels: [Label]
    /// `annotations:` in file order.
    public var annotations: [Label]
    /// Where the parts of the rule are in the file, for diagnostics.
    public var positions: Positions

    /// Source spans of a rule's parts. Any of them may be unknown (rules built in code).
    public struct Positions: Sendable, Equatable {
        /// The rule's mapping (the `- ` list item).
        public var rule: SourceSpan?
        /// The value of `record:`.
        public var record: SourceSpan?
        /// The value of `alert:`.
        public var alert: SourceSpan?
        /// The value of `expr:`.
        public var expr: SourceSpan?
        /// Each label's key, by label name.
        public var labels: [String: SourceSpan]
        /// Each annotation's key, by annotation name.
        public var annotations: [String: SourceSpan]

        public init(
            rule: SourceSpan? = nil, record: SourceSpan? = nil, alert: SourceSpan? = nil, expr: SourceSpan? = nil,
            labels: [String: SourceSpan] = [:], annotations: [String: SourceSpan] = [:]
        ) {
            self.rule = rule
            self.record = record
            self.alert = alert
            self.expr = expr
            self.labels = labels
            self.annotations = annotations
        }
    }

    /// Builds a spec and parses `expr` with `PromQL.parse`; a parse failure is kept in `exprError`.
    public init(
        record: String? = nil, alert: String? = nil, expr exprText: String, for holdDuration: Int64 = 0,
        keepFiringFor: Int64 = 0, labels: [Label] = [], annotations: [Label] = [], positions: Positions = Positions()
    ) {
        var parsed: Expr?
        var parseError: ParseError?
        if !exprText.isEmpty {
            do throws(ParseError) {
                parsed = try PromQL.parse(exprText)
            } catch {
                parseError = error
            }
        }
        self.init(
            record: record, alert: alert, exprText: exprText, parsed: parsed, parseError: parseError,
            for: holdDuration, keepFiringFor: keepFiringFor, labels: labels, annotations: annotations,
            positions: positions)
    }

    /// Builds a spec from an expression the caller has already parsed (or failed to parse).
    public init(
        record: String? = nil, alert: String? = nil, exprText: String, parsed: Expr?, parseError: ParseError? = nil,
        for holdDuration: Int64 = 0, keepFiringFor: Int64 = 0, labels: [Label] = [], annotations: [Label] = [],
        positions: Positions = Positions()
    ) {
        self.record = record
        self.alert = alert
        self.exprText = exprText
        self.expr = parsed
        self.exprError = parseError
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.positions = positions
    }

    /// `alert` when set, else `record`: the name Prometheus prints in rule errors.
    public var name: String {
        if let alert, !alert.isEmpty { return alert }
        return record ?? ""
    }

    /// `.alerting` when `alert:` is set, else `.recording`.
    public var kind: RuleKind {
        if let alert, !alert.isEmpty { return .alerting }
        return .recording
    }
}
