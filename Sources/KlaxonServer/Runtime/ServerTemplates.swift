import KlaxonConfig
import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonStorage
import KlaxonTemplate

/// Alert label and annotation templates: KlaxonConfig's `GoTemplateExpander` (Prometheus's prefix, naming,
/// errors and cache), with the `query` template function running against the server's store.
enum ServerTemplates {
    static func expander(storage: MemoryStorage, engine: Engine, externalURL: String) -> any AlertTemplateExpander {
        GoTemplateExpander(
            querier: StoreQuerier(storage: storage, engine: engine), externalURL: TemplateExternalURL(externalURL))
    }
}

/// The template `query` function over the in-memory store.
struct StoreQuerier: TemplateQuerier {
    let storage: MemoryStorage
    let engine: Engine

    func query(_ query: String, at time: Timestamp) throws -> [Sample] {
        let expr = try PromQL.parse(query)
        let result = try engine.instantQuery(expr, at: time, source: storage)
        switch result.value {
        case .vector(let samples): return samples
        case .scalar(let t, let v): return [Sample(labels: Labels(), t: t, v: v)]
        default: throw EvaluationError(.badData, "query result is not a vector or scalar")
        }
    }
}
