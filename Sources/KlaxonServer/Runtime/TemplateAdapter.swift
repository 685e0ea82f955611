public import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
public import KlaxonRules
public import KlaxonStorage
import KlaxonTemplate
import Synchronization

/// Expands alert labels and annotations with KlaxonTemplate (Go `text/template` with Prometheus's functions),
/// the way Prometheus's `AlertingRule.Eval` does. Parsed templates are cached by rule name and text. The
/// `query` template function runs against the server's store at the evaluation time.
public final class ServerTemplateExpander: AlertTemplateExpander {
    private let storage: MemoryStorage
    private let engine: Engine
    private let cache = Mutex<[String: AlertTemplate]>([:])

    public init(storage: MemoryStorage, engine: Engine) {
        self.storage = storage
        self.engine = engine
    }

    public func expand(_ text: String, context: AlertTemplateContext) async throws -> String {
        guard text.contains("{{") else { return text }
        let template = parsed(text, alertName: context.alertName)
        let data = AlertTemplateData(
            labels: context.labels, externalLabels: context.externalLabels, externalURL: context.externalURL,
            value: context.value)
        let templateContext = TemplateContext(
            time: context.evaluationTime, querier: StoreQuerier(storage: storage, engine: engine),
            externalURL: TemplateExternalURL(context.externalURL))
        switch template.expand(data, context: templateContext) {
        case .success(let text): return text
        case .failure(let error): throw error
        }
    }

    public func validate(_ text: String) throws {
        if let error = AlertTemplate(text, alertName: "validate").parseError { throw error }
    }

    private func parsed(_ text: String, alertName: String) -> AlertTemplate {
        let key = alertName + "\u{0}" + text
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let template = AlertTemplate(text, alertName: alertName)
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = template
        }
        return template
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
