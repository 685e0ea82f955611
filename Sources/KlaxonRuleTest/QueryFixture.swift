import KlaxonConfig
import KlaxonModel
import KlaxonYAML

/// A `klaxon query` fixture: one test case of a promtool unit-test file (`interval`, `input_series`).
public struct QueryFixture: Sendable {
    public var interval: Int64
    public var inputSeries: [InputSeries]

    public init(interval: Int64 = 60_000, inputSeries: [InputSeries] = []) {
        self.interval = interval
        self.inputSeries = inputSeries
    }

    /// Reads and strictly decodes a fixture file: `interval` (a duration, default 1m) and `input_series`
    /// (entries with `series` and `values`); any other key is an error.
    public static func load(path: String) throws -> QueryFixture {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(path)
        } catch {
            throw InputSeriesError(message: error.description)
        }
        return try decode(bytes, path: path)
    }

    /// Decodes fixture text; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(InputSeriesError) -> QueryFixture {
        let root: YAMLNode?
        do {
            root = try YAML.parse(bytes, file: path)
        } catch {
            throw InputSeriesError(message: error.message, position: error.span)
        }
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2))
        var fixture = QueryFixture()
        if let root, let fields = context.value(root).mapping("main.testGroup", keys: ["interval", "input_series"]) {
            if let interval = fields["interval"]?.duration(), interval > 0 { fixture.interval = interval }
            fixture.inputSeries =
                fields["input_series"]?.sequence("[]main.series") { item in
                    guard let series = item.mapping("main.series", keys: ["series", "values"]) else { return nil }
                    return InputSeries(
                        series: series["series"]?.string() ?? "", values: series["values"]?.string() ?? "",
                        position: item.span)
                } ?? []
        }
        if let first = context.errors.min(by: { $0.span.start < $1.span.start }) {
            throw InputSeriesError(message: first.message, position: first.span)
        }
        return fixture
    }
}
