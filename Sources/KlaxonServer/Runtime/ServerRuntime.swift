import KlaxonEngine
import KlaxonHTTPClient
public import KlaxonHealth
public import KlaxonMetrics
public import KlaxonModel
import KlaxonRules
public import KlaxonScrape
public import KlaxonStorage
public import Logging
import Synchronization

/// The daemon's state and parts, wired together: the store, the rule manager, the notifier, the in-process
/// metrics feed, the current configuration and reload. The HTTP API reads from it; the lifecycle runs its
/// loops. Nothing here knows about HTTP or service groups.
public final class ServerRuntime: Sendable {
    public let options: ServerOptions
    public let storage: MemoryStorage
    public let platform: PlatformMetrics
    public let metrics: ServerMetrics
    public let rules: RuleManager
    public let notifier: NotifierHost
    /// The HTTP client the runtime created (shut down with `shutdown()`); nil when one was injected.
    let ownedTransport: AsyncHTTPClientTransport?
    public let health: HealthChecker
    /// Scrapes the configured targets (and, in the embedded default, Klaxon's own registry in-process).
    public let scrapes: ScrapeManager
    /// The in-process scrape of Klaxon's registry in the embedded default (nil with a configuration file).
    public let selfScrape: ScrapeLoop?
    /// Drops samples older than the retention.
    let retention: RetentionLoop
    public let time: any TimeSource
    public let logger: Logger
    let persistence: StatePersistence?
    private let current = Mutex<LoadedConfiguration?>(nil)
    private let ready = Atomic<Bool>(false)
    private let reloadLock = ReloadGate()
    private let warned = Mutex<Set<String>>([])

    /// Builds every part; nothing runs and no configuration is loaded until `loadInitialConfiguration()`.
    public init(
        options: ServerOptions, time: any TimeSource = SystemTimeSource(), logger: Logger,
        transport: (any HTTPTransport)? = nil, registry: MetricsRegistry? = nil,
        includeProcessMetrics: Bool = true
    ) {
        self.options = options
        self.time = time
        self.logger = logger
        let storage = MemoryStorage()
        self.storage = storage
        platform = PlatformMetrics(
            registry: registry ?? MetricsRegistry(), includeProcessMetrics: includeProcessMetrics)
        let metrics = ServerMetrics(registry: platform.registry, storage: storage)
        self.metrics = metrics
        var engineOptions = EngineOptions()
        engineOptions.maxSamples = options.limits.maxSamples
        engineOptions.timeout = options.limits.timeout
        engineOptions.lookbackDelta = options.limits.lookbackDelta
        let engine = Engine(options: engineOptions)
        let owned = transport == nil ? AsyncHTTPClientTransport() : nil
        ownedTransport = owned
        let notifier = NotifierHost(
            transport: transport ?? owned ?? AsyncHTTPClientTransport(), time: time, registry: platform.registry,
            logger: logger)
        self.notifier = notifier
        var ruleOptions = RuleEvaluationOptions()
        ruleOptions.externalURL = options.resolvedExternalURL
        ruleOptions.templates = ServerTemplates.expander(
            storage: storage, engine: engine, externalURL: options.resolvedExternalURL)
        rules = RuleManager(
            storage: storage, engine: engine, options: ruleOptions, sink: notifier, time: time, logger: logger,
            metrics: metrics)
        let scrapeMetrics = ScrapeMetrics(registry: platform.registry)
        let scrapeTransport = transport ?? owned ?? AsyncHTTPClientTransport()
        scrapes = ScrapeManager(
            storage: storage, transport: scrapeTransport,
            tlsTransport: { tls in ClientTLS.transport(scrapeTransport, tls) },
            time: time, logger: logger, metrics: scrapeMetrics)
        if case .embedded(let defaults) = options.source {
            let interval = Duration.milliseconds(defaults.evaluationInterval)
            // The job name, labels and interval are fixed and valid, so building the loop cannot fail.
            selfScrape = try? ScrapeLoop.inProcess(
                job: options.feedLabels["job"], instance: options.feedLabels["instance"],
                config: ScrapeConfig(
                    jobName: options.feedLabels["job"], scrapeInterval: interval,
                    scrapeTimeout: min(interval, .seconds(10))),
                storage: storage, time: time, logger: logger, metrics: scrapeMetrics,
                source: .registry(platform.registry))
        } else {
            selfScrape = nil
        }
        retention = RetentionLoop(storage: storage, retention: options.retention, time: time)
        persistence = options.dataDirectory.map { StatePersistence(directory: $0, logger: logger) }
        health = HealthChecker()
        registerHealthChecks()
    }

    /// The configuration in force.
    public var configuration: LoadedConfiguration? { current.withLock { $0 } }

    /// True once the first configuration is applied and persisted state restored (`/-/ready`).
    public var isReady: Bool { ready.load(ordering: .acquiring) }

    /// The data endpoints over the store.
    public var api: PrometheusAPI<MemoryStorage> {
        let time = self.time
        return PrometheusAPI(source: storage, limits: options.limits, now: { time.now() })
    }

    /// Loads and applies the configuration at startup, restores persisted state; throws when it does not load.
    public func loadInitialConfiguration() async throws(ConfigLoadError) {
        let loaded = try ConfigLoader(extraWebhooks: options.webhooks, externalURL: options.resolvedExternalURL).load(
            options.source)
        if let persistence {
            let saved = persistence.load()
            await apply(loaded)
            let alerts = await rules.restore(saved.alerts, warmUp: Self.restoreWarmUp(loaded))
            let notifications = await notifier.restore(saved.notifications)
            if alerts > 0 || notifications > 0 {
                logger.info(
                    "restored state", metadata: ["alerts": "\(alerts)", "notifications": "\(notifications)"])
            }
            let notifier = self.notifier
            await rules.setAfterCycle { groups in
                persistence.saveAlerts(groups)
                persistence.saveNotifications(await notifier.snapshot())
            }
        } else {
            await apply(loaded)
        }
        let endpoints = await notifier.endpoints.count
        logger.info(
            "completed loading of configuration",
            metadata: [
                "groups": "\(loaded.groups.count)", "rule_files": "\(loaded.ruleFiles.count)",
                "scrape_jobs": "\(loaded.scrapeJobs.count)", "endpoints": "\(endpoints)",
            ])
        ready.store(true, ordering: .releasing)
    }

    /// How long restored alerts are held while their conditions cannot hold yet: at least a minute and three
    /// of the slowest scrape interval (a `rate()` needs two scrapes after the restart).
    static func restoreWarmUp(_ loaded: LoadedConfiguration) -> Int64 {
        let slowest = loaded.scrapeJobs.map { $0.config.scrapeInterval.milliseconds }.max() ?? 0
        return max(60_000, slowest.multipliedSaturated(by: 3))
    }

    /// Loads the configuration again and applies it only if it loads without error; otherwise the running
    /// configuration stays and the error is thrown (and logged).
    public func reload() async throws(ConfigLoadError) {
        await reloadLock.acquire()
        let outcome: Result<LoadedConfiguration, ConfigLoadError>
        do {
            outcome = .success(
                try ConfigLoader(extraWebhooks: options.webhooks, externalURL: options.resolvedExternalURL).load(
                    options.source))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let loaded):
            await apply(loaded)
            logger.info("completed loading of configuration", metadata: ["groups": "\(loaded.groups.count)"])
        case .failure(let error):
            metrics.recordReload(success: false, at: time.now())
            logger.error("error reloading configuration", metadata: ["err": "\(error.description)"])
        }
        await reloadLock.release()
        if case .failure(let error) = outcome { throw error }
    }

    private func apply(_ loaded: LoadedConfiguration) async {
        // Each distinct warning is logged once per process, not again at every reload.
        let fresh = warned.withLock { seen in loaded.warnings.filter { seen.insert($0.description).inserted } }
        for warning in fresh { logger.warning("\(warning.description)") }
        current.withLock { $0 = loaded }
        await notifier.configure(loaded.notifier)
        await rules.update(loaded.groups, externalLabels: loaded.config.global.externalLabels)
        for problem in await scrapes.apply(loaded.scrapeJobs) {
            logger.warning("scrape configuration problem", metadata: ["err": "\(problem.description)"])
        }
        if let selfScrape { await scrapes.add(selfScrape) }
        metrics.recordReload(success: true, at: time.now())
    }

    /// The configuration file's text with secrets replaced by `<secret>`.
    public var redactedConfigYAML: String {
        guard let config = configuration?.config else { return "" }
        return ConfigRedaction.redact(config.text, spans: config.secretSpans)
    }

    /// Writes what must survive a restart (alert state, undelivered notifications). Called at shutdown.
    public func persistFinalState() async {
        guard let persistence else { return }
        persistence.saveAlerts(await rules.groups())
        persistence.saveNotifications(await notifier.snapshot())
    }

    /// Releases the HTTP client the runtime created. Call once, after the last request.
    public func shutdown() async {
        // A failing shutdown of the client at exit has nothing left to affect.
        try? await ownedTransport?.shutdown()
    }

    private func registerHealthChecks() {
        let storage = self.storage
        let rules = self.rules
        health.register(
            ClosureHealthCheck(name: "storage", component: "tsdb") {
                .healthy("\(storage.stats.seriesCount) series")
            })
        health.register(
            ClosureHealthCheck(name: "rules", component: "rules") {
                let groups = await rules.groups()
                let failing = groups.flatMap { $0.state.rules }.filter { $0.health == .err }.count
                if failing > 0 { return .degraded("\(failing) rules failing") }
                return .healthy("\(groups.count) groups")
            })
        let scrapes = self.scrapes
        health.register(
            ClosureHealthCheck(name: "scrape", component: "scrape") {
                let targets = await scrapes.activeTargets()
                let down = targets.filter { $0.health == .down }.count
                if down > 0 { return .degraded("\(down) of \(targets.count) targets down") }
                return .healthy("\(targets.count) targets")
            })
        let notifier = self.notifier
        health.register(
            ClosureHealthCheck(name: "notifier", component: "notify") {
                let queued = await notifier.queueLengths.values.reduce(0, +)
                return queued > 1_000 ? .degraded("\(queued) alerts queued") : .healthy("\(queued) alerts queued")
            })
        if let directory = options.dataDirectory {
            health.register(DiskSpaceHealthCheck(path: directory))
        }
    }
}
