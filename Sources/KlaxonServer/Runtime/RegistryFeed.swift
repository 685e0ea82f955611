public import KlaxonMetrics
public import KlaxonModel
public import KlaxonStorage
public import Logging

/// Appends the samples of an in-process `MetricsRegistry` to the store at a fixed interval, as if the
/// registry were a scrape target (target labels added, `up` = 1, a staleness marker when a series
/// disappears): how the embedded default evaluates the bundled rules against Klaxon's own metrics.
public actor RegistryFeed {
    public let registry: MetricsRegistry
    public let storage: MemoryStorage
    /// Labels added to every sample (`job`, `instance`), as a scrape's target labels.
    public let targetLabels: Labels
    /// Milliseconds between two collections.
    public let interval: Int64
    /// Samples older than this many milliseconds are dropped from the store after each collection.
    public let retention: Int64
    private let time: any TimeSource
    private let logger: Logger
    private let signal = LoopSignal()
    private var previous: Set<Labels> = []
    private var lastTruncation: Timestamp = .min
    private var collections = 0

    public init(
        registry: MetricsRegistry, storage: MemoryStorage, targetLabels: Labels, interval: Int64, retention: Int64,
        time: any TimeSource, logger: Logger
    ) {
        self.registry = registry
        self.storage = storage
        self.targetLabels = targetLabels
        self.interval = max(1, interval)
        self.retention = retention
        self.time = time
        self.logger = logger
    }

    /// Collections done so far.
    public var collectionCount: Int { collections }

    /// Collects once at `now` (the loop does this every `interval`; tests call it directly).
    public func collect(at now: Timestamp) {
        var appender = storage.makeAppender()
        var current = Set<Labels>()
        for sample in registry.collect().samples(at: now) {
            var labels = sample.labels
            for label in targetLabels where !labels.has(label.name) { labels.set(label.name, label.value) }
            current.insert(labels)
            do {
                try appender.append(labels, t: now, v: sample.v)
            } catch {
                logger.debug("feed sample rejected", metadata: ["labels": "\(labels)", "err": "\(error)"])
            }
        }
        var up = targetLabels
        up.set(WellKnown.metricName, "up")
        current.insert(up)
        // The store only refuses a series whose labels are invalid; the feed's own `up` has valid ones.
        if let ref = try? storage.seriesRef(for: up) { appender.append(ref, t: now, v: 1) }
        for gone in previous.subtracting(current) {
            if let ref = storage.existingSeriesRef(for: gone) { appender.appendStaleMarker(ref, t: now) }
        }
        let report = appender.commit()
        if !report.failures.isEmpty {
            logger.debug("feed samples rejected", metadata: ["count": "\(report.failures.count)"])
        }
        previous = current
        collections += 1
        if retention > 0 && now.subtractingSaturated(lastTruncation) >= 60_000 {
            storage.truncate(before: now.subtractingSaturated(retention))
            lastTruncation = now
        }
    }

    /// Ends `run()`.
    public nonisolated func stop() { signal.stop() }

    /// Collects every `interval`, aligned to multiples of it, until stopped.
    public func run() async {
        var next = time.now()
        while !signal.isStopped && !Task.isCancelled {
            if time.now() >= next {
                collect(at: next)
                next = next + interval
                let now = time.now()
                if next <= now { next = now - (now % interval) + interval }  // fell behind: skip ahead
                continue
            }
            if await signal.sleep(until: next, time: time) == .stopped { break }
        }
    }
}
