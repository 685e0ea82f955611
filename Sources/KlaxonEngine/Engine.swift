public import KlaxonModel
public import KlaxonPromQL
public import KlaxonStorage

/// Evaluates parsed PromQL over a `SeriesSource` with Prometheus 3.x semantics.
/// Stateless apart from its options; safe to share between tasks.
public struct Engine: Sendable {
    public var options: EngineOptions

    public init(options: EngineOptions = EngineOptions()) {
        self.options = options
    }

    /// Evaluates `expr` at one instant. A range-vector expression gives a `.matrix`, a string literal `.string`.
    public func instantQuery(_ expr: Expr, at time: Timestamp, source: some SeriesSource) throws(EvaluationError)
        -> QueryResult
    {
        try Engine.checkTimeRange(time)
        let plan = try Planner.plan(expr, start: time, end: time, step: 0, options: options)
        let ctx = try prepare(plan, source: source)
        let evaluator = Evaluator(start: time, end: time, interval: 1, ctx: ctx)
        let value = try evaluator.eval(plan.root)
        let result: QueryValue
        switch value {
        case .string(let s):
            result = .string(t: time, s: s)
        case .matrix(let raw):
            let mat = try finish(raw, evaluator: evaluator, isVector: expr.type == .vector)
            switch expr.type {
            case .scalar:
                result = .scalar(t: time, v: mat.first?.points.first?.v ?? .nan)
            case .vector:
                result = .vector(mat.compactMap { s in s.points.first.map { Sample(labels: s.labels, t: time, v: $0.v) } })
            default:
                result = .matrix(Engine.sorted(mat))
            }
        }
        return QueryResult(value: result, annotations: ctx.annotations)
    }

    /// Evaluates `expr` at `start`, `start + step`, … `end`; the result is a `.matrix` sorted by labels
    /// (scalars become a series with no labels). `expr` must not be a range vector or string.
    public func rangeQuery(
        _ expr: Expr, start: Timestamp, end: Timestamp, step: Int64, source: some SeriesSource
    ) throws(EvaluationError) -> QueryResult {
        guard expr.type == .vector || expr.type == .scalar else {
            throw EvaluationError(
                .badData,
                "invalid expression type \"\(expr.type.rawValue)\" for range query, must be Scalar or instant Vector")
        }
        guard step > 0 else {
            throw EvaluationError(
                .badData, "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard end >= start else { throw EvaluationError(.badData, "end timestamp must not be before start time") }
        try Engine.checkTimeRange(start)
        try Engine.checkTimeRange(end)
        if (end - start) / step >= Int64(options.maxSamples) {
            throw EvaluationError(.tooManySamples, QueryContext.tooManySamplesMessage)
        }
        let plan = try Planner.plan(expr, start: start, end: end, step: step, options: options)
        let ctx = try prepare(plan, source: source)
        let evaluator = Evaluator(start: start, end: end, interval: step, ctx: ctx)
        guard case .matrix(let raw) = try evaluator.eval(plan.root) else {
            return QueryResult(value: .matrix([]), annotations: ctx.annotations)
        }
        let mat = try finish(raw, evaluator: evaluator, isVector: false)
        try ctx.checkCancellationNow()
        return QueryResult(value: .matrix(Engine.sorted(mat)), annotations: ctx.annotations)
    }

    /// Times beyond ±2^61 ms (73 million years) are refused so that time arithmetic cannot overflow.
    private static func checkTimeRange(_ t: Timestamp) throws(EvaluationError) {
        if t > 1 << 61 || t < -(1 << 61) {
            throw EvaluationError(.badData, "timestamp out of range: \(t)")
        }
    }

    /// Fetches every selector's series once for the whole query.
    private func prepare(_ plan: Plan, source: some SeriesSource) throws(EvaluationError) -> QueryContext {
        var selectors: [SelectorData] = []
        selectors.reserveCapacity(plan.fetches.count)
        for f in plan.fetches {
            selectors.append(SelectorData(series: try Engine.select(source, f.matchers, f.mint, f.maxt)))
        }
        var infos: [SelectorData] = []
        for spec in plan.infos {
            infos.append(SelectorData(series: try Engine.select(source, spec.selectMatchers, spec.mint, spec.maxt)))
        }
        let ctx = QueryContext(options: options, selectors: selectors, infos: infos, infoSpecs: plan.infos)
        try ctx.checkCancellationNow()
        return ctx
    }

    private static func select(
        _ source: some SeriesSource, _ matchers: [LabelMatcher], _ mint: Int64, _ maxt: Int64
    ) throws(EvaluationError) -> [SeriesSamples] {
        do {
            return try source.select(matchers, mint: mint, maxt: maxt)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError(.execution, "expanding series: \(error)")
        }
    }

    /// Delayed name removal at the end of the query (Prometheus's `cleanupMetricLabels`).
    private func finish(_ raw: Matrix, evaluator: Evaluator, isVector: Bool) throws(EvaluationError) -> Matrix {
        guard options.delayedNameRemoval else { return raw }
        var mat = raw
        for i in mat.indices where mat[i].dropName {
            mat[i].labels = MetadataLabels.drop(mat[i].labels)
        }
        if isVector {
            if Evaluator.containsSameLabels(mat) { throw EvaluationError(.execution, Messages.duplicateLabelset) }
            return mat
        }
        return try evaluator.mergeSeriesWithSameLabels(mat)
    }

    private static func sorted(_ mat: Matrix) -> [SeriesSamples] {
        mat.sorted { Labels.compare($0.labels, $1.labels) < 0 }.map { SeriesSamples(labels: $0.labels, points: $0.points) }
    }
}
