import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonStorage
import KlaxonTemplate

/// Which PromQL modifiers queries may use. promtool's CLI always enables both; its Go test harness runs
/// some fixtures with them off, and so can Klaxon (the errors are Prometheus's).
public struct QueryModifiers: Sendable, Equatable {
    public var atModifier: Bool
    public var negativeOffset: Bool

    public init(atModifier: Bool = true, negativeOffset: Bool = true) {
        self.atModifier = atModifier
        self.negativeOffset = negativeOffset
    }

    /// Prometheus's `validateOpts`: the first disabled modifier the expression uses, as an error message.
    func violation(in expr: Expr) -> String? {
        if atModifier && negativeOffset { return nil }
        var message: String?
        expr.walk { node in
            guard message == nil else { return false }
            var at: AtModifier?
            var offset: DurationExpr?
            switch node {
            case .vectorSelector(let s): (at, offset) = (s.at, s.offset)
            case .matrixSelector(let m): (at, offset) = (m.selector.at, m.selector.offset)
            case .subquery(let s): (at, offset) = (s.at, s.offset)
            default: break
            }
            if at != nil && !atModifier { message = "@ modifier is disabled" }
            if let offset, Self.isNegative(offset), !negativeOffset, message == nil {
                message = "negative offset is disabled"
            }
            return message == nil
        }
        return message
    }

    private static func isNegative(_ offset: DurationExpr) -> Bool {
        switch offset {
        case .literal(let ms): ms < 0
        case .number(let seconds): seconds < 0
        case .negate(let inner): !isNegative(inner)
        case .paren(let inner): isNegative(inner)
        default: false
        }
    }
}

/// The querier of a test group: the engine over the group's storage (plus a rule's pending samples), with
/// promtool's engine settings and the modifier checks.
struct RuleTestQuerier: RuleQuerier {
    let engine: Engine
    let storage: MemoryStorage
    let modifiers: QueryModifiers

    func instantQuery(_ query: RuleQuery, at time: Timestamp, pending: SampleOverlay) async throws -> QueryResult {
        try evaluate(query.expr, at: time, pending: pending)
    }

    func evaluate(_ expr: Expr, at time: Timestamp, pending: SampleOverlay = SampleOverlay()) throws(EvaluationError)
        -> QueryResult
    {
        if let violation = modifiers.violation(in: expr) { throw EvaluationError(.execution, violation) }
        if pending.isEmpty { return try engine.instantQuery(expr, at: time, source: storage) }
        return try engine.instantQuery(expr, at: time, source: OverlaySource(base: storage, overlay: pending))
    }
}

/// The `query` template function of a test group: an instant query over the group's storage, whose vector (or
/// scalar, as one sample) is the result, as Prometheus's `EngineQueryFunc` gives it.
struct RuleTestTemplateQuerier: TemplateQuerier {
    let querier: RuleTestQuerier

    func query(_ query: String, at time: Timestamp) throws -> [Sample] {
        let expr = try PromQL.parse(query)
        return try querier.evaluate(expr, at: time).ruleVector()
    }
}
