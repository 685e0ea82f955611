import KlaxonModel
import KlaxonPromQL

/// What to fetch for one selector: its matchers over the whole time range the query will read.
struct FetchSpec {
    var matchers: [LabelMatcher]
    var mint: Int64
    var maxt: Int64
}

/// What to fetch for one `info()` call.
struct InfoSpec {
    /// Matchers for the select (effective `__name__` matchers plus the non-name data-label matchers).
    var selectMatchers: [LabelMatcher]
    /// The effective `__name__` matchers, to recognise base series that are info series themselves.
    var nameMatchers: [LabelMatcher]
    /// Data-label matchers by label name, without `__name__`; empty when `info` had one argument.
    var dataLabelMatchers: [String: [LabelMatcher]]
    var mint: Int64
    var maxt: Int64
}

/// A compiled query: the node tree plus the data it needs.
struct Plan {
    var root: Node
    var fetches: [FetchSpec]
    var infos: [InfoSpec]
}

/// Turns an `Expr` into a `Plan` for one query (Prometheus's `PreprocessExpr`, duration visitor and
/// `populateSeries` time-range computation).
struct Planner {
    let start: Int64
    let end: Int64
    /// The query step; 0 for instant queries.
    let step: Int64
    let lookback: Int64
    let defaultSubqueryStep: Int64

    private var fetches: [FetchSpec] = []
    private var infos: [InfoSpec] = []

    init(start: Int64, end: Int64, step: Int64, lookback: Int64, defaultSubqueryStep: Int64) {
        self.start = start
        self.end = end
        self.step = step
        self.lookback = lookback
        self.defaultSubqueryStep = defaultSubqueryStep
    }

    /// Offsets and ranges of the enclosing subqueries (Prometheus's `subqueryTimes`).
    struct Path {
        var offset: Int64 = 0
        var window: Int64 = 0
        var at: Int64?
    }

    static func plan(
        _ expr: Expr, start: Int64, end: Int64, step: Int64, options: EngineOptions
    ) throws(EvaluationError) -> Plan {
        var planner = Planner(
            start: start, end: end, step: step, lookback: options.lookbackDelta,
            defaultSubqueryStep: options.defaultSubqueryStep)
        var (node, _, shouldWrap) = try planner.build(expr, path: Path())
        if shouldWrap { node = .stepInvariant(node) }
        return Plan(root: node, fetches: planner.fetches, infos: planner.infos)
    }

    // MARK: - Building

    /// Returns the node, whether it is step invariant, and whether a parent should wrap it.
    private mutating func build(_ expr: Expr, path: Path) throws(EvaluationError) -> (Node, Bool, Bool) {
        switch expr {
        case .number(let n):
            return (.number(n.value), true, false)
        case .string(let s):
            return (.string(s.value), true, false)
        case .paren(let p):
            return try build(p.expr, path: path)
        case .unary(let u):
            let (inner, inv, wrap) = try build(u.expr, path: path)
            if !u.negate { return (inner, inv, wrap) }
            if case .number(let v) = inner { return (.number(-v), true, false) }
            return (.negate(inner), inv, wrap)
        case .vectorSelector(let vs):
            var sel = try selector(vs, path: path, window: 0, anchored: vs.anchored, smoothed: vs.smoothed)
            sel.smoothed = vs.smoothed
            return (.vectorSelector(sel), sel.at != nil, sel.at != nil)
        case .matrixSelector(let ms):
            let window = try duration(ms.window, allowNegative: false, range: ms.range)
            let sel = try selector(
                ms.selector, path: path, window: window, anchored: ms.anchored, smoothed: ms.smoothed)
            let node = MatrixSelectorNode(
                selector: sel, window: window, anchored: ms.anchored, smoothed: ms.smoothed, range: ms.range)
            return (.matrixSelector(node), sel.at != nil, false)
        case .subquery(let sq):
            return try subquery(sq, path: path)
        case .call(let call):
            return try self.call(call, path: path)
        case .aggregate(let agg):
            return try aggregate(agg, path: path)
        case .binary(let bin):
            var (lhs, lInv, lWrap) = try build(bin.lhs, path: path)
            var (rhs, rInv, rWrap) = try build(bin.rhs, path: path)
            let make = { (l: Node, r: Node) -> Node in
                .binary(
                    BinaryNode(
                        op: bin.op, lhs: l, rhs: r, matching: bin.matching, returnBool: bin.returnBool,
                        range: bin.range))
            }
            if lInv && rInv { return (make(lhs, rhs), true, true) }
            if lWrap { lhs = .stepInvariant(lhs) }
            if rWrap { rhs = .stepInvariant(rhs) }
            return (make(lhs, rhs), false, false)
        }
    }

    private mutating func subquery(_ sq: SubqueryExpr, path: Path) throws(EvaluationError) -> (Node, Bool, Bool) {
        let window = try duration(sq.window, allowNegative: false, range: sq.range)
        var subStep = defaultSubqueryStep
        if let s = sq.step { subStep = try duration(s, allowNegative: false, range: sq.range) }
        let offset = try sq.offset.map { d throws(EvaluationError) in try duration(d, allowNegative: true, range: sq.range) } ?? 0
        let at = resolve(sq.at)
        var inner = path
        if let at {
            inner = Path(offset: offset, window: window, at: at)
        } else {
            inner.offset += offset
            inner.window += window
        }
        var (node, inv, _) = try build(sq.expr, path: inner)
        if inv { node = .stepInvariant(node) }
        let sub = SubqueryNode(expr: node, window: window, step: subStep, offset: offset, at: at, range: sq.range)
        return (.subquery(sub), at != nil, at != nil)
    }

    private mutating func call(_ call: Call, path: Path) throws(EvaluationError) -> (Node, Bool, Bool) {
        switch call.function {
        case .start: return (.number(Double(start) / 1000), true, false)
        case .end: return (.number(Double(end) / 1000), true, false)
        case .range: return (.number(Double(end - start) / 1000), true, false)
        case .step: return (.number(start == end ? 0 : Double(step) / 1000), true, false)
        default: break
        }
        var args: [Node] = []
        var wraps: [Bool] = []
        var invariant = !Planner.atModifierUnsafe.contains(call.function)
        var timestampSafe = call.function == .timestamp
        for arg in call.args {
            let (node, inv, wrap) = try build(arg, path: path)
            args.append(node)
            wraps.append(wrap)
            invariant = invariant && inv
            if case .vectorSelector = node, inv {
            } else {
                timestampSafe = false
            }
        }
        var infoID: Int?
        if call.function == .info { infoID = try info(call, path: path) }
        if invariant || timestampSafe {
            let node = CallNode(
                function: call.function, args: args, argRanges: call.args.map(\.range), infoID: infoID,
                range: call.range)
            return (.call(node), true, true)
        }
        for i in args.indices where wraps[i] { args[i] = .stepInvariant(args[i]) }
        let node = CallNode(
            function: call.function, args: args, argRanges: call.args.map(\.range), infoID: infoID, range: call.range)
        return (.call(node), false, false)
    }

    private mutating func aggregate(_ agg: AggregateExpr, path: Path) throws(EvaluationError) -> (Node, Bool, Bool) {
        let (param, _, _) = try agg.param.map { p throws(EvaluationError) in try build(p, path: path) }
            ?? (nil, true, false)
        let (inner, inv, wrap) = try build(agg.expr, path: path)
        let node = AggregateNode(
            op: agg.op, expr: inner, param: param, grouping: agg.grouping.sorted(by: Planner.byteOrder),
            without: agg.without, exprRange: agg.expr.range, paramRange: agg.param?.range, range: agg.range)
        return (.aggregate(node), inv, wrap)
    }

    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Functions whose value depends on the evaluation time even when their arguments do not.
    static let atModifierUnsafe: Set<FunctionID> = [
        .daysInMonth, .dayOfMonth, .dayOfWeek, .dayOfYear, .hour, .minute, .month, .year, .predictLinear, .time,
        .timestamp, .start, .end, .range, .step,
    ]

    // MARK: - Selectors and time ranges

    private func resolve(_ at: AtModifier?) -> Int64? {
        switch at {
        case .none: nil
        case .timestamp(let t): t
        case .start: start
        case .end: end
        }
    }

    private mutating func selector(
        _ vs: VectorSelector, path: Path, window: Int64, anchored: Bool, smoothed: Bool
    ) throws(EvaluationError) -> SelectorNode {
        let offset = try vs.offset.map { d throws(EvaluationError) in try duration(d, allowNegative: true, range: vs.range) } ?? 0
        let at = resolve(vs.at)
        let (mint, maxt) = timeRange(path: path, offset: offset, at: at, window: window, anchored: anchored, smoothed: smoothed)
        fetches.append(FetchSpec(matchers: vs.matchers, mint: mint, maxt: maxt))
        return SelectorNode(id: fetches.count - 1, matchers: vs.matchers, offset: offset, at: at, range: vs.range)
    }

    /// Prometheus's `getTimeRangesForSelector`.
    private func timeRange(
        path: Path, offset: Int64, at: Int64?, window: Int64, anchored: Bool, smoothed: Bool
    ) -> (Int64, Int64) {
        var s = start
        var e = end
        if let subAt = path.at {
            s = subAt
            e = subAt
        }
        if let at {
            s = at
            e = at
        } else {
            s = s &- path.offset &- path.window
            e = e &- path.offset
        }
        if window == 0 {
            s = s &- (lookback - 1)
            if smoothed { e = e &+ lookback }
        } else if anchored {
            s = s &- (lookback &+ window - 1)
        } else if smoothed {
            s = s &- (lookback &+ window - 1)
            e = e &+ lookback
        } else {
            s = s &- (window - 1)
        }
        return (s &- offset, e &- offset)
    }

    private mutating func info(_ call: Call, path: Path) throws(EvaluationError) -> Int {
        var nameMatchers: [LabelMatcher] = []
        var data: [String: [LabelMatcher]] = [:]
        var otherMatchers: [LabelMatcher] = []
        if call.args.count > 1, case .vectorSelector(let labelSelector) = call.args[1].unparenthesised {
            for m in labelSelector.matchers {
                if m.name == WellKnown.metricName {
                    nameMatchers.append(m)
                } else {
                    data[m.name, default: []].append(m)
                    otherMatchers.append(m)
                }
            }
        } else {
            nameMatchers = [LabelMatcher.equal(WellKnown.metricName, "target_info")]
        }
        let effective = Planner.effectiveInfoNameMatchers(nameMatchers)
        var offset: Int64 = 0
        var at: Int64?
        if let first = call.args.first?.firstVectorSelector {
            offset = try first.offset.map { d throws(EvaluationError) in try duration(d, allowNegative: true, range: first.range) } ?? 0
            at = resolve(first.at)
        }
        let (mint, maxt) = timeRange(path: path, offset: offset, at: at, window: 0, anchored: false, smoothed: false)
        // Like Prometheus, the info series are evaluated without offset but selected with the base's offset.
        infos.append(
            InfoSpec(
                selectMatchers: otherMatchers + effective, nameMatchers: effective, dataLabelMatchers: data,
                mint: mint, maxt: maxt))
        return infos.count - 1
    }

    static func effectiveInfoNameMatchers(_ matchers: [LabelMatcher]) -> [LabelMatcher] {
        if matchers.contains(where: { $0.type == .equal || $0.type == .regexMatch }) { return matchers }
        if !matchers.isEmpty {
            // A literal pattern that cannot fail to compile.
            if let m = try? LabelMatcher(.regexMatch, WellKnown.metricName, ".+_info") { return [m] + matchers }
            return matchers
        }
        return [LabelMatcher.equal(WellKnown.metricName, "target_info")]
    }

    // MARK: - Durations

    /// Evaluates a duration (Prometheus's `durationVisitor.calculateDuration`), in milliseconds.
    private func duration(_ d: DurationExpr, allowNegative: Bool, range: TextRange) throws(EvaluationError) -> Int64 {
        if case .literal(let ms) = d {
            if ms <= 0 && !allowNegative { throw EvaluationError(.badData, "duration must be greater than 0", range: range) }
            return ms
        }
        let seconds = try evaluate(d, range: range)
        if seconds.isNaN || seconds.isInfinite {
            throw EvaluationError(.badData, "duration is NaN or infinite", range: range)
        }
        if seconds <= 0 && !allowNegative {
            throw EvaluationError(.badData, "duration must be greater than 0", range: range)
        }
        if seconds > 9_223_372_036.854775807 || seconds < -9_223_372_036.854775808 {
            throw EvaluationError(.badData, "duration is out of range", range: range)
        }
        return Int64(seconds * 1000)
    }

    private func evaluate(_ d: DurationExpr, range: TextRange) throws(EvaluationError) -> Double {
        switch d {
        case .literal(let ms): return Double(ms) / 1000
        case .number(let v): return v
        case .step: return Double(step) / 1000
        case .range: return Double(end - start) / 1000
        case .minOf(let a, let b): return GoMath.min(try evaluate(a, range: range), try evaluate(b, range: range))
        case .maxOf(let a, let b): return GoMath.max(try evaluate(a, range: range), try evaluate(b, range: range))
        case .negate(let a): return -(try evaluate(a, range: range))
        case .paren(let a): return try evaluate(a, range: range)
        case .binary(let op, let a, let b):
            let l = try evaluate(a, range: range)
            let r = try evaluate(b, range: range)
            switch op {
            case .add: return l + r
            case .subtract: return l - r
            case .multiply: return l * r
            case .divide:
                if r == 0 { throw EvaluationError(.badData, "division by zero", range: range) }
                return l / r
            case .modulo:
                if r == 0 { throw EvaluationError(.badData, "modulo by zero", range: range) }
                return GoMath.mod(l, r)
            case .power: return GoMath.pow(l, r)
            }
        }
    }
}

extension Expr {
    var unparenthesised: Expr {
        if case .paren(let p) = self { return p.expr.unparenthesised }
        return self
    }

    /// The first vector selector in a depth-first walk (Prometheus's `parser.Inspect` order).
    var firstVectorSelector: VectorSelector? {
        switch self {
        case .vectorSelector(let vs): return vs
        case .matrixSelector(let ms): return ms.selector
        case .subquery(let sq): return sq.expr.firstVectorSelector
        case .paren(let p): return p.expr.firstVectorSelector
        case .unary(let u): return u.expr.firstVectorSelector
        case .call(let c):
            for a in c.args { if let vs = a.firstVectorSelector { return vs } }
            return nil
        case .aggregate(let a):
            return a.expr.firstVectorSelector ?? a.param?.firstVectorSelector
        case .binary(let b): return b.lhs.firstVectorSelector ?? b.rhs.firstVectorSelector
        case .number, .string: return nil
        }
    }
}
