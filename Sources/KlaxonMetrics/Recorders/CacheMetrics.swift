public import CoreMetrics

/// A tier of Klaxon's two-tier cache.
public enum CacheTier: String, Sendable, CaseIterable {
    /// The in-process cache.
    case l1
    /// The shared cache behind it.
    case l2
}

/// Records cache behaviour per tier: `cache_hits_total{tier}`, `cache_misses_total{tier}`,
/// `cache_evictions_total{tier}`, `cache_size_entries{tier}`, `cache_operation_duration_seconds{operation,tier}`,
/// and reads the hit rate back.
///
/// The per-tier counters are created once (both tiers are exported as 0 from the start), so hits and misses
/// are a single atomic add through swift-metrics with no lookup.
public struct CacheMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog
    private let hits: [CoreMetrics.Counter]  // indexed like CacheTier.allCases
    private let misses: [CoreMetrics.Counter]
    private let evictions: [CoreMetrics.Counter]
    private let sizes: [CoreMetrics.Gauge]
    private let hitSeries: [CounterSeries]  // the same series as `hits`, read back (empty for a foreign backend)
    private let missSeries: [CounterSeries]

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([
            Catalog.cacheHits, Catalog.cacheMisses, Catalog.cacheEvictions, Catalog.cacheSize, Catalog.cacheOperationDuration,
        ])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend (`hitRate` then answers only for a Klaxon registry).
    public init(factory: any MetricsFactory) {
        let recording = SwiftMetricsRecording(factory: factory)
        self.recording = recording
        let tiers = CacheTier.allCases
        hits = tiers.map { recording.counter(Catalog.cacheHits, $0.rawValue) }
        misses = tiers.map { recording.counter(Catalog.cacheMisses, $0.rawValue) }
        evictions = tiers.map { recording.counter(Catalog.cacheEvictions, $0.rawValue) }
        sizes = tiers.map { recording.gauge(Catalog.cacheSize, $0.rawValue) }
        if let klaxon = factory as? KlaxonMetricsFactory {
            let hitFamily = klaxon.registry.counter(Catalog.cacheHits)
            let missFamily = klaxon.registry.counter(Catalog.cacheMisses)
            hitSeries = tiers.map { hitFamily.labels($0.rawValue) }
            missSeries = tiers.map { missFamily.labels($0.rawValue) }
        } else {
            hitSeries = []
            missSeries = []
        }
    }

    private func index(_ tier: CacheTier) -> Int { tier == .l1 ? 0 : 1 }

    /// Counts a hit in `tier`.
    public func recordHit(tier: CacheTier) { hits[index(tier)].increment() }

    /// Counts a miss in `tier`.
    public func recordMiss(tier: CacheTier) { misses[index(tier)].increment() }

    /// Counts `count` evictions from `tier`.
    public func recordEvictions(_ count: Int = 1, tier: CacheTier) {
        guard count > 0 else { return }
        evictions[index(tier)].increment(by: count)
    }

    /// Sets the number of entries held in `tier`.
    public func setSize(_ entries: Int, tier: CacheTier) { sizes[index(tier)].record(entries) }

    /// Records how long a cache operation (`get`, `set`, `delete`, `invalidate`, …) took in `tier`.
    public func recordOperation(_ operation: String, tier: CacheTier, duration: Duration) {
        recording.timer(Catalog.cacheOperationDuration, operation, tier.rawValue).record(duration)
    }

    /// hits / (hits + misses) for `tier` since start (or reset); nil before the first lookup, or when the
    /// recorder does not record into a Klaxon registry.
    public func hitRate(tier: CacheTier) -> Double? {
        guard !hitSeries.isEmpty else { return nil }
        return Self.rate(hits: hitSeries[index(tier)].value, misses: missSeries[index(tier)].value)
    }

    /// The hit rate over both tiers together (a lookup served by L2 after an L1 miss counts in both).
    public func hitRate() -> Double? {
        guard !hitSeries.isEmpty else { return nil }
        return Self.rate(
            hits: hitSeries.reduce(0) { $0 + $1.value }, misses: missSeries.reduce(0) { $0 + $1.value }
        )
    }

    private static func rate(hits: Double, misses: Double) -> Double? {
        let lookups = hits + misses
        return lookups > 0 ? hits / lookups : nil
    }
}
