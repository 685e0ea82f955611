import KlaxonModel
import KlaxonPromQL

/// The labels an expression's result samples can carry, computed conservatively from the syntax tree: either
/// "any labels except these" (a selector can return anything) or "at most these" (after `sum by (job)`, only
/// `job`). `__name__` is never tracked. Used to catch templates that read `$labels.X` the rule can never have.
enum OutputLabels: Equatable {
    /// Any label, except the listed ones, may be present.
    case open(excluding: Set<String>)
    /// Only these labels can be present.
    case closed(Set<String>)

    static let any = OutputLabels.open(excluding: [])
    static let none = OutputLabels.closed([])

    /// Whether a result sample can have label `name`.
    func canContain(_ name: String) -> Bool {
        switch self {
        case .open(let excluded): !excluded.contains(name)
        case .closed(let names): names.contains(name)
        }
    }

    func union(_ other: OutputLabels) -> OutputLabels {
        switch (self, other) {
        case (.closed(let a), .closed(let b)): .closed(a.union(b))
        case (.open(let a), .open(let b)): .open(excluding: a.intersection(b))
        case (.open(let a), .closed(let b)), (.closed(let b), .open(let a)): .open(excluding: a.subtracting(b))
        }
    }

    func adding(_ names: some Sequence<String>) -> OutputLabels { union(.closed(Set(names))) }

    func removing(_ names: some Sequence<String>) -> OutputLabels {
        switch self {
        case .open(let excluded): .open(excluding: excluded.union(names))
        case .closed(let set): .closed(set.subtracting(names))
        }
    }

    func keeping(_ names: some Sequence<String>) -> OutputLabels {
        let kept = Set(names)
        switch self {
        case .open(let excluded): return .closed(kept.subtracting(excluded))
        case .closed(let set): return .closed(set.intersection(kept))
        }
    }

    /// The names a closed set allows, sorted (for messages); nil when open.
    var closedNames: [String]? {
        guard case .closed(let set) = self else { return nil }
        return set.sorted()
    }

    /// The labels `expr` can produce.
    static func of(_ expr: Expr) -> OutputLabels {
        let labels: OutputLabels
        switch expr {
        case .number, .string:
            labels = .none
        case .vectorSelector, .matrixSelector:
            labels = .any
        case .subquery(let s):
            labels = of(s.expr)
        case .paren(let p):
            labels = of(p.expr)
        case .unary(let u):
            labels = of(u.expr)
        case .call(let call):
            labels = ofCall(call)
        case .aggregate(let a):
            labels = ofAggregate(a)
        case .binary(let b):
            labels = ofBinary(b)
        }
        return labels.removing([WellKnown.metricName])
    }

    private static func ofCall(_ call: Call) -> OutputLabels {
        let vectors = call.args.filter { $0.type == .vector || $0.type == .matrix }
        func string(_ i: Int) -> String? {
            guard call.args.indices.contains(i), case .string(let s) = call.args[i].unwrappingParens else { return nil }
            return s.value
        }
        switch call.function {
        case .labelReplace, .labelJoin:
            let base = call.args.first.map(of) ?? .none
            guard let destination = string(1) else { return .any }
            return base.adding([destination])
        case .absent, .absentOverTime:
            // Only the equality matchers of a plain selector become labels.
            var selector: VectorSelector?
            switch call.args.first?.unwrappingParens {
            case .vectorSelector(let s): selector = s
            case .matrixSelector(let m): selector = m.selector
            default: break
            }
            guard let selector else { return .none }
            return .closed(Set(selector.matchers.filter { $0.type == .equal }.map(\.name)))
        case .histogramQuantile, .histogramFraction:
            return (vectors.last.map(of) ?? .none).removing([WellKnown.bucketLabel])
        case .vector, .scalar, .time, .pi, .start, .end, .range, .step, .minOf, .maxOf:
            return .none
        case .info:
            return .any
        default:
            return vectors.reduce(OutputLabels.none) { $0.union(of($1)) }
        }
    }

    private static func ofAggregate(_ a: AggregateExpr) -> OutputLabels {
        let input = of(a.expr)
        switch a.op {
        case .topk, .bottomk, .limitk, .limitRatio:
            return input
        default:
            break
        }
        var result: OutputLabels
        if a.without {
            result = input.removing(a.grouping)
        } else {
            result = input.keeping(a.grouping)
        }
        if a.op == .countValues, let param = a.param, case .string(let label) = param.unwrappingParens {
            result = result.adding([label.value])
        }
        return result
    }

    private static func ofBinary(_ b: BinaryExpr) -> OutputLabels {
        let lhs = of(b.lhs)
        let rhs = of(b.rhs)
        switch (b.lhs.type, b.rhs.type) {
        case (.scalar, .scalar): return .none
        case (_, .scalar): return lhs
        case (.scalar, _): return rhs
        default: break
        }
        if b.op == .or { return lhs.union(rhs) }
        if b.op.isSetOperator { return lhs }
        guard let matching = b.matching else { return lhs }
        switch matching.cardinality {
        case .oneToOne:
            if matching.on { return lhs.keeping(matching.matchingLabels) }
            return lhs.removing(matching.matchingLabels)
        case .manyToOne: return lhs.adding(matching.include)
        case .oneToMany: return rhs.adding(matching.include)
        case .manyToMany: return lhs
        }
    }
}
