import KlaxonModel
import KlaxonPromQL

/// Bounds on the values an expression can produce, computed conservatively from the syntax tree (NaN aside,
/// which never satisfies a comparison). Everything unknown is `(-∞, +∞)`; bounds come only from facts that
/// always hold: `rate()` and `count()` are never negative, `absent()` is 1, `up` is 0 or 1, `x > bool y` is 0
/// or 1, a ratio of a subset of series to the whole set (`sum(rate(e{code="5xx"}[5m])) / sum(rate(e[5m]))`)
/// is at most 1. Used to find comparisons that can never hold, so the alert can never fire.
struct ValueRange: Equatable, CustomStringConvertible {
    var lower: Double
    var upper: Double

    static let any = ValueRange(lower: -.infinity, upper: .infinity)
    static let nonNegative = ValueRange(lower: 0, upper: .infinity)
    static let unit = ValueRange(lower: 0, upper: 1)

    static func exactly(_ v: Double) -> ValueRange { ValueRange(lower: v, upper: v) }

    var isAny: Bool { lower == -.infinity && upper == .infinity }

    func union(_ o: ValueRange) -> ValueRange { ValueRange(lower: min(lower, o.lower), upper: max(upper, o.upper)) }

    func intersection(_ o: ValueRange) -> ValueRange {
        ValueRange(lower: max(lower, o.lower), upper: min(upper, o.upper))
    }

    var description: String {
        if lower == upper { return "always \(GoFloat.formatV(lower))" }
        if upper == .infinity { return "at least \(GoFloat.formatV(lower))" }
        if lower == -.infinity { return "at most \(GoFloat.formatV(upper))" }
        return "between \(GoFloat.formatV(lower)) and \(GoFloat.formatV(upper))"
    }

    /// Whether some value in the range satisfies `value op threshold`.
    func canSatisfy(_ op: BinaryOperator, _ threshold: Double) -> Bool {
        guard !threshold.isNaN else { return op == .notEqual }
        switch op {
        case .greater: return upper > threshold
        case .greaterOrEqual: return upper >= threshold
        case .less: return lower < threshold
        case .lessOrEqual: return lower <= threshold
        case .equal: return lower <= threshold && threshold <= upper
        case .notEqual: return !(lower == threshold && upper == threshold)
        default: return true
        }
    }

    /// The bounds of `expr`.
    static func of(_ expr: Expr) -> ValueRange {
        switch expr {
        case .number(let n): return n.value.isNaN ? .any : .exactly(n.value)
        case .string: return .any
        case .vectorSelector(let s): return ofMetric(s)
        case .matrixSelector(let m): return ofMetric(m.selector)
        case .subquery(let s): return of(s.expr)
        case .paren(let p): return of(p.expr)
        case .unary(let u):
            let inner = of(u.expr)
            return u.negate ? ValueRange(lower: -inner.upper, upper: -inner.lower) : inner
        case .call(let call): return ofCall(call)
        case .aggregate(let a): return ofAggregate(a)
        case .binary(let b): return ofBinary(b)
        }
    }

    /// Metrics whose values are fixed by Prometheus itself.
    private static func ofMetric(_ selector: VectorSelector) -> ValueRange {
        switch selector.name {
        case "up": return .unit
        case WellKnown.alertsMetric: return .exactly(1)
        default: return .any
        }
    }

    private static func literal(_ expr: Expr?) -> Double? {
        guard let expr else { return nil }
        switch expr.unwrappingParens {
        case .number(let n): return n.value
        case .unary(let u):
            guard let v = literal(u.expr) else { return nil }
            return u.negate ? -v : v
        default: return nil
        }
    }

    private static func ofCall(_ call: Call) -> ValueRange {
        let first = call.args.first.map(of) ?? .any
        switch call.function {
        case .rate, .irate, .increase, .stddevOverTime, .stdvarOverTime, .changes, .resets, .histogramCount,
            .histogramStddev, .histogramStdvar, .madOverTime:
            return .nonNegative
        case .abs, .sqrt:
            return magnitude(of: first)
        case .countOverTime: return ValueRange(lower: 1, upper: .infinity)
        case .absent, .absentOverTime, .presentOverTime: return .exactly(1)
        case .sgn: return ValueRange(lower: -1, upper: 1)
        case .histogramFraction: return .unit
        case .avgOverTime, .minOverTime, .maxOverTime, .lastOverTime, .firstOverTime, .sort, .sortDesc,
            .sortByLabel, .sortByLabelDesc, .labelReplace, .labelJoin:
            return first
        case .quantileOverTime:
            return call.args.count > 1 ? of(call.args[1]) : .any
        case .clamp:
            guard let low = literal(call.args[safe: 1]), let high = literal(call.args[safe: 2]), low <= high else {
                return .any
            }
            return ValueRange(lower: max(first.lower, low), upper: min(first.upper, high)).orEmpty(low, high)
        case .clampMin:
            guard let low = literal(call.args[safe: 1]) else { return .any }
            return ValueRange(lower: max(first.lower, low), upper: max(first.upper, low))
        case .clampMax:
            guard let high = literal(call.args[safe: 1]) else { return .any }
            return ValueRange(lower: min(first.lower, high), upper: min(first.upper, high))
        case .dayOfWeek: return ValueRange(lower: 0, upper: 6)
        case .hour: return ValueRange(lower: 0, upper: 23)
        case .minute: return ValueRange(lower: 0, upper: 59)
        case .month: return ValueRange(lower: 1, upper: 12)
        case .dayOfMonth: return ValueRange(lower: 1, upper: 31)
        case .daysInMonth: return ValueRange(lower: 28, upper: 31)
        case .dayOfYear: return ValueRange(lower: 1, upper: 366)
        case .vector, .scalar: return first
        default: return .any
        }
    }

    /// |x| and sqrt(x) are never negative; an input bounded on both sides bounds them from above too.
    private static func magnitude(of input: ValueRange) -> ValueRange {
        guard input.lower.isFinite && input.upper.isFinite else { return .nonNegative }
        return ValueRange(lower: 0, upper: Swift.max(Swift.abs(input.lower), Swift.abs(input.upper), 1))
    }

    private func orEmpty(_ low: Double, _ high: Double) -> ValueRange {
        lower <= upper ? self : ValueRange(lower: low, upper: high)
    }

    private static func ofAggregate(_ a: AggregateExpr) -> ValueRange {
        let input = of(a.expr)
        switch a.op {
        case .count, .countValues: return ValueRange(lower: 1, upper: .infinity)
        case .group: return .exactly(1)
        case .stddev, .stdvar: return .nonNegative
        case .sum: return input.lower >= 0 ? .nonNegative : .any
        case .avg, .min, .max, .quantile, .topk, .bottomk, .limitk, .limitRatio: return input
        }
    }

    private static func ofBinary(_ b: BinaryExpr) -> ValueRange {
        let lhs = of(b.lhs)
        let rhs = of(b.rhs)
        if b.op.isComparison {
            if b.returnBool { return .unit }
            // A filter keeps the side that carries the vector (the left, unless only the right is a vector).
            return b.lhs.type == .scalar && b.rhs.type == .vector ? rhs : lhs
        }
        switch b.op {
        case .and, .unless: return lhs
        case .or: return lhs.union(rhs)
        case .add: return ValueRange(lower: lhs.lower + rhs.lower, upper: lhs.upper + rhs.upper).sane
        case .subtract: return ValueRange(lower: lhs.lower - rhs.upper, upper: lhs.upper - rhs.lower).sane
        case .multiply:
            let products = [lhs.lower * rhs.lower, lhs.lower * rhs.upper, lhs.upper * rhs.lower, lhs.upper * rhs.upper]
            guard !products.contains(where: \.isNaN) else { return .any }
            return ValueRange(lower: products.min() ?? -.infinity, upper: products.max() ?? .infinity)
        case .divide:
            if lhs.lower >= 0 && rhs.lower >= 0 {
                return SubsetQuery.isSubset(b.lhs, of: b.rhs) ? .unit : .nonNegative
            }
            return .any
        default:
            return .any
        }
    }

    /// `-∞ + ∞` is NaN: such a range says nothing.
    private var sane: ValueRange { lower.isNaN || upper.isNaN ? .any : self }
}

/// Whether one query selects a subset of the series another selects, with otherwise the same shape
/// (`sum by (job) (rate(x{code="5xx"}[5m]))` of `sum by (job) (rate(x[5m]))`), so that for non-negative values
/// their ratio is at most 1.
enum SubsetQuery {
    static func isSubset(_ part: Expr, of whole: Expr) -> Bool {
        switch (part.unwrappingParens, whole.unwrappingParens) {
        case (.vectorSelector(let p), .vectorSelector(let w)):
            return selectorSubset(p, w)
        case (.matrixSelector(let p), .matrixSelector(let w)):
            return p.window == w.window && selectorSubset(p.selector, w.selector)
        case (.call(let p), .call(let w)):
            guard p.function == w.function, p.args.count == w.args.count,
                [.rate, .increase, .countOverTime, .sumOverTime].contains(p.function)
            else { return false }
            return zip(p.args, w.args).allSatisfy { isSubset($0, of: $1) }
        case (.aggregate(let p), .aggregate(let w)):
            guard p.op == w.op, [.sum, .count].contains(p.op), p.without == w.without,
                Set(p.grouping) == Set(w.grouping), p.param == nil, w.param == nil
            else { return false }
            return isSubset(p.expr, of: w.expr)
        default:
            return false
        }
    }

    private static func selectorSubset(_ part: VectorSelector, _ whole: VectorSelector) -> Bool {
        guard part.offset == whole.offset, part.at == whole.at else { return false }
        let partMatchers = Set(part.matchers.map(\.description))
        let wholeMatchers = Set(whole.matchers.map(\.description))
        return wholeMatchers.isSubset(of: partMatchers) && part.matchers.contains { $0.name == WellKnown.metricName }
    }
}
