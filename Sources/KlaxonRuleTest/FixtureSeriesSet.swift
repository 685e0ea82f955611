public import KlaxonModel
import KlaxonPromQL
public import KlaxonStorage

/// The input series of one test group, expanded once and appended to storage step by step, as promtool's
/// lazy loader does: before the rules run at time `ts`, every sample at or before `ts` is in storage, and none
/// after (so a selector with a negative offset or `@` cannot see the future).
///
/// The k-th value of a series lands at `start + k × interval`; `_` leaves a gap, `stale` writes a staleness
/// marker. A series defined twice keeps its last definition. Appends go through one batch per step, by
/// series reference, into reserved capacity.
public struct FixtureSeriesSet: Sendable {
    struct Entry: Sendable {
        var labels: Labels
        var points: [FPoint]
        var next = 0
        var ref: SeriesRef?
    }

    private var entries: [Entry] = []
    /// Indices of entries with samples left to append.
    private var pending: [Int] = []
    /// The total number of samples (staleness markers included).
    public private(set) var sampleCount = 0

    /// The most samples one test group may expand to, so that `1x100000000000` fails instead of exhausting memory.
    public static let maximumSamples = 200_000_000

    /// Expands `series` (promtool builds `load <interval>` followed by one `<series> <values>` line each).
    /// Errors read like promtool's: `2:10: parse error: unexpected …`, the line counting from the `load` line.
    public init(_ series: [InputSeries], interval: Int64, start: Timestamp = 0) throws(InputSeriesError) {
        var indexByLabels: [Labels: Int] = [:]
        var budget = Self.maximumSamples
        for (k, input) in series.enumerated() {
            let line = (input.series + " " + input.values).trimmingASCIIWhitespace()
            // promtool's script reader ends the `load` block at an empty or comment line.
            if line.isEmpty || line.hasPrefix("#") { break }
            budget -= Self.expansionSize(input.values)
            guard budget >= 0 else {
                throw InputSeriesError(
                    message: "input series expand to more than \(Self.maximumSamples) samples",
                    position: input.position)
            }
            let (labels, points) = try Self.expand(input, line: line, lineNumber: k + 2, interval: interval, start: start)
            if let existing = indexByLabels[labels] {
                sampleCount -= entries[existing].points.count
                entries[existing].points = points
            } else {
                indexByLabels[labels] = entries.count
                entries.append(Entry(labels: labels, points: points))
            }
            sampleCount += points.count
        }
        pending = entries.indices.filter { !entries[$0].points.isEmpty }
    }

    /// One input series: the labels, then the values through the fast path when it applies, else the whole
    /// line through the general parser (whose errors promtool prints: `line:col: parse error: …`, the line
    /// counting from promtool's `load` line).
    private static func expand(_ input: InputSeries, line: String, lineNumber: Int, interval: Int64, start: Timestamp)
        throws(InputSeriesError) -> (Labels, [FPoint])
    {
        if let series = try? PromQL.parseSeriesDescription(input.series), series.values.isEmpty {  // else: slow path
            var points: [FPoint] = []
            if SeriesValuesFastPath.expand(input.values, start: start, interval: interval, into: &points) {
                return (series.labels, points)
            }
        }
        let parsed: (labels: Labels, values: [SeriesValue])
        do {
            parsed = try PromQL.parseSeriesDescription(line)
        } catch {
            let position = error.position
            throw InputSeriesError(
                message: "\(position.line + lineNumber - 1):\(position.column): parse error: \(error.message)",
                position: input.position)
        }
        var points: [FPoint] = []
        points.reserveCapacity(parsed.values.count)
        var t = start
        for value in parsed.values {
            switch value {
            case .value(let v): points.append(FPoint(t: t, v: v))
            case .stale: points.append(FPoint(t: t, v: StaleMarker.value))
            case .omitted: break
            case .histogram:
                throw InputSeriesError(
                    message: "input series \(GoFormat.labels(parsed.labels)): native histograms are not supported",
                    position: input.position)
            }
            t = t &+ interval
        }
        return (parsed.labels, points)
    }

    /// The number of series.
    public var seriesCount: Int { entries.count }

    /// Appends every sample at or before `ts` not appended yet. Returns the first rejected sample's error.
    @discardableResult
    public mutating func append(through ts: Timestamp, to storage: MemoryStorage) -> AppendError? {
        guard !pending.isEmpty else { return nil }
        var appender = storage.makeAppender()
        appender.reserveCapacity(pending.count)  // at least one sample per series and step, usually
        var firstError: AppendError?
        var stillPending: [Int] = []
        stillPending.reserveCapacity(pending.count)
        for index in pending {
            let count = entries[index].points.count
            var next = entries[index].next
            guard entries[index].points[next].t <= ts else {
                stillPending.append(index)
                continue
            }
            var ref = entries[index].ref
            if ref == nil {
                let first = entries[index].points[next]
                do throws(AppendError) {
                    // The series' first sample goes in directly, which creates the series; the rest by reference.
                    // (`StorageAppender.append(labels:…)` goes through `MemoryStorage.seriesRef(for:)`, which
                    // copies the store's state on every new series.)
                    ref = try storage.append(nil, entries[index].labels, t: first.t, v: first.v)
                    next += 1
                } catch {
                    firstError = firstError ?? error
                    next = count  // a series that cannot be created gets nothing
                }
            }
            if let ref {
                entries[index].points.withUnsafeBufferPointer { points in
                    var end = next
                    while end < count && points[end].t <= ts { end += 1 }
                    while next < end {
                        appender.append(ref, t: points[next].t, v: points[next].v)
                        next += 1
                    }
                }
            }
            entries[index].ref = ref
            entries[index].next = next
            if next < count { stillPending.append(index) }
        }
        pending = stillPending
        let report = appender.commit()
        return firstError ?? report.failures.first?.error
    }

    /// Appends everything that is left.
    @discardableResult
    public mutating func appendAll(to storage: MemoryStorage) -> AppendError? { append(through: .max, to: storage) }

    /// An upper bound on how many samples a values text expands to (the sum of its `x` counts plus one per item).
    static func expansionSize(_ values: String) -> Int {
        var total = 0
        var afterX = false
        var number = 0
        for byte in values.utf8 {
            if byte >= 48 && byte <= 57 {
                if afterX { number = min(number &* 10 &+ Int(byte - 48), Int.max / 4) }
                continue
            }
            if afterX {
                total = total &+ number &+ 1
                afterX = false
                number = 0
            }
            if byte == UInt8(ascii: "x") {
                afterX = true
            } else if byte == UInt8(ascii: " ") {
                total = total &+ 1
            }
        }
        if afterX { total = total &+ number &+ 1 }
        return min(total &+ 1, Int.max / 4)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (Go's `strings.TrimSpace` for ASCII input).
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
