import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import KlaxonTestSupport

/// Shared helpers: build sources from compact rows and run queries by text.
enum TestQueries {
    static let engine = Engine()

    /// `name{labels}` with values every `interval` (nil leaves a gap, `.stale` writes a staleness marker).
    static func source(interval: Int64, _ rows: [(Labels, [Double?])]) -> ArraySeriesSource {
        ArraySeriesSource(interval: interval, rows)
    }

    static func instant(
        _ text: String, at t: Int64, _ source: ArraySeriesSource, engine: Engine = engine
    ) throws -> QueryResult {
        try engine.instantQuery(PromQL.parse(text), at: t, source: source)
    }

    static func range(
        _ text: String, start: Int64, end: Int64, step: Int64, _ source: ArraySeriesSource, engine: Engine = engine
    ) throws -> QueryResult {
        try engine.rangeQuery(PromQL.parse(text), start: start, end: end, step: step, source: source)
    }

    /// The vector result as `labels description → value`.
    static func vector(_ result: QueryResult) -> [String: Double] {
        guard case .vector(let samples) = result.value else { return [:] }
        var out: [String: Double] = [:]
        for s in samples { out[s.labels.description] = s.v }
        return out
    }

    /// The only value of a one-element vector, or a scalar.
    static func single(_ result: QueryResult) -> Double? {
        switch result.value {
        case .scalar(_, let v): return v
        case .vector(let samples) where samples.count == 1: return samples[0].v
        default: return nil
        }
    }

    static func seconds(_ s: Int64) -> Int64 { s * 1000 }
    static func minutes(_ m: Int64) -> Int64 { m * 60_000 }
}

extension Double {
    /// A staleness marker in source rows.
    static var stale: Double { StaleMarker.value }
}
