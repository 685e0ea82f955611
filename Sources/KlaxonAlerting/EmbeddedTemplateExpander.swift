import KlaxonEngine
import KlaxonModel
import KlaxonRules
import KlaxonStorage
import KlaxonTemplate
import Synchronization

/// Expands alert labels and annotations with KlaxonTemplate as Prometheus's `AlertingRule.Eval` does
/// (`AlertTemplate` prefixes the variable definitions and names the template `__alert_<name>`). Parsed
/// templates are cached per (alert, text). Stands in for KlaxonConfig's `GoTemplateExpander` until that lands.
final class EmbeddedTemplateExpander: AlertTemplateExpander {
    private let querier: (any TemplateQuerier)?
    private let externalURL: TemplateExternalURL
    private let cache = Mutex<[String: AlertTemplate]>([:])

    init(querier: (any TemplateQuerier)?, externalURL: String) {
        self.querier = querier
        self.externalURL = TemplateExternalURL(externalURL)
    }

    func expand(_ text: String, context: AlertTemplateContext) async throws -> String {
        let key = context.alertName + "\u{0}" + text
        let template =
            cache.withLock { $0[key] }
            ?? {
                let parsed = AlertTemplate(text, alertName: context.alertName)
                cache.withLock { $0[key] = parsed }
                return parsed
            }()
        let data = AlertTemplateData(
            labels: context.labels, externalLabels: context.externalLabels, externalURL: context.externalURL,
            value: context.value)
        let environment = TemplateContext(time: context.evaluationTime, querier: querier, externalURL: externalURL)
        switch template.expand(data, context: environment) {
        case .success(let text): return text
        case .failure(let error): throw error
        }
    }

    func validate(_ text: String) throws {
        if let error = AlertTemplate(text, alertName: "").parseError { throw error }
    }
}

/// The template `query` function over the engine's storage: parses the text and runs it as an instant query.
struct StorageTemplateQuerier: TemplateQuerier {
    let engine: Engine
    let storage: MemoryStorage

    /// Why a template query failed to parse.
    struct QueryParseError: Error, CustomStringConvertible {
        var description: String
    }

    func query(_ query: String, at time: Timestamp) throws -> [Sample] {
        // `RuleSpec` parses its expression with `PromQL.parse` and keeps the error; KlaxonAlerting does not
        // depend on KlaxonPromQL directly.
        let parsed = RuleSpec(expr: query)
        guard let expr = parsed.expr else {
            throw QueryParseError(description: parsed.exprError.map { "\($0)" } ?? "no expression found in input")
        }
        return try engine.instantQuery(expr, at: time, source: storage).ruleVector()
    }
}
