public import KlaxonModel
import Synchronization

/// Produces metric families at collection time (process metrics, values computed on demand).
public protocol MetricsCollector: Sendable {
    /// The families as they are now.
    func collect() -> [MetricFamilySnapshot]
}

/// Klaxon's metrics registry: owns metric families, hands out cached per-label-set series handles, and reads
/// everything back as snapshots, exposition text or flat samples.
///
/// ## Why not swift-prometheus
/// swift-prometheus 2.x is a fine swift-metrics backend, but it only *renders*: its `PrometheusCollectorRegistry`
/// writes text and keeps no public way to read a value back, so Klaxon's in-process feed (snapshots appended
/// to its own TSDB), the cache hit-rate accessor and the health export could not be built on it. It also has
/// no OpenMetrics output, takes a lock on every histogram observation, and needs swift-atomics. This registry
/// keeps values in `Synchronization.Atomic`s and exposes them as data; swift-metrics remains the recording
/// API through `KlaxonMetricsFactory`.
///
/// ## Names
/// Names are sanitised (`MetricName`). A name asked for again returns the existing family, filling in help
/// and unit if they were empty; the bucket layout of a histogram is fixed by its first creation. Asking for an
/// existing name with another type returns an unregistered family: it records but is never exported (a
/// clash is a programming error, but instrumentation must not crash the process).
public final class MetricsRegistry: Sendable {
    /// The clock for created timestamps.
    public let clock: any WallClock

    private enum Family {
        case counter(CounterFamily)
        case gauge(GaugeFamily)
        case histogram(HistogramFamily)

        var type: MetricType {
            switch self {
            case .counter: .counter
            case .gauge: .gauge
            case .histogram: .histogram
            }
        }

        func snapshot() -> MetricFamilySnapshot {
            switch self {
            case .counter(let family): family.snapshot()
            case .gauge(let family): family.snapshot()
            case .histogram(let family): family.snapshot()
            }
        }
    }

    private struct State {
        var families: [String: Family] = [:]
        var collectors: [any MetricsCollector] = []
    }
    private let state = Mutex(State())

    /// A registry whose created timestamps come from `clock`.
    public init(clock: any WallClock = SystemWallClock()) {
        self.clock = clock
    }

    /// The swift-metrics backend that records into this registry.
    public var factory: KlaxonMetricsFactory { KlaxonMetricsFactory(registry: self) }

    // MARK: Families

    /// The counter family `name`, created on first use. Counter names should end in `_total`.
    public func counter(_ name: String, help: String = "", unit: String = "", labelNames: [String] = []) -> CounterFamily {
        let clock = self.clock
        return family(name, help: help, unit: unit, labelNames: labelNames) { (name, labelNames, registered) in
            let family = CounterFamily(
                name: name, type: .counter, help: help, unit: unit, labelNames: labelNames, buckets: [],
                isRegistered: registered, makeSeries: { CounterSeries(labels: $0, clock: clock) }
            )
            return (family, .counter(family))
        } existing: { found in
            if case .counter(let family) = found { family.describeIfNeeded(help: help, unit: unit); return family }
            return nil
        }
    }

    /// The gauge family `name`, created on first use.
    public func gauge(_ name: String, help: String = "", unit: String = "", labelNames: [String] = []) -> GaugeFamily {
        let clock = self.clock
        return family(name, help: help, unit: unit, labelNames: labelNames) { (name, labelNames, registered) in
            let family = GaugeFamily(
                name: name, type: .gauge, help: help, unit: unit, labelNames: labelNames, buckets: [],
                isRegistered: registered, makeSeries: { GaugeSeries(labels: $0, clock: clock) }
            )
            return (family, .gauge(family))
        } existing: { found in
            if case .gauge(let family) = found { family.describeIfNeeded(help: help, unit: unit); return family }
            return nil
        }
    }

    /// The histogram family `name`, created on first use with `buckets` (finite upper bounds; `+Inf` is
    /// implicit). Durations are observed in seconds, so the Prometheus default buckets fit them.
    public func histogram(
        _ name: String,
        help: String = "",
        unit: String = "",
        labelNames: [String] = [],
        buckets: [Double] = HistogramBuckets.prometheusDefault
    ) -> HistogramFamily {
        let clock = self.clock
        return family(name, help: help, unit: unit, labelNames: labelNames, reservingBucketLabel: true) {
            (name, labelNames, registered) in
            let bounds = HistogramBuckets.normalized(buckets)  // only when the family is created
            let family = HistogramFamily(
                name: name, type: .histogram, help: help, unit: unit, labelNames: labelNames, buckets: bounds,
                isRegistered: registered,
                makeSeries: { HistogramSeries(labels: $0, upperBounds: bounds, clock: clock) }
            )
            return (family, .histogram(family))
        } existing: { found in
            if case .histogram(let family) = found { family.describeIfNeeded(help: help, unit: unit); return family }
            return nil
        }
    }

    /// The family described by `descriptor`, with the matching type.
    public func counter(_ descriptor: MetricDescriptor) -> CounterFamily {
        counter(descriptor.name, help: descriptor.help, unit: descriptor.unit, labelNames: descriptor.labelNames)
    }

    /// The family described by `descriptor`, with the matching type.
    public func gauge(_ descriptor: MetricDescriptor) -> GaugeFamily {
        gauge(descriptor.name, help: descriptor.help, unit: descriptor.unit, labelNames: descriptor.labelNames)
    }

    /// The family described by `descriptor`, with the matching type.
    public func histogram(_ descriptor: MetricDescriptor) -> HistogramFamily {
        histogram(
            descriptor.name, help: descriptor.help, unit: descriptor.unit, labelNames: descriptor.labelNames,
            buckets: descriptor.buckets ?? HistogramBuckets.prometheusDefault
        )
    }

    /// Creates (or finds) the family for each descriptor, so help, unit and buckets are in place before
    /// anything records through swift-metrics.
    public func declare(_ descriptors: [MetricDescriptor]) {
        for descriptor in descriptors {
            switch descriptor.type {
            case .counter: _ = counter(descriptor)
            case .gauge: _ = gauge(descriptor)
            case .histogram: _ = histogram(descriptor)
            }
        }
    }

    private func family<F: Sendable>(
        _ rawName: String,
        help: String,
        unit: String,
        labelNames rawLabelNames: [String],
        reservingBucketLabel: Bool = false,
        make: (String, [String], Bool) -> (F, Family),
        existing: (Family) -> F?
    ) -> F {
        // Fast path: a valid name is its own sanitised form, so look it up as given first.
        if let found = state.withLock({ $0.families[rawName] }), let same = existing(found) { return same }
        let name = MetricName.sanitize(rawName)
        let labelNames = rawLabelNames.map { MetricName.sanitizeLabel($0, reservingBucketLabel: reservingBucketLabel) }
        return state.withLock { state in
            if let found = state.families[name] {
                return existing(found) ?? make(name, labelNames, false).0  // a type clash: detached, never exported
            }
            let (family, entry) = make(name, labelNames, true)
            state.families[name] = entry
            return family
        }
    }

    /// Removes a family from exposition (handles still held keep working).
    public func unregister(_ name: String) {
        _ = state.withLock { $0.families.removeValue(forKey: MetricName.sanitize(name)) }
    }

    /// Removes a series from whichever family registered it (swift-metrics `destroy`).
    func remove(_ series: CounterSeries) {
        for case .counter(let family) in state.withLock({ Array($0.families.values) }) { family.remove(series) }
    }

    /// Removes a series from whichever family registered it (swift-metrics `destroy`).
    func remove(_ series: GaugeSeries) {
        for case .gauge(let family) in state.withLock({ Array($0.families.values) }) { family.remove(series) }
    }

    /// Removes a series from whichever family registered it (swift-metrics `destroy`).
    func remove(_ series: HistogramSeries) {
        for case .histogram(let family) in state.withLock({ Array($0.families.values) }) { family.remove(series) }
    }

    // MARK: Collectors

    /// Adds a collector whose families are merged into every collection.
    public func register(_ collector: any MetricsCollector) {
        state.withLock { $0.collectors.append(collector) }
    }

    /// A gauge computed at collection time (uptime, sizes owned by someone else).
    public func registerGaugeFunction(
        _ name: String,
        help: String,
        unit: String = "",
        labels: Labels = Labels(),
        value: @escaping @Sendable () -> Double?
    ) {
        register(GaugeFunctionCollector(name: MetricName.sanitize(name), help: help, unit: unit, labels: labels, value: value))
    }

    // MARK: Reading back

    /// Every exported family with at least one series, sorted by name. Collector families with the same
    /// name and type as a registry family are merged into it; on a type clash the registry's family wins.
    public func collect() -> [MetricFamilySnapshot] {
        let (families, collectors) = state.withLock { (Array($0.families.values), $0.collectors) }
        var byName: [String: MetricFamilySnapshot] = [:]
        for family in families {
            let snapshot = family.snapshot()
            byName[snapshot.name] = snapshot
        }
        for collector in collectors {
            for snapshot in collector.collect() {
                guard var existing = byName[snapshot.name] else {
                    byName[snapshot.name] = snapshot
                    continue
                }
                guard existing.type == snapshot.type else { continue }
                existing.series.append(contentsOf: snapshot.series)
                existing.series.sort { $0.labels < $1.labels }
                if existing.help.isEmpty { existing.help = snapshot.help }
                byName[snapshot.name] = existing
            }
        }
        return byName.values.filter { !$0.series.isEmpty }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The collected families rendered in `format`.
    public func exposition(_ format: ExpositionFormat = .prometheusText, includeCreated: Bool = false) -> String {
        Exposition.render(collect(), format: format, includeCreated: includeCreated)
    }
}

/// A single gauge whose value is computed when collected; nil omits it.
struct GaugeFunctionCollector: MetricsCollector {
    let name: String
    let help: String
    let unit: String
    let labels: Labels
    let value: @Sendable () -> Double?

    func collect() -> [MetricFamilySnapshot] {
        guard let current = value() else { return [] }
        return [
            MetricFamilySnapshot(
                name: name, help: help, type: .gauge, unit: unit,
                series: [SeriesSnapshot(labels: labels, value: .gauge(current))]
            )
        ]
    }
}
