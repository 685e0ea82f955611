public import KlaxonModel
import Synchronization

/// Klaxon's in-memory time-series store, the equivalent of Prometheus's head block.
///
/// - Series are identified by label sets whose strings are interned once; each series gets an id, and a
///   hash table (collision-safe) maps label sets to ids.
/// - An inverted index (label name → value → sorted ids) answers selectors the way Prometheus's
///   `PostingsForMatchers` does, touching only the series that match.
/// - Samples live in compressed chunks of up to 120 samples that never span an aligned `chunkRange`.
///   Sealed chunks are copied into shared pages with the most compact layout for their data (timestamp
///   deltas or delta-of-deltas; values as XOR, or as decimal mantissas when every value is an exact
///   decimal, which covers counters and gauges with a few digits). Every float round-trips bit-exactly.
/// - One writer and many readers: all state sits behind one `Mutex`; readers copy references to the bytes
///   they need while holding it and decode after releasing it, so the writer is blocked only briefly.
public final class MemoryStorage: SeriesSource, Sendable {
    let state: Mutex<HeadState>
    public let options: StorageOptions

    public init(options: StorageOptions = StorageOptions()) {
        self.options = options
        state = Mutex(HeadState(options: options))
    }

    // MARK: Appending

    /// The reference of the series with these labels, creating the series (without samples) if needed.
    public func seriesRef(for labels: Labels) throws(AppendError) -> SeriesRef {
        try state.withLock { (s) throws(AppendError) -> SeriesRef in
            // Two statements on purpose: in `s.ref(try s.getOrCreate(…))` the base `s` would be copied before
            // the mutating argument runs, and every array of the state would then be copied on write.
            let id = try s.getOrCreate(labels)
            return s.ref(id)
        }
    }

    /// The reference of an existing series, nil when no series has these labels.
    public func existingSeriesRef(for labels: Labels) -> SeriesRef? {
        state.withLock { s in s.lookup(labels).map { s.ref($0) } }
    }

    /// Appends one sample, creating the series if needed, and returns the series' reference.
    @discardableResult
    public func append(_ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
        try state.withLock { (s) throws(AppendError) -> SeriesRef in
            let id = try s.getOrCreate(labels)
            try s.append(Int(id), t: t, v: v)
            return s.ref(id)
        }
    }

    /// Appends one sample to the series `ref` names.
    public func append(_ ref: SeriesRef, t: Timestamp, v: Double) throws(AppendError) {
        try state.withLock { (s) throws(AppendError) in try s.append(try s.index(of: ref), t: t, v: v) }
    }

    /// Appends through `ref` when it is still valid, through `labels` otherwise (Prometheus's
    /// `Append(ref, lset, t, v)`); returns the reference to use next time.
    @discardableResult
    public func append(_ ref: SeriesRef?, _ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
        try state.withLock { (s) throws(AppendError) -> SeriesRef in
            let index: Int
            if let ref, let valid = try? s.index(of: ref) {  // a stale reference only means "look the labels up"
                index = valid
            } else {
                index = Int(try s.getOrCreate(labels))
            }
            try s.append(index, t: t, v: v)
            return s.ref(UInt32(index))
        }
    }

    /// Appends Prometheus's staleness marker to a series.
    public func appendStaleMarker(_ ref: SeriesRef, t: Timestamp) throws(AppendError) {
        try append(ref, t: t, v: StaleMarker.value)
    }

    /// Appends Prometheus's staleness marker to a series, creating it if needed.
    @discardableResult
    public func appendStaleMarker(_ labels: Labels, t: Timestamp) throws(AppendError) -> SeriesRef {
        try append(labels, t: t, v: StaleMarker.value)
    }

    /// A batch appender whose samples become visible together on `commit()`.
    public func makeAppender() -> StorageAppender { StorageAppender(storage: self) }

    // MARK: Maintenance

    /// Drops samples older than `before`, then series left without samples (see `HeadState.truncate`).
    public func truncate(before: Timestamp) {
        state.withLock { $0.truncate(before: before) }
    }

    /// Retention by age: drops what is older than `window` milliseconds before the newest sample stored
    /// (`truncate(before: newest - window)`); does nothing while the storage is empty. A maintenance loop
    /// calls this periodically, as Prometheus's head truncation does.
    public func truncate(keepingLast window: Int64) {
        state.withLock { s in
            guard s.maxTime != .min else { return }
            let (cut, overflow) = s.maxTime.subtractingReportingOverflow(max(window, 0))
            if !overflow { s.truncate(before: cut) }
        }
    }

    /// Drops everything (the PromQL test scripts' `clear`). References handed out before become invalid.
    public func reset() {
        state.withLock { s in s = HeadState(options: s.options, epoch: s.epoch &+ 1) }
    }

    /// Current sizes.
    public var stats: StorageStats { state.withLock { $0.stats() } }

    // MARK: SeriesSource

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        let plans = state.withLock { s in s.readPlans(for: s.postings(matching: matchers), mint: mint, maxt: maxt) }
        // Sorts positions, not the series: comparisons borrow the labels in place and nothing large is moved
        // (moving a `SeriesSamples` retains and releases two arrays; with 100k series that was a fifth of the
        // daemon's CPU under load, Benchmarks/SERVE.md).
        var order = Array(plans.indices)
        plans.withUnsafeBufferPointer { plan in
            order.sort { Labels.compare(plan[$0].labels, plan[$1].labels) < 0 }
        }
        var result: [SeriesSamples] = []
        result.reserveCapacity(plans.count)
        for index in order {
            let points = plans[index].points()
            if !points.isEmpty { result.append(SeriesSamples(labels: plans[index].labels, points: points)) }
        }
        return result
    }

    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        state.withLock { $0.labelNames(matchingAny: matching, mint: mint, maxt: maxt) }
    }

    public func labelValues(
        _ name: String,
        matching: [[LabelMatcher]],
        mint: Timestamp,
        maxt: Timestamp
    ) throws -> [String] {
        state.withLock { $0.labelValues(name, matchingAny: matching, mint: mint, maxt: maxt) }
    }
}
