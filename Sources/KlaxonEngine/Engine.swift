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
        throw EvaluationError(.execution, "engine not implemented yet")
    }

    /// Evaluates `expr` at `start`, `start + step`, … `end`; the result is a `.matrix` sorted by labels
    /// (scalars become a series with no labels). `expr` must not be a range vector or string.
    public func rangeQuery(
        _ expr: Expr, start: Timestamp, end: Timestamp, step: Int64, source: some SeriesSource
    ) throws(EvaluationError) -> QueryResult {
        throw EvaluationError(.execution, "engine not implemented yet")
    }
}
