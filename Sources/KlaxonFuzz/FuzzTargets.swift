import KlaxonPromQL
import KlaxonTemplate
import KlaxonYAML

/// The parsers Klaxon fuzzes. Each takes arbitrary bytes and must return (normally or with a typed error)
/// without crashing or hanging; the libFuzzer entry point and the corpus replayer both call these.
enum FuzzTarget: String, CaseIterable {
    case promql
    case series
    case yaml
    case template

    func run(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .promql:
            if let expr = try? PromQL.parse(text) {  // a syntax error is an expected outcome, not a finding
                // Printing must give text that parses again.
                let printed = expr.description
                if (try? PromQL.parse(printed)) == nil {
                    preconditionFailure("printed expression does not parse: \(printed)")
                }
            }
        case .yaml:
            // Parsing and walking every node must end with a value or a typed error.
            if let node = try? YAML.parse(data, file: "fuzz.yml") {  // syntax errors are expected outcomes
                _ = node.description
            }
        case .template:
            if let template = try? Template.parse(text, name: "fuzz") {  // parse errors are expected outcomes
                _ = template
            }
        case .series:
            _ = try? PromQL.parseSeriesDescription(text)  // errors are expected outcomes
            _ = try? PromQL.parseSeriesValues(text)  // errors are expected outcomes
        }
    }
}
