public import KlaxonEngine
public import KlaxonModel
public import KlaxonStorage

/// Everything a rule needs from "the database" (Prometheus's `QueryFunc`): evaluate this expression at
/// time t. Conformers: `LocalQuerier` (the in-process engine over a `SeriesSource`), a remote querier over
/// a Prometheus-compatible HTTP API (in KlaxonServer), stubs in tests.
///
/// `pending` carries the samples the current group evaluation has produced so far (earlier rules' results,
/// `ALERTS` series and staleness markers) that the caller has not yet written to storage. Prometheus commits
/// each rule's output before the next rule runs, so later rules of a group see it; a querier over local
/// storage must therefore layer `pending` over its data (`LocalQuerier` does, with `OverlaySource`). A remote
/// querier cannot, and may ignore it: rules chained within one group then see the previous evaluation's
/// values, as with any Prometheus-compatible remote ruler.
public protocol RuleQuerier: Sendable {
    func instantQuery(_ query: RuleQuery, at time: Timestamp, pending: SampleOverlay) async throws -> QueryResult
}

/// A `RuleQuerier` over the in-process engine and a series source (generic, so the engine's inner loops
/// stay specialised), with the group's pending samples layered on top.
public struct LocalQuerier<Source: SeriesSource>: RuleQuerier {
    public var engine: Engine
    public var source: Source

    public init(engine: Engine = Engine(), source: Source) {
        self.engine = engine
        self.source = source
    }

    public func instantQuery(_ query: RuleQuery, at time: Timestamp, pending: SampleOverlay) async throws
        -> QueryResult
    {
        if pending.isEmpty {
            return try engine.instantQuery(query.expr, at: time, source: source)
        }
        return try engine.instantQuery(query.expr, at: time, source: OverlaySource(base: source, overlay: pending))
    }
}

extension QueryResult {
    /// The instant vector a rule works on, as Prometheus's `EngineQueryFunc` makes it: a vector as is, a
    /// scalar as one sample without labels; anything else is `rule result is not a vector or scalar`.
    public func ruleVector() throws(RuleEvaluationError) -> [Sample] {
        switch value {
        case .vector(let samples): return samples
        case .scalar(let t, let v): return [Sample(labels: Labels(), t: t, v: v)]
        case .string, .matrix: throw .unsupportedResult
        }
    }
}
