import KlaxonModel

/// One lexical item of a PromQL expression (Prometheus's `parser.Item`).
struct Token: Sendable, Equatable {
    var kind: Kind
    /// UTF-8 byte offsets of the token's text.
    var range: TextRange
    /// The raw text (for strings: still quoted and escaped).
    var text: String

    init(_ kind: Kind, _ range: TextRange, _ text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    /// Token kinds (Prometheus's `ItemType`).
    enum Kind: Sendable, Equatable {
        case endOfInput
        case comma, colon, leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
        /// `=` (label matcher or series label).
        case assign
        /// `=~` and `!~` (only inside braces). `!=` is `.binaryOperator(.notEqual)` everywhere.
        case regexMatch, regexNoMatch
        /// `@`
        case at
        case identifier, metricIdentifier, number, duration, string
        case binaryOperator(BinaryOperator)
        case aggregator(AggregateOp)
        case keyword(Keyword)
        // Series descriptions only.
        case blank, times, space
    }

    /// Words with a special meaning (case-insensitive), apart from operators and aggregators.
    enum Keyword: String, Sendable, Equatable, CaseIterable {
        case by, without, on, ignoring, bool, offset, anchored, smoothed
        case groupLeft = "group_left", groupRight = "group_right"
        case fill, fillLeft = "fill_left", fillRight = "fill_right"
        // "Preprocessors": function-like keywords.
        case start, end, step, range
        case maxOf = "max_of", minOf = "min_of"

        /// Prometheus lists these as keywords (`<by>` in messages); the preprocessors print as strings.
        var isProperKeyword: Bool {
            switch self {
            case .start, .end, .step, .range, .maxOf, .minOf: false
            default: true
            }
        }
    }

    /// How Prometheus's `Item.desc()` names the token in "unexpected …" messages.
    var errorDescription: String {
        switch kind {
        case .endOfInput: return "end of input"
        case .identifier: return "identifier " + GoQuote.quote(text)
        case .metricIdentifier: return "metric identifier " + GoQuote.quote(text)
        case .number: return "number " + Token.shortQuoted(text)
        case .duration: return "duration " + Token.shortQuoted(text)
        case .string: return "string " + Token.shortQuoted(text)
        case .binaryOperator, .at, .regexMatch, .regexNoMatch: return "<op:\(text)>"
        case .aggregator: return "<aggr:\(text)>"
        case .keyword(let k) where k.isProperKeyword: return "<\(text)>"
        case .space: return "\"<space>\""
        default: return Token.shortQuoted(text)
        }
    }

    /// Go's `%.10q...` for long values, `%q` otherwise.
    static func shortQuoted(_ s: String) -> String {
        if s.unicodeScalars.count > 10 {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: s.unicodeScalars.prefix(10))
            return GoQuote.quote(prefix) + "..."
        }
        return GoQuote.quote(s)
    }
}
