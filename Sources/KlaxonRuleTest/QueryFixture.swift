import KlaxonModel

/// A `klaxon query` fixture: one test case of a promtool unit-test file (`interval`, `input_series`).
public struct QueryFixture: Sendable {
    public var interval: Int64
    public var inputSeries: [InputSeries]

    /// Reads and strictly decodes a fixture file.
    public static func load(path: String) throws -> QueryFixture {
        throw InputSeriesError(message: "fixture loading needs KlaxonYAML (not merged yet)")
    }
}
