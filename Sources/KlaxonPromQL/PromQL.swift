public import KlaxonModel

/// Entry points of the PromQL front end.
public enum PromQL {
    /// Parses and type-checks an expression (Prometheus 3.x grammar with its experimental features on).
    public static func parse(_ text: String) throws(ParseError) -> Expr {
        var parser = Parser(text)
        return try parser.parseExpression()
    }

    /// Parses a series selector such as `foo{a="b"}` or `{__name__=~"x.*"}` into matchers
    /// (the `match[]` parameter of the API, `labels:` of promtool test files).
    public static func parseSelector(_ text: String) throws(ParseError) -> [LabelMatcher] {
        var parser = Parser(text)
        return try parser.parseSelectorOnly()
    }

    /// Parses a series description of test files: `metric{a="b"} 0+10x20 _ stale 5x3` into the series'
    /// labels and one entry per step (Prometheus's `parser.ParseSeriesDesc`).
    public static func parseSeriesDescription(_ text: String) throws(ParseError) -> (labels: Labels, values: [SeriesValue]) {
        var parser = SeriesDescriptionParser(text)
        let (labels, values) = try parser.parse()
        return (labels, values)
    }

    /// Expands only the values part of a series description (`0+10x20 _ stale`), as promtool's `values:` field.
    public static func parseSeriesValues(_ text: String) throws(ParseError) -> [SeriesValue] {
        var parser = SeriesDescriptionParser(text)
        return try parser.parseValuesOnly()
    }
}

/// One step of an expanded series description.
public enum SeriesValue: Sendable, Equatable {
    /// Upper bound on the values one series description may expand to (`1x10000000 1x10000000 …` would
    /// otherwise exhaust memory from a few bytes of input); beyond it parsing fails with a positioned error.
    public static let maxExpandedValues = 20_000_000

    /// A float sample.
    case value(Double)
    /// `_`: no sample at this step.
    case omitted
    /// `stale`: a staleness marker at this step.
    case stale
    /// A native-histogram literal (`{{…}}`), kept as text: Klaxon does not evaluate native histograms yet.
    case histogram(String)

    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): x.bitPattern == y.bitPattern
        case (.omitted, .omitted), (.stale, .stale): true
        case (.histogram(let x), .histogram(let y)): x == y
        default: false
        }
    }
}
