public import KlaxonMetrics
public import KlaxonModel
public import KlaxonStorage
public import Logging

extension ScrapeSource {
    /// Scrapes a metrics registry in-process: its families flattened as a text scrape would yield them.
    public static func registry(_ registry: MetricsRegistry) -> ScrapeSource {
        .inProcess { t in registry.collect().samples(at: t) }
    }
}

extension ScrapeLoop {
    /// A loop fed in-process (the embedded engine's self-scrape): the same semantics as an HTTP target —
    /// target labels `job` and `instance` (conflicts renamed `exported_…`), staleness for series that
    /// disappear, `up`, `scrape_duration_seconds` and the other synthetic series — without HTTP.
    /// `config` supplies interval, limits and metric relabelling; its job name is replaced by `job`.
    public static func inProcess(
        job: String,
        instance: String,
        config: ScrapeConfig? = nil,
        storage: MemoryStorage,
        time: any TimeSource = SystemTimeSource(),
        logger: Logger? = nil,
        metrics: ScrapeMetrics? = nil,
        stopwatch: Stopwatch = .continuous,
        source: ScrapeSource
    ) throws(ScrapeConfigError) -> ScrapeLoop {
        var config = config ?? ScrapeConfig(jobName: job, scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.jobName = job
        let interval = PromDuration.format(config.scrapeInterval.milliseconds)
        let timeout = PromDuration.format(config.scrapeTimeout.milliseconds)
        let labels: Labels = [
            TargetLabels.job: job, TargetLabels.instance: instance, TargetLabels.address: instance,
            TargetLabels.scrapeInterval: interval, TargetLabels.scrapeTimeout: timeout,
        ]
        let target = ScrapeTarget(
            scrapePool: job, labels: labels, discoveredLabels: labels, scrapeURL: "inprocess://\(instance)/\(job)",
            scrapeInterval: config.scrapeInterval, scrapeTimeout: config.scrapeTimeout)
        return try ScrapeLoop(
            target: target, config: config, source: source, storage: storage, time: time, logger: logger,
            metrics: metrics, stopwatch: stopwatch)
    }
}
