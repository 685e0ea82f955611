public import KlaxonMetrics

/// The notifier's metric families, registered once per registry; each endpoint takes its series by its
/// credential-free `endpoint` label.
public struct NotificationMetrics: Sendable {
    public let sent: CounterFamily
    public let failed: CounterFamily
    public let dropped: CounterFamily
    public let retried: CounterFamily
    public let queueLength: GaugeFamily
    public let queueCapacity: GaugeFamily
    public let latency: HistogramFamily

    /// Metric names, for dashboards and tests.
    public enum Name {
        public static let sent = "klaxon_notifications_sent_total"
        public static let failed = "klaxon_notifications_failed_total"
        public static let dropped = "klaxon_notifications_dropped_total"
        public static let retried = "klaxon_notifications_retried_total"
        public static let queueLength = "klaxon_notifications_queue_length"
        public static let queueCapacity = "klaxon_notifications_queue_capacity"
        public static let latency = "klaxon_notification_latency_seconds"
    }

    public init(registry: MetricsRegistry) {
        let endpoint = ["endpoint"]
        sent = registry.counter(Name.sent, help: "Total number of alerts sent.", labelNames: endpoint)
        failed = registry.counter(
            Name.failed,
            help: "Total number of alerts in batches that failed: a cycle's retries ran out (they stay queued) or the receiver rejected them.",
            labelNames: endpoint)
        dropped = registry.counter(
            Name.dropped,
            help: "Total number of alerts lost: dropped oldest-first from a full queue, or rejected by the receiver.",
            labelNames: endpoint)
        retried = registry.counter(
            Name.retried,
            help: "Total number of alerts in delivery attempts that failed and will be retried (later in the cycle or in the next one).",
            labelNames: endpoint)
        queueLength = registry.gauge(
            Name.queueLength, help: "The number of alert notifications in the queue.", labelNames: endpoint)
        queueCapacity = registry.gauge(
            Name.queueCapacity, help: "The capacity of the alert notifications queue.", labelNames: endpoint)
        latency = registry.histogram(
            Name.latency, help: "Latency of successful notification requests.", unit: "seconds", labelNames: endpoint)
    }

    /// The series of one endpoint.
    struct Series: Sendable {
        let sent: CounterSeries
        let failed: CounterSeries
        let dropped: CounterSeries
        let retried: CounterSeries
        let queueLength: GaugeSeries
        let queueCapacity: GaugeSeries
        let latency: HistogramSeries
    }

    func series(endpoint: String) -> Series {
        Series(
            sent: sent.labels(endpoint), failed: failed.labels(endpoint), dropped: dropped.labels(endpoint),
            retried: retried.labels(endpoint),
            queueLength: queueLength.labels(endpoint), queueCapacity: queueCapacity.labels(endpoint),
            latency: latency.labels(endpoint))
    }
}
