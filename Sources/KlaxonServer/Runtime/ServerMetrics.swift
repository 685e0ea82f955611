public import KlaxonMetrics
import KlaxonModel
public import KlaxonStorage

/// Klaxon's own metrics (`klaxon_*`), registered on the same registry as the platform metrics so that `/metrics`
/// shows them and, in the embedded default, the bundled rules can alert on them. Names follow Prometheus's own
/// (`prometheus_rule_group_last_duration_seconds` → `klaxon_rule_group_last_duration_seconds`). The
/// `klaxon_notifications_*` families are KlaxonNotify's, on the same registry.
public struct ServerMetrics: Sendable {
    public let registry: MetricsRegistry

    let groupLastDuration: GaugeFamily
    let groupDuration: HistogramFamily
    let groupLastEvaluation: GaugeFamily
    let groupRules: GaugeFamily
    let groupIterations: CounterFamily
    let groupMissed: CounterFamily
    let ruleEvaluations: CounterFamily
    let ruleFailures: CounterFamily
    let configReloadSuccessful: GaugeFamily
    let configReloadTimestamp: GaugeFamily
    let httpRequests: CounterFamily
    let httpDuration: HistogramFamily
    let scrapeTargetsUp: GaugeFamily
    let scrapeTargets: GaugeFamily

    /// Declares every family on `registry`; `storage`'s sizes are read at collection time.
    public init(registry: MetricsRegistry, storage: MemoryStorage) {
        self.registry = registry
        let group = ["rule_group"]
        groupLastDuration = registry.gauge(
            "klaxon_rule_group_last_duration_seconds", help: "The duration of the last rule group evaluation.",
            labelNames: group)
        groupDuration = registry.histogram(
            "klaxon_rule_group_duration_seconds", help: "The duration of rule group evaluations.", labelNames: group)
        groupLastEvaluation = registry.gauge(
            "klaxon_rule_group_last_evaluation_timestamp_seconds",
            help: "The timestamp of the last rule group evaluation in seconds.", labelNames: group)
        groupRules = registry.gauge("klaxon_rule_group_rules", help: "The number of rules.", labelNames: group)
        groupIterations = registry.counter(
            "klaxon_rule_group_iterations_total", help: "The total number of scheduled rule group evaluations.",
            labelNames: group)
        groupMissed = registry.counter(
            "klaxon_rule_group_iterations_missed_total",
            help: "The total number of rule group evaluations missed due to slow rule group evaluation.",
            labelNames: group)
        ruleEvaluations = registry.counter(
            "klaxon_rule_evaluations_total", help: "The total number of rule evaluations.", labelNames: group)
        ruleFailures = registry.counter(
            "klaxon_rule_evaluation_failures_total", help: "The total number of rule evaluation failures.",
            labelNames: group)
        configReloadSuccessful = registry.gauge(
            "klaxon_config_last_reload_successful",
            help: "Whether the last configuration reload attempt was successful.")
        configReloadTimestamp = registry.gauge(
            "klaxon_config_last_reload_success_timestamp_seconds",
            help: "Timestamp of the last successful configuration reload.")
        httpRequests = registry.counter(
            "klaxon_http_requests_total", help: "Counter of HTTP requests.", labelNames: ["handler", "code"])
        httpDuration = registry.histogram(
            "klaxon_http_request_duration_seconds", help: "Histogram of latencies for HTTP requests.",
            labelNames: ["handler"])
        scrapeTargetsUp = registry.gauge(
            "klaxon_scrape_targets_up", help: "Scrape targets whose last scrape succeeded, per scrape pool.",
            labelNames: ["scrape_pool"])
        scrapeTargets = registry.gauge(
            "klaxon_scrape_targets", help: "Scrape targets per scrape pool.", labelNames: ["scrape_pool"])
        registry.registerGaugeFunction("klaxon_storage_series", help: "Series in the in-memory store.") {
            Double(storage.stats.seriesCount)
        }
        registry.registerGaugeFunction("klaxon_storage_samples", help: "Samples held by the in-memory store.") {
            Double(storage.stats.sampleCount)
        }
        registry.registerGaugeFunction(
            "klaxon_storage_bytes", help: "Approximate bytes used by the in-memory store (chunks and index)."
        ) {
            let stats = storage.stats
            return Double(stats.chunkPageBytes + stats.openChunkBytes + stats.indexBytes)
        }
    }

    /// Records one group evaluation.
    func recordEvaluation(group: String, rules: Int, failures: Int, duration: Duration, at ts: Timestamp) {
        groupLastDuration.labels(group).set(duration.seconds)
        groupDuration.labels(group).observe(duration.seconds)
        groupLastEvaluation.labels(group).set(Double(ts) / 1000)
        groupRules.labels(group).set(Double(rules))
        groupIterations.labels(group).increment()
        ruleEvaluations.labels(group).increment(by: UInt64(rules))
        if failures > 0 { ruleFailures.labels(group).increment(by: UInt64(failures)) }
    }

    func recordMissed(group: String, count: Int) {
        guard count > 0 else { return }
        groupMissed.labels(group).increment(by: UInt64(count))
    }

    /// Drops the series of a group that a reload removed.
    func forgetGroup(_ group: String) {
        let labels = Labels([Label("rule_group", group)])
        groupLastDuration.remove(labels)
        groupLastEvaluation.remove(labels)
        groupRules.remove(labels)
    }

    func recordReload(success: Bool, at ts: Timestamp) {
        configReloadSuccessful.labels([]).set(success ? 1 : 0)
        if success { configReloadTimestamp.labels([]).set(Double(ts) / 1000) }
    }

    func recordRequest(handler: String, code: Int, duration: Duration) {
        httpRequests.labels(handler, String(code)).increment()
        httpDuration.labels(handler).observe(duration.seconds)
    }

    func setTargets(pool: String, total: Int, up: Int) {
        scrapeTargets.labels(pool).set(Double(total))
        scrapeTargetsUp.labels(pool).set(Double(up))
    }
}

extension Duration {
    /// The duration in fractional seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
