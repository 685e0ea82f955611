public import KlaxonModel
public import KlaxonStorage

/// One `input_series` entry of a promtool unit-test file (or a `klaxon query` fixture): a series selector
/// text and its values in Prometheus's expanding notation.
public struct InputSeries: Sendable, Equatable {
    public var series: String
    public var values: String
    /// Where the entry is, for diagnostics.
    public var position: SourceSpan?

    public init(series: String, values: String, position: SourceSpan? = nil) {
        self.series = series
        self.values = values
        self.position = position
    }
}

/// Why fixture series could not be loaded.
public struct InputSeriesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var position: SourceSpan?

    public var description: String {
        guard let position else { return message }
        return "\(position.file):\(position.start.line):\(position.start.column): \(message)"
    }
}

/// Expands fixture series into a store exactly as promtool's loader does: the k-th value of each series lands
/// at `start + k × interval`, `_` leaves a gap and `stale` writes a staleness marker (see `FixtureSeriesSet`).
public enum InputSeriesLoader {
    /// Appends every series to `storage`; returns the number of samples appended.
    @discardableResult
    public static func load(
        _ series: [InputSeries], interval: Int64, start: Timestamp = 0, into storage: MemoryStorage
    ) throws(InputSeriesError) -> Int {
        var set = try FixtureSeriesSet(series, interval: interval, start: start)
        if let error = set.appendAll(to: storage) {
            throw InputSeriesError(message: "appending input series: \(error)")
        }
        return set.sampleCount
    }
}
