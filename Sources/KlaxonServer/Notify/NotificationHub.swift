public import KlaxonModel
public import KlaxonRules
public import Logging

/// Delivers alerts to every configured receiver (webhooks, Alertmanagers): one bounded queue per receiver,
/// batches, retries with backoff, and a final flush at shutdown within a deadline. It is the server's
/// `AlertSink`: rule groups hand their alerts here and go on without waiting for the network.
///
/// A stand-in for KlaxonNotify's dispatcher until that module lands; the surface the server uses (`AlertSink`,
/// `configure`, `run`, `stop`, `flush`, `pendingAlerts`) is what the adapter onto KlaxonNotify will keep.
public actor NotificationHub: AlertSink {
    private struct Queue {
        var spec: ReceiverSpec
        var alerts: [NotifiableAlert] = []
        var failures = 0
        var retryAt: Timestamp = 0
    }

    /// Alerts kept per receiver; older ones are dropped first when it overflows.
    public let capacity: Int
    /// Alerts per request when the receiver sets no `max_alerts`.
    public let defaultBatchSize = 256
    private let transport: any HTTPTransport
    private let time: any TimeSource
    private let logger: Logger
    private let metrics: ServerMetrics?
    private let externalURL: String
    private let signal = LoopSignal()
    private var queues: [Queue] = []

    public init(
        transport: any HTTPTransport, time: any TimeSource, logger: Logger, metrics: ServerMetrics? = nil,
        externalURL: String = "", capacity: Int = 10_000
    ) {
        self.transport = transport
        self.time = time
        self.logger = logger
        self.metrics = metrics
        self.externalURL = externalURL
        self.capacity = max(1, capacity)
    }

    /// Replaces the receivers; a receiver with the same URL and format keeps its queued alerts.
    public func configure(_ specs: [ReceiverSpec]) {
        var old: [String: Queue] = [:]
        for queue in queues { old[Self.identity(queue.spec)] = queue }
        queues = specs.map { spec in
            var queue = old[Self.identity(spec)] ?? Queue(spec: spec)
            queue.spec = spec
            return queue
        }
        signal.wake()
    }

    /// The receivers' names, in order.
    public var receiverNames: [String] { queues.map(\.spec.name) }

    /// Queues alerts for every receiver (resolved ones only for receivers that want them).
    public func send(_ alerts: [NotifiableAlert]) async {
        let now = time.now()
        for index in queues.indices {
            let wanted = queues[index].spec.sendResolved ? alerts : alerts.filter { $0.endsAt > now }
            enqueue(wanted, at: index)
        }
        signal.wake()
    }

    /// What is still waiting, per receiver name (for persistence at shutdown).
    public var pendingAlerts: [String: [NotifiableAlert]] {
        var out: [String: [NotifiableAlert]] = [:]
        for queue in queues where !queue.alerts.isEmpty { out[queue.spec.name] = queue.alerts }
        return out
    }

    /// Puts back alerts saved by an earlier run, for the receivers that still exist.
    public func restore(_ pending: [String: [NotifiableAlert]]) {
        for index in queues.indices {
            if let alerts = pending[queues[index].spec.name] { enqueue(alerts, at: index) }
        }
        signal.wake()
    }

    /// Ends `run()` after the round in progress.
    public nonisolated func stopNow() { signal.stop() }

    /// Delivers until stopped; waits between retries without blocking new alerts.
    public func run() async {
        while !signal.isStopped && !Task.isCancelled {
            let now = time.now()
            let ready = queues.indices.filter { !queues[$0].alerts.isEmpty && queues[$0].retryAt <= now }
            if ready.isEmpty {
                let wake = queues.filter { !$0.alerts.isEmpty }.map(\.retryAt).min() ?? now.addingSaturated(3_600_000)
                if await signal.sleep(until: wake, time: time) == .stopped { break }
                continue
            }
            await deliverRound(ready, deadline: nil)
        }
    }

    /// After `stop()`: keeps sending what is queued, ignoring retry waits, until every queue is empty or
    /// `deadline` has passed. Returns the number of alerts left undelivered.
    @discardableResult
    public func flush(until deadline: Timestamp) async -> Int {
        while time.now() < deadline && !Task.isCancelled {
            let ready = queues.indices.filter { !queues[$0].alerts.isEmpty }
            if ready.isEmpty { break }
            // Each round delivers a batch or counts a failed attempt against it (dropped after the
            // receiver's maxAttempts), so this ends even when the clock does not move.
            await deliverRound(ready, deadline: deadline)
        }
        return queues.map(\.alerts.count).reduce(0, +)
    }

    private func enqueue(_ alerts: [NotifiableAlert], at index: Int) {
        guard !alerts.isEmpty else { return }
        queues[index].alerts.append(contentsOf: alerts)
        let overflow = queues[index].alerts.count - capacity
        if overflow > 0 {
            queues[index].alerts.removeFirst(overflow)
            metrics?.recordNotifications(receiver: queues[index].spec.name, dropped: overflow)
            logger.warning(
                "alert queue full, dropping oldest alerts",
                metadata: ["receiver": "\(queues[index].spec.name)", "dropped": "\(overflow)"])
        }
        metrics?.setQueueLength(receiver: queues[index].spec.name, queues[index].alerts.count)
    }

    private func deliverRound(_ ready: [Int], deadline: Timestamp?) async {
        var batches: [(spec: ReceiverSpec, alerts: [NotifiableAlert])] = []
        for index in ready {
            let spec = queues[index].spec
            let size = spec.maxAlerts > 0 ? spec.maxAlerts : defaultBatchSize
            let batch = Array(queues[index].alerts.prefix(size))
            queues[index].alerts.removeFirst(batch.count)
            batches.append((spec, batch))
        }
        let transport = self.transport
        let externalURL = self.externalURL
        let now = time.now()
        let outcomes = await withTaskGroup(of: (Int, String?).self) { tasks in
            for (position, batch) in batches.enumerated() {
                var spec = batch.spec
                if let deadline { spec.timeout = max(1, min(spec.timeout, deadline - now)) }
                tasks.addTask {
                    let error = await Self.deliver(
                        batch.alerts, to: spec, transport: transport, externalURL: externalURL, now: now)
                    return (position, error)
                }
            }
            var out: [(Int, String?)] = []
            for await outcome in tasks { out.append(outcome) }
            return out
        }
        for (position, error) in outcomes {
            let batch = batches[position]
            guard let index = queues.firstIndex(where: { Self.identity($0.spec) == Self.identity(batch.spec) }) else {
                continue  // the receiver was removed by a reload while sending
            }
            let name = batch.spec.name
            guard let error else {
                queues[index].failures = 0
                queues[index].retryAt = 0
                metrics?.recordNotifications(receiver: name, sent: batch.alerts.count)
                metrics?.setQueueLength(receiver: name, queues[index].alerts.count)
                continue
            }
            queues[index].failures += 1
            metrics?.recordNotifications(receiver: name, failed: batch.alerts.count)
            if queues[index].failures >= queues[index].spec.retry.maxAttempts {
                logger.error(
                    "error sending alerts, giving up",
                    metadata: ["receiver": "\(name)", "alerts": "\(batch.alerts.count)", "err": "\(error)"])
                metrics?.recordNotifications(receiver: name, dropped: batch.alerts.count)
                queues[index].failures = 0
                queues[index].retryAt = 0
            } else {
                logger.warning(
                    "error sending alerts, will retry",
                    metadata: [
                        "receiver": "\(name)", "alerts": "\(batch.alerts.count)", "err": "\(error)",
                        "attempt": "\(queues[index].failures)",
                    ])
                queues[index].alerts.insert(contentsOf: batch.alerts, at: 0)
                queues[index].retryAt = time.now().addingSaturated(
                    queues[index].spec.retry.backoff(after: queues[index].failures))
            }
            metrics?.setQueueLength(receiver: name, queues[index].alerts.count)
        }
    }

    /// Sends one batch; returns nil on success, else the error text (without the URL, which may hold a token).
    static func deliver(
        _ alerts: [NotifiableAlert], to spec: ReceiverSpec, transport: any HTTPTransport, externalURL: String,
        now: Timestamp
    ) async -> String? {
        let body: String
        switch spec.format {
        case .webhook:
            body = AlertPayload.webhook(alerts, receiver: "klaxon", externalURL: externalURL, truncated: 0, now: now)
        case .alertmanagerV2:
            body = AlertPayload.alertmanagerV2(alerts)
        }
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("User-Agent", "Klaxon")]
        headers += spec.headers.map { ($0.name, $0.value) }
        let request = HTTPRequest(
            method: "POST", url: spec.url, headers: headers, body: Array(body.utf8),
            timeout: .milliseconds(spec.timeout), maxResponseBytes: 1 << 20)
        do {
            let response = try await transport.send(request)
            if (200..<300).contains(response.status) { return nil }
            return "bad response status \(response.status)"
        } catch let error as HTTPTransportError {
            switch error {
            case .timedOut: return "context deadline exceeded"
            case .bodyTooLarge(let limit): return "response body larger than \(limit) bytes"
            case .connectionFailed(let reason): return "connection failed: \(reason)"
            case .invalidURL: return "invalid URL"
            }
        } catch {
            return "\(error)"
        }
    }

    private static func identity(_ spec: ReceiverSpec) -> String { spec.format.rawValue + " " + spec.url }
}
