public import KlaxonMetrics
public import KlaxonModel
public import Logging

/// Klaxon's notifier: takes alerts from rule evaluation, prepares them once (external labels, relabelling),
/// and delivers them to every configured Alertmanager and webhook, each through its own bounded queue.
///
/// Delivery semantics, per endpoint:
/// - alerts leave the queue only when the endpoint answered 2xx (or rejected them for good with a 4xx other
///   than 408/429: counted as failed and dropped, logged);
/// - a failed attempt is retried with exponential backoff and full jitter; once a cycle's `max_attempts` are
///   spent the batch is counted as failed, logged, kept, and retried in the next cycle, `max_backoff` later;
/// - only a full queue loses alerts: the oldest are dropped, counted and logged.
///
/// Every Alertmanager receives every alert through its own queue (Prometheus 3's independent send loops), so one
/// Alertmanager being down never holds back another; an Alertmanager cluster deduplicates the copies.
///
/// Run it with `run()` (cancel the task to stop), or drive it step by step with `pump()`; at shutdown call
/// `flush(deadline:)` after `run()` has returned, then persist `snapshot()`.
public final class NotificationDispatcher: Sendable {
    private let workers: [EndpointWorker]
    private let externalLabels: Labels
    private let alertRelabel: AlertRelabeler?
    private let logger: Logger

    /// Builds the endpoints of `configuration`.
    /// - Parameters:
    ///   - transport: sends every request, unless `tlsTransport` supplies one for an endpoint.
    ///   - tlsTransport: called once per endpoint whose `tls_config` is not the default; returns the transport
    ///     that applies it. Without it such endpoints use `transport` and a warning is logged.
    ///   - metrics: where the `klaxon_notification*` families are registered.
    ///   - jitter: the random source of backoff delays (tests inject a fixed one).
    public init(
        configuration: NotifierConfiguration,
        transport: any HTTPTransport,
        tlsTransport: (@Sendable (HTTPClientConfig.TLSConfig) -> any HTTPTransport)? = nil,
        time: any TimeSource = SystemTimeSource(),
        metrics: MetricsRegistry,
        logger: Logger,
        jitter: @escaping JitterSource = RetryPolicy.systemJitter
    ) {
        self.externalLabels = configuration.externalLabels
        self.alertRelabel = configuration.alertRelabel
        self.logger = logger
        let families = NotificationMetrics(registry: metrics)
        var endpoints: [Endpoint] = []
        var labelCounts: [String: Int] = [:]
        func uniqueLabel(_ base: String) -> String {
            let n = labelCounts[base, default: 0] + 1
            labelCounts[base] = n
            return n == 1 ? base : base + "#\(n)"
        }
        func transportFor(_ http: HTTPClientConfig, _ label: String) -> any HTTPTransport {
            guard !http.tlsConfig.isDefault else { return transport }
            if let tlsTransport { return tlsTransport(http.tlsConfig) }
            logger.warning("tls_config ignored: no TLS-capable transport was supplied", metadata: ["endpoint": "\(label)"])
            return transport
        }
        let batchSize = configuration.maxBatchSize > 0 ? configuration.maxBatchSize : 256  // as Prometheus
        for am in configuration.alertmanagers {
            var seenInSet: Set<String> = []
            for target in am.targets {
                let url = am.url(for: target)
                guard seenInSet.insert(url).inserted else { continue }  // Prometheus deduplicates per entry
                let label = uniqueLabel(Redaction.endpointLabel(forURL: url))
                endpoints.append(
                    Endpoint(
                        label: label, target: .alertmanager(url: url, relabel: am.alertRelabel),
                        httpConfig: am.httpConfig, retry: am.retry, timeout: am.timeout > .zero ? am.timeout : .seconds(10),
                        userAgent: configuration.userAgent, externalURL: configuration.externalURL,
                        transport: transportFor(am.httpConfig, label), batching: .upTo(batchSize)))
            }
        }
        for webhook in configuration.webhooks {
            let base = webhook.url.isEmpty ? "url_file:" + webhook.urlFile : Redaction.endpointLabel(forURL: webhook.url)
            let label = uniqueLabel(base)
            endpoints.append(
                Endpoint(
                    label: label, target: .webhook(webhook), httpConfig: webhook.httpConfig, retry: webhook.retry,
                    timeout: webhook.effectiveTimeout, userAgent: configuration.userAgent,
                    externalURL: configuration.externalURL, transport: transportFor(webhook.httpConfig, label),
                    batching: .oneEnqueueCall))
        }
        workers = endpoints.map {
            EndpointWorker(
                endpoint: $0, capacity: configuration.queueCapacity, metrics: families, logger: logger, time: time,
                jitter: jitter)
        }
    }

    /// The endpoints' credential-free labels, in configuration order (Alertmanagers, then webhooks).
    public var endpoints: [String] { workers.map(\.endpoint.label) }

    /// Alerts waiting per endpoint label (the batch in flight included).
    public var queueLengths: [String: Int] {
        Dictionary(workers.map { ($0.endpoint.label, $0.count) }, uniquingKeysWith: { a, _ in a })
    }

    /// Alerts waiting in all queues.
    public var pendingCount: Int { workers.reduce(0) { $0 + $1.count } }

    /// Queues alerts for every endpoint: external labels are added and the relabel hook applied first, as
    /// Prometheus's `Send` does; an empty result queues nothing. Returns at once; delivery happens in `run()`
    /// or `pump()`.
    public func enqueue(_ alerts: [NotificationAlert]) {
        let prepared = NotifierConfiguration.relabel(alerts, externalLabels: externalLabels, relabel: alertRelabel)
        guard !prepared.isEmpty else { return }
        for worker in workers { worker.enqueue(prepared) }
    }

    /// Delivers until the task is cancelled (then throws `CancellationError`). Endpoints run concurrently; with
    /// none configured it just waits for cancellation, so a service wrapper never sees it end early.
    public func run() async throws {
        if workers.isEmpty {
            await WakeSignal().wait()  // never signalled: returns on cancellation
            throw CancellationError()
        }
        try await withThrowingDiscardingTaskGroup { group in
            for worker in workers {
                group.addTask { try await worker.run() }
            }
        }
    }

    /// Makes every attempt that is due now, endpoints concurrently, and returns the earliest time another is
    /// due (nil when all queues are empty). Lets tests, and hosts with their own loop, drive delivery on a
    /// `ManualTimeSource` without `run()`. Do not use it while `run()` is running.
    @discardableResult
    public func pump() async -> Timestamp? {
        await withDiscardingTaskGroup { group in
            for worker in workers {
                group.addTask { await worker.pump() }
            }
        }
        return workers.compactMap(\.nextDue).min()
    }

    /// Shutdown delivery, after `run()` has returned: every non-empty queue is tried at once (backoff ignored),
    /// and retried as its policy allows while the next attempt can start before `deadline`; each request's
    /// timeout is cut to what remains. What is left stays queued for `snapshot()`.
    @discardableResult
    public func flush(deadline: Timestamp) async -> FlushReport {
        let delivered = await withTaskGroup(of: Int.self) { group in
            for worker in workers {
                group.addTask { await worker.flush(deadline: deadline) }
            }
            var total = 0
            for await n in group { total += n }
            return total
        }
        let report = FlushReport(delivered: delivered, undelivered: pendingCount)
        if report.undelivered > 0 {
            logger.warning(
                "notification queues not fully drained on shutdown", metadata: ["count": "\(report.undelivered)"])
        }
        return report
    }

    /// The undelivered alerts of every endpoint, oldest first, for persistence.
    public func snapshot() -> QueueSnapshot {
        QueueSnapshot(
            endpoints: workers.map { worker in
                QueueSnapshot.Endpoint(
                    endpoint: worker.endpoint.label,
                    entries: worker.entries.map { QueueSnapshot.Entry($0) })
            })
    }

    /// Puts a snapshot's alerts back in front of the queues whose labels match (other labels, e.g. of
    /// endpoints removed from the configuration, are skipped and logged). Call before `run()`. Returns the
    /// number of alerts restored.
    @discardableResult
    public func restore(_ snapshot: QueueSnapshot) -> Int {
        var restored = 0
        var byLabel: [String: EndpointWorker] = [:]
        for worker in workers { byLabel[worker.endpoint.label] = worker }
        for endpoint in snapshot.endpoints where !endpoint.entries.isEmpty {
            guard let worker = byLabel[endpoint.endpoint] else {
                logger.warning(
                    "discarding saved notifications for an endpoint that is no longer configured",
                    metadata: ["endpoint": "\(endpoint.endpoint)", "count": "\(endpoint.entries.count)"])
                continue
            }
            worker.restore(endpoint.entries.map(\.queued))
            restored += endpoint.entries.count
        }
        return restored
    }
}

/// What `flush(deadline:)` achieved.
public struct FlushReport: Sendable, Equatable {
    /// Alerts delivered during the flush.
    public var delivered: Int
    /// Alerts still queued (they belong in the snapshot).
    public var undelivered: Int

    public init(delivered: Int, undelivered: Int) {
        self.delivered = delivered
        self.undelivered = undelivered
    }
}
