public import CoreMetrics
public import KlaxonModel
import Synchronization

/// One label set of a histogram family: observation counts per bucket, their sum and their count.
///
/// An observation finds its bucket (a linear scan for the usual dozen bounds, binary search beyond 32),
/// does one atomic add on that bucket's counter and one compare-and-swap add on the sum. Buckets are stored
/// non-cumulatively and the count is derived from them when read, so a snapshot is always internally
/// consistent (`+Inf` bucket == `_count`) even while other threads observe; only `_sum` may lag or lead by
/// the observations in flight. Also serves as swift-metrics' `RecorderHandler` (aggregating `Recorder`:
/// values as given) and `TimerHandler` (nanoseconds, stored as seconds, the Prometheus base unit).
public final class HistogramSeries: MetricSeries, RecorderHandler, TimerHandler, @unchecked Sendable {
    // SAFETY: `counts` is allocated and initialised once in `init`, never reassigned, and freed in `deinit`;
    // every access to its elements is an atomic operation, and `upperBounds` is immutable.

    /// The series' labels, without `__name__`.
    public let labels: Labels
    /// Upper bounds of the finite buckets, strictly increasing; the `+Inf` bucket is implicit.
    public let upperBounds: [Double]
    private let counts: UnsafeMutablePointer<Atomic<UInt64>>  // upperBounds.count + 1 slots, the last is +Inf
    private let sumBits = AtomicFloat(0)
    private let createdAt: Atomic<Int64>
    private let clock: any WallClock

    init(labels: Labels, upperBounds: [Double], clock: any WallClock) {
        self.labels = labels
        self.upperBounds = upperBounds
        self.clock = clock
        self.createdAt = Atomic(clock.now())
        let slots = upperBounds.count + 1
        counts = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: slots)
        for i in 0..<slots { (counts + i).initialize(to: Atomic(0)) }
    }

    deinit {
        counts.deinitialize(count: upperBounds.count + 1)
        counts.deallocate()
    }

    /// Records one observation. NaN lands in the `+Inf` bucket and makes the sum NaN, as in client_golang.
    public func observe(_ value: Double) {
        counts[bucketIndex(for: value)].wrappingAdd(1, ordering: .relaxed)
        sumBits.add(value)
    }

    /// The index of the first bucket whose upper bound is >= `value`, or the `+Inf` slot.
    @inline(__always) func bucketIndex(for value: Double) -> Int {
        let bounds = upperBounds
        if bounds.count <= 32 {
            for i in bounds.indices where value <= bounds[i] { return i }
            return bounds.count
        }
        var low = 0
        var high = bounds.count
        while low < high {
            let mid = (low + high) / 2
            if value <= bounds[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// swift-metrics `RecorderHandler.record`.
    public func record(_ value: Int64) { observe(Double(value)) }

    /// swift-metrics `RecorderHandler.record`.
    public func record(_ value: Double) { observe(value) }

    /// swift-metrics `TimerHandler`: records the duration in seconds.
    public func recordNanoseconds(_ duration: Int64) { observe(Double(duration) / 1_000_000_000) }

    /// Records a `Swift.Duration` in seconds.
    public func observe(_ duration: Duration) { observe(duration.seconds) }

    /// Durations are always exported in seconds; the display unit hint is ignored.
    public func preferDisplayUnit(_ unit: TimeUnit) {}

    /// Sets all buckets, the sum and the count back to zero (swift-metrics has no reset for histograms;
    /// this is for tests and for owners that restart a measurement).
    public func reset() {
        for i in 0...upperBounds.count { counts[i].store(0, ordering: .relaxed) }
        sumBits.store(0)
        createdAt.store(clock.now(), ordering: .relaxed)
    }

    /// When the series was created or last reset, in Unix milliseconds.
    public var created: Timestamp { createdAt.load(ordering: .relaxed) }

    /// Cumulative bucket counts, the count and the sum, read now.
    public var value: HistogramValue {
        var buckets: [HistogramBucket] = []
        buckets.reserveCapacity(upperBounds.count + 1)
        var cumulative: UInt64 = 0
        for i in 0...upperBounds.count {
            cumulative &+= counts[i].load(ordering: .relaxed)
            buckets.append(HistogramBucket(upperBound: i < upperBounds.count ? upperBounds[i] : .infinity, cumulativeCount: cumulative))
        }
        return HistogramValue(buckets: buckets, count: cumulative, sum: sumBits.load())
    }

    /// The current value as a snapshot.
    public func snapshot() -> SeriesSnapshot {
        SeriesSnapshot(labels: labels, value: .histogram(value), created: created)
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
