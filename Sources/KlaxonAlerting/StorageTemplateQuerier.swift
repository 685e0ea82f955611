import KlaxonEngine
import KlaxonModel
import KlaxonRules
import KlaxonStorage
import KlaxonTemplate

/// The template `query` function over the engine's storage: parses the text and runs it as an instant query.
struct StorageTemplateQuerier: TemplateQuerier {
    let engine: Engine
    let storage: MemoryStorage

    /// Why a template query did not parse.
    struct ParseFailure: Error, CustomStringConvertible {
        var description: String
    }

    func query(_ query: String, at time: Timestamp) throws -> [Sample] {
        // `RuleSpec` parses its expression with `PromQL.parse` and keeps the error; KlaxonAlerting does not
        // depend on KlaxonPromQL directly.
        let parsed = RuleSpec(expr: query)
        guard let expr = parsed.expr else {
            throw ParseFailure(description: parsed.exprError.map { "\($0)" } ?? "no expression found in input")
        }
        return try engine.instantQuery(expr, at: time, source: storage).ruleVector()
    }
}
