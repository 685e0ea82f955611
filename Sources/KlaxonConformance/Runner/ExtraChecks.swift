import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

/// Section 1.8 of the conformance README: the two extra checks Prometheus's own runner makes on instant evals.
enum ExtraChecks {
    /// Functions whose result changes with the evaluation time even when their arguments are pinned
    /// (Prometheus's `AtModifierUnsafeFunctions`).
    static let atUnsafeFunctions: Set<FunctionID> = [
        .daysInMonth, .dayOfMonth, .dayOfWeek, .dayOfYear, .end, .hour, .minute, .month, .year, .predictLinear,
        .range, .start, .step, .time, .timestamp,
    ]

    private static func pinned(_ at: AtModifier?, _ t: Timestamp) -> AtModifier {
        if case .timestamp(let fixed) = at { return .timestamp(fixed) }
        return .timestamp(t)
    }

    /// Check 1 applies unless the eval expects a failure, an order, a string or a range vector, or the
    /// expression text mentions `start()`, `end()`, `range()` or `step()` (upstream looks at the text, which
    /// also catches `@ end()` and duration expressions such as `offset range()`).
    /// For a pinned variant (`pinned`), upstream looks at the printed pinned expression, where `@ start()` and
    /// `@ end()` have become `@ t`: then only calls and duration expressions count.
    static func appliesRangeMode(to eval: EvalCommand, expr: Expr, pinned: Bool = false) -> Bool {
        if eval.expectsFailure || eval.ordered || eval.rangeVector != nil { return false }
        if case .string = eval.expected { return false }
        if pinned {
            return expr.calledFunctions.isDisjoint(with: [.start, .end, .range, .step]) && !usesQueryDurations(expr)
        }
        return !["start()", "end()", "range()", "step()"].contains { eval.expr.contains($0) }
    }

    /// True when a window, offset or subquery step is a duration expression using `step()` or `range()`.
    static func usesQueryDurations(_ expr: Expr) -> Bool {
        expr.contains { node in
            switch node {
            case .vectorSelector(let s): s.offset?.dependsOnQuery ?? false
            case .matrixSelector(let m): m.window.dependsOnQuery || (m.selector.offset?.dependsOnQuery ?? false)
            case .subquery(let q):
                q.window.dependsOnQuery || (q.step?.dependsOnQuery ?? false) || (q.offset?.dependsOnQuery ?? false)
            default: false
            }
        }
    }

    /// The times check 2 re-runs an instant eval at: −10t, 0, t/5, t, 10t, or −1s, 0, 1s when t is 0.
    static func pinnedTimes(for t: Timestamp) -> [Timestamp] {
        if t == 0 { return [-1000, 0, 1000] }
        let (low, o1) = t.multipliedReportingOverflow(by: -10)
        let (high, o2) = t.multipliedReportingOverflow(by: 10)
        return o1 || o2 ? [0, t / 5, t] : [low, 0, t / 5, t, high]
    }

    /// Adds `@ t` to every selector and subquery without a fixed `@ <time>`, except inside a subquery (whose own
    /// `@` fixes the times its selectors run at), as Prometheus's runner does. Like upstream, `@ start()` and
    /// `@ end()` count as unset (Prometheus resolves them later), so they become `@ t` too.
    static func pin(_ expr: Expr, at t: Timestamp) -> Expr {
        switch expr {
        case .vectorSelector(var s):
            s.at = pinned(s.at, t)
            return .vectorSelector(s)
        case .matrixSelector(var m):
            m.selector.at = pinned(m.selector.at, t)
            return .matrixSelector(m)
        case .subquery(var s):
            s.at = pinned(s.at, t)
            return .subquery(s)
        default:
            return expr.mapChildren { pin($0, at: t) }
        }
    }
}

extension ConformanceRunner {
    /// Check 1: the query as a range query from t−1m to t+1m, step 1m; the points at t must meet the eval's
    /// expectations (annotations are not checked again).
    func checkRangeMode(_ eval: EvalCommand, expr: Expr, at: Timestamp, instant: QueryValue, store: any ConformanceStore)
        -> String?
    {
        let result: QueryResult
        guard at > Timestamp.min + 60_000, at < Timestamp.max - 60_000 else { return nil }
        do {
            result = try engine.rangeQuery(expr, start: at - 60_000, end: at + 60_000, step: 60_000, source: store)
        } catch {
            return "range mode: expected success, got error: \(error.message)"
        }
        guard case .matrix(let series) = result.value else {
            return "range mode: expected a matrix, got \(ResultComparison.summary(of: result.value))"
        }
        for (a, b) in zip(series, series.dropFirst()) where Labels.compare(a.labels, b.labels) > 0 {
            return "range mode: expected a matrix sorted by labels, got \(b.labels) after \(a.labels)"
        }
        var samples: [Sample] = []
        for s in series {
            if let point = s.points.first(where: { $0.t == at }) { samples.append(Sample(labels: s.labels, t: at, v: point.v)) }
        }
        let value: QueryValue
        if case .scalar = instant {
            guard let first = samples.first else { return "range mode: expected a point at \(at) for the scalar, got none" }
            value = .scalar(t: at, v: first.v)
        } else {
            value = .vector(samples)
        }
        return ResultComparison.checkValue(value, for: eval).map { "range mode: \($0)" }
    }

    /// Check 2: the expression with `@` pinned to the eval time, run at other times, must meet the same
    /// expectations (skipped for time-dependent functions).
    func checkPinned(_ eval: EvalCommand, expr: Expr, at: Timestamp, store: any ConformanceStore) -> String? {
        guard expr.calledFunctions.isDisjoint(with: ExtraChecks.atUnsafeFunctions) else { return nil }
        let pinned = ExtraChecks.pin(expr, at: at)
        for t in ExtraChecks.pinnedTimes(for: at) {
            if let failure = checkInstant(eval, expr: pinned, at: t, store: store, rangeMode: true, pinned: true) {
                return "with @ \(at) pinned, evaluated at \(t): \(failure)"
            }
        }
        return nil
    }
}
