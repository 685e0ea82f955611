public import CoreMetrics
public import KlaxonModel
import Synchronization

/// One label set of a counter family: a monotonically increasing value that only `reset()` sets back to zero.
///
/// Integer increments are a single wait-free atomic add; fractional increments add to a separate `Double`
/// with a compare-and-swap loop (the split client_golang uses), so the common case never retries. The value
/// read back is the sum of both parts. Also serves as swift-metrics' `CounterHandler` and
/// `FloatingPointCounterHandler`, so `CoreMetrics.Counter` objects created through `KlaxonMetricsFactory`
/// record straight into it.
public final class CounterSeries: MetricSeries, CounterHandler, FloatingPointCounterHandler {
    /// The series' labels, without `__name__`.
    public let labels: Labels
    private let integral = Atomic<UInt64>(0)
    private let fractional = AtomicFloat(0)
    private let createdAt: Atomic<Int64>
    private let clock: any WallClock

    init(labels: Labels, clock: any WallClock) {
        self.labels = labels
        self.clock = clock
        self.createdAt = Atomic(clock.now())
    }

    /// Adds one.
    @inlinable public func increment() { increment(by: UInt64(1)) }

    /// Adds a whole number: one atomic add.
    public func increment(by amount: UInt64) {
        integral.wrappingAdd(amount, ordering: .relaxed)
    }

    /// swift-metrics entry point. Negative amounts are dropped, as swift-metrics' own handlers drop them.
    public func increment(by amount: Int64) {
        guard amount > 0 else { return }
        increment(by: UInt64(amount))
    }

    /// Adds a non-negative amount. NaN, infinite, negative and zero amounts are dropped (a counter must
    /// stay finite and monotonic); whole amounts below 2^53 take the integer path.
    public func increment(by amount: Double) {
        guard amount.isFinite, amount > 0 else { return }
        if amount < 9_007_199_254_740_992, amount.rounded(.towardZero) == amount {
            increment(by: UInt64(amount))
        } else {
            fractional.add(amount)
        }
    }

    /// Sets the counter back to zero and its created timestamp to now (a counter reset, as a restart would
    /// cause; OpenMetrics' `_created` then tells consumers when it happened).
    public func reset() {
        integral.store(0, ordering: .relaxed)
        fractional.store(0)
        createdAt.store(clock.now(), ordering: .relaxed)
    }

    /// The current value.
    public var value: Double { Double(integral.load(ordering: .relaxed)) + fractional.load() }

    /// When the series was created or last reset, in Unix milliseconds.
    public var created: Timestamp { createdAt.load(ordering: .relaxed) }

    /// The current value as a snapshot.
    public func snapshot() -> SeriesSnapshot {
        SeriesSnapshot(labels: labels, value: .counter(value), created: created)
    }
}
