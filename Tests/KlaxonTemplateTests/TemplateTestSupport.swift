import KlaxonModel
@testable import KlaxonTemplate

/// Shared helpers: run a template over data and return its output or Go's error text.
enum Run {
    static let context = TemplateContext(
        time: 1_353_755_652_000, querier: nil, externalURL: TemplateExternalURL("http://testhost:9090/path/prefix"))

    /// Output, or the error text prefixed with "ERROR: ".
    static func text(_ text: String, data: TemplateValue = .missing, name: String = "test",
                     context: TemplateContext = Run.context, missingKey: Template.MissingKey = .zero) -> String {
        do throws(TemplateError) {
            let t = try Template.parse(text, name: name, missingKey: missingKey)
            return try t.execute(data, context: context)
        } catch {
            return "ERROR: " + error.message
        }
    }

    /// Prometheus's `Expander.Expand` result: the output or its wrapped error text.
    static func expand(_ text: String, data: TemplateValue = .missing, context: TemplateContext = Run.context,
                       missingKey: Template.MissingKey = .zero) -> String {
        switch TemplateExpander.expand(text, name: "test", data: data, context: context, missingKey: missingKey) {
        case .success(let s): return s
        case .failure(let e): return "ERROR: " + e.description
        }
    }
}

/// A querier answering every query with fixed samples (or an error).
struct FixedQuerier: TemplateQuerier {
    var samples: [Sample] = []
    var failure: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func query(_ query: String, at time: Timestamp) throws -> [Sample] {
        if let failure { throw Failure(description: failure) }
        return samples
    }
}

extension TemplateValue {
    static func floats(_ values: [Double]) -> TemplateValue { .list(values.map { .float($0) }) }
    static func strings(_ values: [String]) -> TemplateValue { .list(values.map { .string($0) }) }
    static func ints(_ values: [Int64]) -> TemplateValue { .list(values.map { .int($0) }) }
}
