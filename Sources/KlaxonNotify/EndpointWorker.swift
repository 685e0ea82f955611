import KlaxonMetrics
import KlaxonModel
import Logging
import Synchronization

/// One endpoint's queue, its metrics and its delivery loop. State lives behind a mutex and is never held across
/// an `await`; only one attempt is in flight at a time (the queue state machine refuses a second).
final class EndpointWorker: Sendable {
    let endpoint: Endpoint
    private let queue: Mutex<EndpointQueue>
    private let wake = WakeSignal()
    private let metrics: NotificationMetrics.Series
    private let logger: Logger
    private let time: any TimeSource
    private let jitter: JitterSource

    /// What one call to `attempt` did.
    enum Step: Sendable, Equatable {
        case idle
        case delivered(Int)
        case retryScheduled
        case exhausted
        case rejected
        case cancelled
    }

    init(
        endpoint: Endpoint, capacity: Int, metrics: NotificationMetrics, logger: Logger, time: any TimeSource,
        jitter: @escaping JitterSource
    ) {
        self.endpoint = endpoint
        self.queue = Mutex(EndpointQueue(capacity: capacity, batching: endpoint.batching))
        self.metrics = metrics.series(endpoint: endpoint.label)
        var logger = logger
        logger[metadataKey: "endpoint"] = .string(endpoint.label)
        self.logger = logger
        self.time = time
        self.jitter = jitter
        self.metrics.queueCapacity.set(Swift.max(1, capacity))
        self.metrics.queueLength.set(0)
    }

    var count: Int { queue.withLock { $0.count } }

    var nextDue: Timestamp? { queue.withLock { $0.nextDue } }

    /// The queued alerts, oldest first (the batch in flight included: it is not delivered yet).
    var entries: [QueuedAlert] { queue.withLock { $0.entries } }

    /// Queues alerts (already relabelled globally); drops the oldest past capacity.
    func enqueue(_ alerts: [NotificationAlert]) {
        let accepted = endpoint.accept(alerts)
        guard !accepted.isEmpty else { return }
        let now = time.now()
        let (dropped, length) = queue.withLock { q in (q.append(accepted, at: now), q.count) }
        recordEnqueue(dropped: dropped, length: length, reason: "alert notification queue full, dropping alerts")
        wake.signal()
    }

    /// Puts restored alerts in front of the waiting ones.
    func restore(_ entries: [QueuedAlert]) {
        let (dropped, length) = queue.withLock { q in (q.restore(entries), q.count) }
        recordEnqueue(dropped: dropped, length: length, reason: "restored alerts exceed queue capacity, dropping the oldest")
        if !entries.isEmpty { wake.signal() }
    }

    private func recordEnqueue(dropped: Int, length: Int, reason: String) {
        metrics.queueLength.set(length)
        if dropped > 0 {
            metrics.dropped.increment(by: UInt64(dropped))
            logger.warning("\(reason)", metadata: ["count": "\(dropped)"])
        }
    }

    /// Makes one attempt if one is due (or, with `ignoringBackoff`, whenever the queue is not empty and idle).
    func attempt(ignoringBackoff: Bool = false, timeoutCap: Duration? = nil) async -> Step {
        let now = time.now()
        guard let batch = queue.withLock({ $0.beginAttempt(at: now, ignoringBackoff: ignoringBackoff) }) else {
            return .idle
        }
        let result = await endpoint.deliver(batch, timeoutCap: timeoutCap)
        let outcome: EndpointQueue.AttemptOutcome
        switch result {
        case .delivered, .nothingToSend: outcome = .success
        case .failed(let error): outcome = error.isRetryable ? .retryableFailure : .permanentFailure
        case .cancelled: outcome = .cancelled
        }
        let finishedAt = time.now()
        let (completion, length) = queue.withLock { q in
            (q.finishAttempt(outcome, at: finishedAt, policy: endpoint.retry, jitter: jitter), q.count)
        }
        metrics.queueLength.set(length)
        if length > 0 { wake.signal() }  // a loop that found this batch busy re-checks the queue
        return record(result, completion)
    }

    private func record(_ result: Endpoint.AttemptResult, _ completion: EndpointQueue.Completion) -> Step {
        switch (result, completion) {
        case (.delivered(let prepared, let latency), .delivered):
            metrics.sent.increment(by: UInt64(prepared.alertCount))
            metrics.latency.observe(latency)
            if prepared.truncated > 0 {
                logger.debug("truncated alerts", metadata: ["count": "\(prepared.truncated)"])
            }
            return .delivered(prepared.alertCount)
        case (.nothingToSend(let filtered), .delivered):
            logger.debug("only resolved alerts and send_resolved is false, nothing sent", metadata: ["count": "\(filtered)"])
            return .delivered(0)
        case (.failed(let error), .retryScheduled(let count, let failedAttempts, let at)):
            metrics.retried.increment(by: UInt64(count))
            logger.warning(
                "error sending alerts, will retry",
                metadata: [
                    "count": "\(count)", "attempt": "\(failedAttempts)", "retry_at_ms": "\(at)",
                    "err": "\(error.message)",
                ])
            return .retryScheduled
        case (.failed(let error), .exhausted(let count, let at)):
            metrics.failed.increment(by: UInt64(count))
            metrics.retried.increment(by: UInt64(count))
            logger.error(
                "error sending alerts, retries exhausted; alerts stay queued for the next cycle",
                metadata: ["count": "\(count)", "next_cycle_ms": "\(at)", "err": "\(error.message)"])
            return .exhausted
        case (.failed(let error), .rejected(let count)):
            metrics.failed.increment(by: UInt64(count))
            metrics.dropped.increment(by: UInt64(count))
            logger.error(
                "alerts rejected by the receiver, dropping them", metadata: ["count": "\(count)", "err": "\(error.message)"])
            return .rejected
        default:
            return .cancelled
        }
    }

    /// Attempts everything due at the current time: batches until the queue is empty, a retry is scheduled
    /// for later, or a cycle's attempts are spent.
    func pump() async {
        while true {
            switch await attempt() {
            case .delivered, .retryScheduled, .rejected: continue
            case .idle, .exhausted, .cancelled: return
            }
        }
    }

    /// Delivers until cancelled: attempts when due, otherwise sleeps until the next due time or a new enqueue.
    func run() async throws {
        while true {
            try Task.checkCancellation()
            switch await attempt() {
            case .idle, .retryScheduled, .exhausted:
                await wake.wait(until: nextDue, on: time)
            case .delivered, .rejected:
                continue
            case .cancelled:
                throw CancellationError()
            }
        }
    }

    /// Shutdown delivery: tries at once whatever the backoff says, then keeps going while attempts can be
    /// made before `deadline`. Returns the alerts delivered.
    func flush(deadline: Timestamp) async -> Int {
        var delivered = 0
        var first = true
        while count > 0 {
            let now = time.now()
            if !first {
                guard let due = nextDue, due < deadline else { break }
                if due > now {
                    do {
                        try await time.sleep(until: due)
                    } catch {
                        break  // cancelled: stop flushing, the rest stays queued for the snapshot
                    }
                }
            }
            let remaining = Swift.max(1, deadline - time.now())
            let step = await attempt(ignoringBackoff: first, timeoutCap: .milliseconds(remaining))
            first = false
            switch step {
            case .delivered(let n): delivered += n
            case .idle, .cancelled: return delivered
            case .retryScheduled, .exhausted, .rejected: continue
            }
        }
        return delivered
    }
}
