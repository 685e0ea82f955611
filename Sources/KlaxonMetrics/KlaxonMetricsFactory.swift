public import CoreMetrics
import KlaxonModel

/// Klaxon's swift-metrics backend: every `CoreMetrics.Counter`, `Gauge`, `Meter`, `Recorder` and `Timer`
/// created with it records into a `MetricsRegistry`, where the values can be read back.
///
/// Mapping (swift-metrics label → family name, dimensions → labels, both sanitised):
/// - `Counter`, `FloatingPointCounter` → counter (`reset()` sets it to zero, which Prometheus reads as a reset);
/// - `Gauge` and `Recorder(aggregate: false)` → gauge (last value wins);
/// - `Meter` → gauge (set, increment, decrement);
/// - `Recorder(aggregate: true)` → histogram with the registry's declared buckets, else `defaultBuckets`;
/// - `Timer` → histogram in **seconds** (nanoseconds ÷ 1e9), with `defaultDurationBuckets` unless declared.
///
/// A family declared beforehand on the registry (help, unit, buckets) keeps that metadata; a label that is
/// already a family of another type yields a detached handle that records but is not exported.
/// `destroy*` removes the series from exposition.
public struct KlaxonMetricsFactory: MetricsFactory {
    /// Where the values go.
    public let registry: MetricsRegistry
    /// Buckets for aggregating recorders not declared on the registry.
    public var defaultBuckets: [Double]
    /// Buckets (seconds) for timers not declared on the registry.
    public var defaultDurationBuckets: [Double]

    /// A factory recording into `registry`.
    public init(
        registry: MetricsRegistry,
        defaultBuckets: [Double] = HistogramBuckets.prometheusDefault,
        defaultDurationBuckets: [Double] = HistogramBuckets.prometheusDefault
    ) {
        self.registry = registry
        self.defaultBuckets = defaultBuckets
        self.defaultDurationBuckets = defaultDurationBuckets
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.counter(label).series(dimensions: dimensions, reservingBucketLabel: false)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.counter(label).series(dimensions: dimensions, reservingBucketLabel: false)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.gauge(label).series(dimensions: dimensions, reservingBucketLabel: false)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        if aggregate {
            return registry.histogram(label, buckets: defaultBuckets).series(dimensions: dimensions, reservingBucketLabel: true)
        }
        return registry.gauge(label).series(dimensions: dimensions, reservingBucketLabel: false)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.histogram(label, buckets: defaultDurationBuckets).series(dimensions: dimensions, reservingBucketLabel: true)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        guard let series = handler as? CounterSeries else { return }
        registry.remove(series)
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        guard let series = handler as? CounterSeries else { return }
        registry.remove(series)
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        guard let series = handler as? GaugeSeries else { return }
        registry.remove(series)
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let series = handler as? GaugeSeries { registry.remove(series) }
        if let series = handler as? HistogramSeries { registry.remove(series) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        guard let series = handler as? HistogramSeries else { return }
        registry.remove(series)
    }
}
