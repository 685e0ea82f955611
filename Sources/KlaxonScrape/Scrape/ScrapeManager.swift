import KlaxonMetrics
public import KlaxonModel
public import KlaxonStorage
public import Logging

/// A scrape job with its static targets (`static_configs`).
public struct ScrapeJob: Sendable, Equatable {
    public var config: ScrapeConfig
    public var staticConfigs: [StaticTargetGroup]

    public init(config: ScrapeConfig, staticConfigs: [StaticTargetGroup]) {
        self.config = config
        self.staticConfigs = staticConfigs
    }
}

/// One `static_configs` entry: addresses sharing a set of labels.
public struct StaticTargetGroup: Sendable, Equatable {
    /// `host:port` addresses (each becomes a target's `__address__`).
    public var targets: [String]
    public var labels: Labels

    public init(targets: [String], labels: Labels = Labels()) {
        self.targets = targets
        self.labels = labels
    }
}

/// A problem found while applying jobs: an invalid job, or a target that could not be built.
public struct ScrapeManagerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var job: String
    /// Prometheus's wording (`instance 0 in group 0: no address`).
    public var message: String

    public var description: String { "scrape job \(GoQuote.quote(job)): \(message)" }
}

/// Runs one `ScrapeLoop` per target of every job (Prometheus's scrape manager and pools, for static targets).
/// `apply(_:)` diffs a new job list against the running loops: unchanged targets keep their loop (and cache),
/// new ones start, removed ones stop and get end-of-run staleness markers. `run()` hosts the loops until it is
/// cancelled. `activeTargets()`/`droppedTargets()` feed the targets API.
public actor ScrapeManager {
    struct Pool {
        var config: ScrapeConfig
        /// The transport every target of the pool scrapes through (its own when the job has `tls_config`).
        var transport: any HTTPTransport
        var loops: [UInt64: ScrapeLoop] = [:]
        var dropped: [DroppedTarget] = []
    }

    let storage: MemoryStorage
    let transport: any HTTPTransport
    let tlsTransport: (@Sendable (ScrapeTLS) -> any HTTPTransport)?
    let time: any TimeSource
    let logger: Logger
    let metrics: ScrapeMetrics?
    let offsetSeed: UInt64
    let stopwatch: Stopwatch
    private var pools: [String: Pool] = [:]
    private var extraLoops: [UInt64: ScrapeLoop] = [:]
    private let starts: AsyncStream<ScrapeLoop>
    private let startContinuation: AsyncStream<ScrapeLoop>.Continuation

    /// - Parameters:
    ///   - transport: scrapes every job without a `tls_config` (or with the default one).
    ///   - tlsTransport: called once per pool whose job has a non-default `tls_config` (again when the job's
    ///     configuration changes); returns the transport for that pool's targets. Without it, such jobs use
    ///     `transport` too.
    public init(
        storage: MemoryStorage,
        transport: any HTTPTransport,
        tlsTransport: (@Sendable (ScrapeTLS) -> any HTTPTransport)? = nil,
        time: any TimeSource = SystemTimeSource(),
        logger: Logger? = nil,
        metrics: ScrapeMetrics? = nil,
        offsetSeed: UInt64 = 0,
        stopwatch: Stopwatch = .continuous
    ) {
        self.storage = storage
        self.transport = transport
        self.tlsTransport = tlsTransport
        self.time = time
        self.logger = logger ?? ScrapeLoop.silentLogger
        self.metrics = metrics
        self.offsetSeed = offsetSeed
        self.stopwatch = stopwatch
        (starts, startContinuation) = AsyncStream<ScrapeLoop>.makeStream()
    }

    /// Hosts the loops until cancelled (call once). Loops of targets applied before `run()` start with it.
    public nonisolated func run() async throws {
        let starts = self.starts
        await withDiscardingTaskGroup { group in
            for await loop in starts {
                group.addTask {
                    // A loop ends by stop() or cancellation; neither is an error worth reporting here.
                    try? await loop.run()
                }
            }
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Replaces the jobs. Jobs and targets that did not change keep scraping undisturbed. Returns the problems
    /// found; an invalid job is skipped entirely, a bad target only.
    @discardableResult
    public func apply(_ jobs: [ScrapeJob]) -> [ScrapeManagerError] {
        var errors: [ScrapeManagerError] = []
        var next: [String: Pool] = [:]
        for job in jobs {
            let config = job.config
            if next[config.jobName] != nil {
                errors.append(
                    ScrapeManagerError(
                        job: config.jobName,
                        message: "found multiple scrape configs with job name \(GoQuote.quote(config.jobName))"))
                continue
            }
            let relabeler: Relabeler
            do {
                try config.validate()
                relabeler = try Relabeler(config.relabelConfigs)
            } catch let error as ScrapeConfigError {
                errors.append(ScrapeManagerError(job: config.jobName, message: error.message))
                continue
            } catch {
                errors.append(ScrapeManagerError(job: config.jobName, message: "\(error)"))
                continue
            }
            let previous = pools[config.jobName]
            let reuse = previous?.config == config
            let poolTransport = reuse ? previous?.transport ?? transport : makeTransport(for: config)
            var pool = Pool(config: config, transport: poolTransport)
            for (groupIndex, group) in job.staticConfigs.enumerated() {
                for (index, address) in group.targets.enumerated() {
                    let discovered = ScrapeTarget.discoveredLabels(
                        targetLabels: [TargetLabels.address: address], groupLabels: group.labels, config: config)
                    do {
                        guard
                            let target = try ScrapeTarget.make(
                                discoveredLabels: discovered, config: config, relabeler: relabeler)
                        else {
                            pool.dropped.append(DroppedTarget(scrapePool: config.jobName, discoveredLabels: discovered))
                            continue
                        }
                        if pool.loops[target.hash] != nil { continue }  // the same target listed twice
                        if reuse, let existing = previous?.loops[target.hash] {
                            pool.loops[target.hash] = existing
                            continue
                        }
                        let loop = try ScrapeLoop(
                            target: target, config: config, source: .http(poolTransport), storage: storage,
                            time: time, logger: logger, metrics: metrics, offsetSeed: offsetSeed, stopwatch: stopwatch)
                        pool.loops[target.hash] = loop
                        startContinuation.yield(loop)
                    } catch let error as TargetError {
                        errors.append(
                            ScrapeManagerError(
                                job: config.jobName,
                                message: "instance \(index) in group \(groupIndex): \(error.message)"))
                    } catch {
                        errors.append(ScrapeManagerError(job: config.jobName, message: "\(error)"))
                    }
                }
            }
            next[config.jobName] = pool
        }
        for (name, pool) in pools {
            let kept = next[name]?.loops ?? [:]
            for (hash, loop) in pool.loops where kept[hash] !== loop { loop.stop() }
            if next[name] == nil { metrics?.poolTargets.remove(["scrape_job": name]) }
        }
        pools = next
        if let metrics {
            for (name, pool) in pools { metrics.poolTargets.labels(name).set(pool.loops.count) }
        }
        for error in errors { logger.error("Creating target failed", metadata: ["err": "\(error)"]) }
        return errors
    }

    /// The transport for a new pool of `config`: its own when the job asks for non-default TLS.
    private func makeTransport(for config: ScrapeConfig) -> any HTTPTransport {
        guard let tls = config.tls, !tls.isDefault, let tlsTransport else { return transport }
        return tlsTransport(tls)
    }

    /// Hosts a loop built elsewhere (an in-process target, for example); it shows up in `activeTargets()`.
    public func add(_ loop: ScrapeLoop) {
        guard extraLoops[loop.target.hash] == nil else { return }
        extraLoops[loop.target.hash] = loop
        startContinuation.yield(loop)
    }

    /// Stops a loop added with `add(_:)` (with end-of-run staleness markers).
    public func remove(_ loop: ScrapeLoop) {
        guard let existing = extraLoops.removeValue(forKey: loop.target.hash) else { return }
        existing.stop()
    }

    /// Every running target's state, by pool then URL.
    public func activeTargets() -> [TargetStatus] {
        let loops = pools.values.flatMap { $0.loops.values } + extraLoops.values
        return loops.map(\.target.status).sorted {
            ($0.scrapePool, $0.scrapeURL) < ($1.scrapePool, $1.scrapeURL)
        }
    }

    /// Targets dropped by relabelling, by pool.
    public func droppedTargets() -> [DroppedTarget] {
        pools.keys.sorted().flatMap { pools[$0]?.dropped ?? [] }
    }

    /// The running loops (for tests and for callers that drive scrapes themselves).
    public func loops() -> [ScrapeLoop] {
        (pools.values.flatMap { $0.loops.values } + extraLoops.values).sorted {
            ($0.target.scrapePool, $0.target.scrapeURL) < ($1.target.scrapePool, $1.target.scrapeURL)
        }
    }
}
