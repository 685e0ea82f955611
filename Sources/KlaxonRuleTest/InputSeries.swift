public import KlaxonModel
import KlaxonPromQL
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

/// Expands fixture series into a store exactly as promtool's lazy loader does: the k-th value of each series
/// lands at `start + k × interval`, `_` leaves a gap and `stale` writes a staleness marker.
public enum InputSeriesLoader {
    /// Appends every series to `storage`; returns the number of samples appended.
    @discardableResult
    public static func load(
        _ series: [InputSeries], interval: Int64, start: Timestamp = 0, into storage: MemoryStorage
    ) throws(InputSeriesError) -> Int {
        var appended = 0
        for entry in series {
            // promtool builds "load <interval>\n  <series> <values>" and parses each line as one description.
            let line = entry.series + " " + entry.values
            let parsed: (labels: Labels, values: [SeriesValue])
            do {
                parsed = try PromQL.parseSeriesDescription(line)
            } catch {
                throw InputSeriesError(message: "error parsing series \(GoQuote.quote(line)): \(error)", position: entry.position)
            }
            var ref: SeriesRef?
            for (k, value) in parsed.values.enumerated() {
                let t = start + Int64(k) * interval
                do {
                    switch value {
                    case .omitted:
                        continue
                    case .value(let v):
                        ref = try storage.append(ref, parsed.labels, t: t, v: v)
                    case .stale:
                        ref = try storage.append(ref, parsed.labels, t: t, v: StaleMarker.value)
                    case .histogram:
                        throw InputSeriesError(
                            message: "series \(parsed.labels): native histograms are not supported", position: entry.position)
                    }
                    appended += 1
                } catch let error as InputSeriesError {
                    throw error
                } catch {
                    throw InputSeriesError(message: "series \(parsed.labels) at \(t)ms: \(error)", position: entry.position)
                }
            }
        }
        return appended
    }
}
