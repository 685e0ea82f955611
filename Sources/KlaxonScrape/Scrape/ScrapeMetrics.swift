public import KlaxonMetrics

/// Klaxon's own scrape metrics, registered in a `MetricsRegistry` under Prometheus's names.
public final class ScrapeMetrics: Sendable {
    let exceededSampleLimit: CounterSeries
    let duplicateTimestamp: CounterSeries
    let outOfBounds: CounterSeries
    let outOfOrder: CounterSeries
    let exceededBodySizeLimit: CounterSeries
    let exceededLabelLimits: CounterSeries
    let cacheFlushForced: CounterSeries
    let poolTargets: GaugeFamily

    public init(registry: MetricsRegistry) {
        exceededSampleLimit = registry.counter(
            "prometheus_target_scrapes_exceeded_sample_limit_total",
            help: "Total number of scrapes that hit the sample limit and were rejected."
        ).labels()
        duplicateTimestamp = registry.counter(
            "prometheus_target_scrapes_sample_duplicate_timestamp_total",
            help: "Total number of samples rejected due to duplicate timestamps but different values."
        ).labels()
        outOfBounds = registry.counter(
            "prometheus_target_scrapes_sample_out_of_bounds_total",
            help: "Total number of samples rejected due to timestamp falling outside of the time bounds."
        ).labels()
        outOfOrder = registry.counter(
            "prometheus_target_scrapes_sample_out_of_order_total",
            help: "Total number of samples rejected due to not being out of the expected order."
        ).labels()
        exceededBodySizeLimit = registry.counter(
            "prometheus_target_scrapes_exceeded_body_size_limit_total",
            help: "Total number of scrapes that hit the body size limit"
        ).labels()
        exceededLabelLimits = registry.counter(
            "prometheus_target_scrape_pool_exceeded_label_limits_total",
            help: "Total number of times scrape pools hit the label limits, during sync or config reload."
        ).labels()
        cacheFlushForced = registry.counter(
            "prometheus_target_scrapes_cache_flush_forced_total",
            help: "How many times a scrape cache was flushed due to getting big while scrapes are failing."
        ).labels()
        poolTargets = registry.gauge(
            "prometheus_target_scrape_pool_targets", help: "Current number of targets in this scrape pool.",
            labelNames: ["scrape_job"])
    }
}
