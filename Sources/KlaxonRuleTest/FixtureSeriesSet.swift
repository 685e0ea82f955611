public import KlaxonModel
import KlaxonPromQL
public import KlaxonStorage

/// The input series of one test group, appended to storage step by step, as promtool's lazy loader does:
/// before the rules run at time `ts`, every sample at or before `ts` is in storage, and none after (so a
/// selector with a negative offset or `@` cannot see the future).
///
/// The k-th value of a series lands at `start + k × interval`; `_` leaves a gap, `stale` writes a staleness
/// marker. A series defined twice keeps its last definition. Values stay in their written form
/// (`SeriesProgram`) until appended, and are appended by series reference in one batch per step.
public struct FixtureSeriesSet: Sendable {
    struct Entry: Sendable {
        var labels: Labels
        var program: SeriesProgram
        /// Where appending stands: the segment, the position in it, the current value of a ramp, the next step.
        var segment = 0
        var offset = 0
        var value = 0.0
        var step: Int64 = 0
        var ref: SeriesRef?
    }

    private var entries: [Entry] = []
    /// Indices of entries with steps left.
    private var pending: [Int] = []
    private let start: Timestamp
    private let interval: Int64
    /// The total number of samples (staleness markers included).
    public private(set) var sampleCount = 0

    /// The most samples one test group may expand to, so that `1x100000000000` fails instead of running for days.
    public static let maximumSamples = 200_000_000

    /// Reads `series` (promtool builds `load <interval>` followed by one `<series> <values>` line each).
    /// Errors read like promtool's: `2:10: parse error: unexpected …`, the line counting from the `load` line.
    public init(_ series: [InputSeries], interval: Int64, start: Timestamp = 0) throws(InputSeriesError) {
        self.start = start
        self.interval = interval
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
            let (labels, program) = try Self.read(input, line: line, lineNumber: k + 2)
            if let existing = indexByLabels[labels] {
                sampleCount -= entries[existing].program.sampleCount
                entries[existing].program = program
            } else {
                indexByLabels[labels] = entries.count
                entries.append(Entry(labels: labels, program: program))
            }
            sampleCount += program.sampleCount
        }
        pending = entries.indices.filter { !entries[$0].program.segments.isEmpty }
    }

    /// One input series: the labels, then the values through the fast path when it applies, else the whole
    /// line through the general parser (whose errors promtool prints: `line:col: parse error: …`, the line
    /// counting from promtool's `load` line).
    private static func read(_ input: InputSeries, line: String, lineNumber: Int) throws(InputSeriesError)
        -> (Labels, SeriesProgram)
    {
        if let series = try? PromQL.parseSeriesDescription(input.series), series.values.isEmpty,  // else: slow path
            let program = SeriesValuesFastPath.program(input.values)
        {
            return (series.labels, program)
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
        var program = SeriesProgram()
        for value in parsed.values {
            switch value {
            case .value(let v): program.appendValue(v)
            case .stale: program.appendValue(StaleMarker.value)
            case .omitted: program.appendValue(SeriesProgram.omitted)
            case .histogram:
                throw InputSeriesError(
                    message: "input series \(GoFormat.labels(parsed.labels)): native histograms are not supported",
                    position: input.position)
            }
        }
        return (parsed.labels, program)
    }

    /// The number of series.
    public var seriesCount: Int { entries.count }

    /// Appends every sample at or before `ts` not appended yet. Returns the first rejected sample's error.
    @discardableResult
    public mutating func append(through ts: Timestamp, to storage: MemoryStorage) -> AppendError? {
        guard !pending.isEmpty else { return nil }
        var appender = storage.makeAppender()
        appender.reserveCapacity(pending.count)  // about one sample per series and step, usually
        var firstError: AppendError?
        var stillPending: [Int] = []
        stillPending.reserveCapacity(pending.count)
        for index in pending {
            var entry = entries[index]
            if advance(&entry, through: ts, storage: storage, appender: &appender, error: &firstError) {
                stillPending.append(index)
            }
            entries[index] = entry
        }
        pending = stillPending
        let report = appender.commit()
        return firstError ?? report.failures.first?.error
    }

    /// Appends everything that is left.
    @discardableResult
    public mutating func appendAll(to storage: MemoryStorage) -> AppendError? { append(through: .max, to: storage) }

    /// Moves one series forward to `ts`; returns whether it has steps left.
    private func advance(
        _ entry: inout Entry, through ts: Timestamp, storage: MemoryStorage, appender: inout StorageAppender,
        error: inout AppendError?
    ) -> Bool {
        let segments = entry.program.segments
        while entry.segment < segments.count {
            let time = start &+ entry.step &* interval
            guard time <= ts else { return true }
            // How many steps fit before `ts` (all of them when the interval is not positive).
            let (ahead, overflow) = ts.subtractingReportingOverflow(time)
            let room = interval > 0 && !overflow ? ahead / interval + 1 : Int64.max
            let roomSteps = room > Int64(Int.max / 2) ? Int.max / 2 : max(1, Int(room))
            switch segments[entry.segment] {
            case .gap(let count):
                let take = min(count - entry.offset, roomSteps)
                entry.offset += take
                entry.step &+= Int64(take)
                if entry.offset == count { nextSegment(&entry) }
            case .ramp(let first, let stepValue, let count):
                if entry.offset == 0 { entry.value = first }
                let take = min(count - entry.offset, roomSteps)
                var value = entry.value
                var t = time
                for _ in 0..<take {
                    guard emit(&entry, t, value, storage, &appender, &error) else { return false }
                    if let stepValue { value += stepValue }
                    t &+= interval
                }
                entry.value = value
                entry.offset += take
                entry.step &+= Int64(take)
                if entry.offset == count { nextSegment(&entry) }
            case .values(let values):
                let take = min(values.count - entry.offset, roomSteps)
                var t = time
                for i in entry.offset..<(entry.offset + take) {
                    let v = values[i]
                    if v.bitPattern != SeriesProgram.omittedBits {
                        guard emit(&entry, t, v, storage, &appender, &error) else { return false }
                    }
                    t &+= interval
                }
                entry.offset += take
                entry.step &+= Int64(take)
                if entry.offset == values.count { nextSegment(&entry) }
            }
        }
        return false
    }

    private func nextSegment(_ entry: inout Entry) {
        entry.segment += 1
        entry.offset = 0
    }

    /// Queues one sample; the series' first goes in directly, which creates the series. (Going through
    /// `StorageAppender.append(labels:…)` would use `MemoryStorage.seriesRef(for:)`, which copies the store's
    /// state for every new series.) False when the series cannot be created: it gets nothing more.
    @inline(__always)
    private func emit(
        _ entry: inout Entry, _ t: Timestamp, _ v: Double, _ storage: MemoryStorage,
        _ appender: inout StorageAppender, _ error: inout AppendError?
    ) -> Bool {
        if let ref = entry.ref {
            appender.append(ref, t: t, v: v)
            return true
        }
        do throws(AppendError) {
            entry.ref = try storage.append(nil, entry.labels, t: t, v: v)
            return true
        } catch let failure {
            error = error ?? failure
            entry.segment = entry.program.segments.count
            return false
        }
    }

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
