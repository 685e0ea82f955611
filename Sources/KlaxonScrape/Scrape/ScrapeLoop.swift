public import KlaxonModel
public import KlaxonStorage
public import Logging
import Synchronization

/// Where a loop's samples come from.
public enum ScrapeSource: Sendable {
    /// An HTTP scrape of the target's URL through the given transport.
    case http(any HTTPTransport)
    /// Samples produced in-process, given the scrape time (for example
    /// `{ t in registry.collect().samples(at: t) }`); no HTTP, the same loop semantics. A thrown error fails the
    /// scrape like an HTTP error.
    case inProcess(@Sendable (Timestamp) async throws -> [Sample])
}

/// The result of one scrape, as the synthetic series report it.
public struct ScrapeOutcome: Sendable, Equatable {
    /// The scrape time; every sample without its own timestamp is stamped with it.
    public var timestamp: Timestamp
    public var samplesScraped: Int
    public var samplesPostMetricRelabeling: Int
    public var seriesAdded: Int
    /// Why the scrape failed (`up` is 0), in Prometheus's words; nil when it succeeded.
    public var error: String?
    public var duration: Duration
}

/// Scrapes one target at its interval and appends what it exposes to storage, with Prometheus's semantics
/// (its `scrapeLoop`): a stable per-target phase within the interval, the synthetic series `up`,
/// `scrape_duration_seconds`, `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling` and
/// `scrape_series_added`, staleness markers for series that disappear or when the scrape fails, limits, and
/// one atomic commit per scrape.
///
/// `run()` scrapes until cancelled (no staleness markers: the process is shutting down) or until `stop()`
/// (staleness markers for everything, written after two more intervals as Prometheus does, unless disabled).
/// `scrape(at:)` performs a single scrape, for tests and callers with their own schedule.
public final class ScrapeLoop: Sendable {
    public let target: ScrapeTarget
    public let config: ScrapeConfig
    let source: ScrapeSource
    let storage: MemoryStorage
    let time: any TimeSource
    let stopwatch: Stopwatch
    let logger: Logger
    let metrics: ScrapeMetrics?
    let offsetSeed: UInt64
    let session: Mutex<ScrapeSession>
    let stopSignal = StopSignal()
    private let endOfRunStaleness = Atomic<Bool>(true)
    /// Where `run()` is: 0 not running, 1 scraping on schedule, 2 waiting to write end-of-run markers, 3 done.
    let runPhase = Atomic<UInt8>(0)

    /// A logger that discards everything (the default when none is passed).
    public static var silentLogger: Logger {
        Logger(label: "klaxon.scrape", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// A loop for `target`, scraped as `config` says (no logger: nothing is logged). Throws when the metric
    /// relabelling rules are invalid.
    public init(
        target: ScrapeTarget,
        config: ScrapeConfig,
        source: ScrapeSource,
        storage: MemoryStorage,
        time: any TimeSource = SystemTimeSource(),
        logger: Logger? = nil,
        metrics: ScrapeMetrics? = nil,
        offsetSeed: UInt64 = 0,
        stopwatch: Stopwatch = .continuous
    ) throws(ScrapeConfigError) {
        let relabeler: Relabeler
        do { relabeler = try Relabeler(config.metricRelabelConfigs) } catch { throw ScrapeConfigError(error.message) }
        self.target = target
        self.config = config
        self.source = source
        self.storage = storage
        self.time = time
        self.stopwatch = stopwatch
        var logger = logger ?? ScrapeLoop.silentLogger
        logger[metadataKey: "scrape_pool"] = "\(target.scrapePool)"
        logger[metadataKey: "target"] = "\(target.scrapeURL)"
        self.logger = logger
        self.metrics = metrics
        self.offsetSeed = offsetSeed
        session = Mutex(
            ScrapeSession(options: IngestOptions(target: target, config: config, metricRelabeler: relabeler)))
    }

    /// When the loop last scraped, nil before the first scrape.
    public var lastScrape: Timestamp? { session.withLock { $0.lastScrape } }

    /// Asks `run()` to stop; it then writes end-of-run staleness markers (unless disabled) and returns.
    public func stop() { stopSignal.fire() }

    /// Turns off the end-of-run staleness markers (the target lives on in another loop).
    public func disableEndOfRunStalenessMarkers() { endOfRunStaleness.store(false, ordering: .relaxed) }

    /// Scrapes at the target's interval until stopped or cancelled. Cancellation ends it with
    /// `CancellationError` and writes nothing more.
    public func run() async throws {
        runPhase.store(1, ordering: .sequentiallyConsistent)
        defer { runPhase.store(3, ordering: .sequentiallyConsistent) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                // The schedule ends only by cancellation; the error carries nothing else.
                try? await self.schedule()
            }
            group.addTask { [self] in await self.stopSignal.wait() }
            await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
        guard endOfRunStaleness.load(ordering: .relaxed) else { return }
        runPhase.store(2, ordering: .sequentiallyConsistent)
        try await writeEndOfRunStaleness()
    }

    /// Prometheus's schedule: the first scrape on the target's phase, then one per interval. A scrape that
    /// overruns is followed by one immediate scrape (Go's ticker keeps one tick); further missed ticks are
    /// dropped. A scrape within 2 ms (at most 1% of the interval) of its tick is stamped with the tick.
    func schedule() async throws {
        let interval = max(target.scrapeInterval.milliseconds, 1)
        let tolerance = min(interval / 100, 2)
        var tick = time.now() + target.firstScrapeDelay(now: time.now(), seed: offsetSeed)
        try await time.sleep(until: tick)
        while true {
            try Task.checkCancellation()
            let now = time.now()
            try await scrape(at: now - tick <= tolerance ? tick : now)
            let after = time.now()
            tick += interval
            if after >= tick {
                tick += (after - tick) / interval * interval
                continue
            }
            try await time.sleep(until: tick)
        }
    }

    /// Prometheus's `endOfRunStaleness`: waits for the next tick (the markers' timestamp), one more tick and a
    /// tenth of an interval, so a target that reappears elsewhere has been scraped; then marks every series of
    /// the last scrape stale, and the synthetic series too.
    func writeEndOfRunStaleness() async throws {
        guard let last = lastScrape else { return }
        let interval = max(target.scrapeInterval.milliseconds, 1)
        let now = time.now()
        let staleTick = last + (max(now - last, 0) / interval + 1) * interval
        try await time.sleep(until: staleTick)
        let staleTime = time.now()
        try await time.sleep(until: staleTick + interval + interval / 10)
        guard endOfRunStaleness.load(ordering: .relaxed) else { return }
        writeStaleMarkers(at: staleTime)
    }

    /// Marks every series of the last scrape and the synthetic series stale at `t`, in one commit.
    public func writeStaleMarkers(at t: Timestamp) {
        let storage = self.storage
        session.withLock { session in
            var app = storage.makeAppender()
            var batch: [BatchItem] = []
            session.ingestEmpty(at: t, into: &app, batch: &batch)
            session.appendReportStale(at: t, into: &app, batch: &batch)
            // Rejections of staleness markers (a newer sample already exists) are expected and ignored.
            _ = app.commit()
            session.finishIteration()
        }
    }
}
