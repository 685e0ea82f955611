public import CoreMetrics
public import KlaxonModel
import Synchronization

/// One label set of a gauge family: a value that can go up and down.
///
/// `set` is one atomic store; `add` is a compare-and-swap loop on the `Double`'s bit pattern. Also serves as
/// swift-metrics' `RecorderHandler` (for `Gauge` and non-aggregating `Recorder`: each record sets the value)
/// and `MeterHandler` (set, increment, decrement).
public final class GaugeSeries: MetricSeries, RecorderHandler, MeterHandler {
    /// The series' labels, without `__name__`.
    public let labels: Labels
    private let bits = AtomicFloat(0)
    /// When the series was created, in Unix milliseconds.
    public let created: Timestamp

    init(labels: Labels, clock: any WallClock) {
        self.labels = labels
        self.created = clock.now()
    }

    /// Sets the value.
    public func set(_ value: Double) { bits.store(value) }

    /// Sets the value from an integer (swift-metrics `MeterHandler`).
    public func set(_ value: Int64) { bits.store(Double(value)) }

    /// Sets the value from an integer (also what an integer literal picks).
    public func set(_ value: Int) { bits.store(Double(value)) }

    /// Adds `amount` (which may be negative).
    public func add(_ amount: Double) { bits.add(amount) }

    /// swift-metrics `MeterHandler.increment`: adds `amount`; NaN and infinite amounts are dropped.
    public func increment(by amount: Double) {
        guard amount.isFinite else { return }
        bits.add(amount)
    }

    /// swift-metrics `MeterHandler.decrement`: subtracts `amount`; NaN and infinite amounts are dropped.
    public func decrement(by amount: Double) {
        guard amount.isFinite else { return }
        bits.add(-amount)
    }

    /// swift-metrics `RecorderHandler.record`: a gauge keeps the last recorded value.
    public func record(_ value: Int64) { set(value) }

    /// swift-metrics `RecorderHandler.record`: a gauge keeps the last recorded value.
    public func record(_ value: Double) { set(value) }

    /// The current value.
    public var value: Double { bits.load() }

    /// The current value as a snapshot.
    public func snapshot() -> SeriesSnapshot {
        SeriesSnapshot(labels: labels, value: .gauge(value), created: created)
    }
}
