public import KlaxonModel

/// An alert waiting in an endpoint's queue: the alert, the enqueue call it came with (a webhook payload never
/// mixes two) and when that call happened (the reference time for firing/resolved in webhook payloads).
public struct QueuedAlert: Sendable, Equatable {
    public var alert: NotificationAlert
    /// Alerts enqueued by the same `enqueue` call share this number.
    public var batch: UInt64
    public var enqueuedAt: Timestamp

    public init(alert: NotificationAlert, batch: UInt64, enqueuedAt: Timestamp) {
        self.alert = alert
        self.batch = batch
        self.enqueuedAt = enqueuedAt
    }
}

/// The queue policy of one endpoint as a pure state machine (time passed in, no I/O): bounded FIFO, one batch
/// in flight, retries with backoff, cycles.
///
/// The batch in flight is the queue's prefix `entries[0..<inFlight]` and is never dropped or reordered while
/// the request runs; a full queue drops the oldest waiting alerts behind it, then the oldest of the incoming
/// ones, so `entries.count <= capacity` always holds.
struct EndpointQueue: Sendable {
    /// How a batch is cut from the front of the queue.
    enum Batching: Sendable, Equatable {
        /// Up to this many alerts, whatever enqueue call they came with (Alertmanager API).
        case upTo(Int)
        /// The alerts of the oldest enqueue call (webhooks: one payload per evaluation batch).
        case oneEnqueueCall
    }

    /// What finishing an attempt did to the queue.
    enum Completion: Sendable, Equatable {
        /// The batch left the queue.
        case delivered(count: Int)
        /// The attempt failed; the batch stays and is tried again at `at`.
        case retryScheduled(count: Int, failedAttempts: Int, at: Timestamp)
        /// The cycle's attempts are spent; the batch stays and the next cycle starts at `at`.
        case exhausted(count: Int, at: Timestamp)
        /// The receiver refused the batch for good; it left the queue.
        case rejected(count: Int)
        /// The attempt was cancelled; nothing changed.
        case abandoned
    }

    /// How an attempt ended, as far as the queue cares.
    enum AttemptOutcome: Sendable, Equatable {
        case success, retryableFailure, permanentFailure, cancelled
    }

    let capacity: Int
    let batching: Batching
    private(set) var entries: [QueuedAlert] = []
    private(set) var inFlight = 0
    /// Failed attempts in the current cycle.
    private(set) var failedAttempts = 0
    /// No attempt before this time (backoff or cycle pause).
    private(set) var nextAttemptAt = Timestamp.min
    private var nextBatch: UInt64 = 0

    init(capacity: Int, batching: Batching) {
        self.capacity = Swift.max(1, capacity)
        self.batching = batching
    }

    var count: Int { entries.count }

    /// Appends one enqueue call's alerts; returns how many alerts were dropped to stay within capacity.
    mutating func append(_ alerts: [NotificationAlert], at now: Timestamp) -> Int {
        guard !alerts.isEmpty else { return 0 }
        let batch = nextBatch
        nextBatch &+= 1
        return insertWaiting(alerts.map { QueuedAlert(alert: $0, batch: batch, enqueuedAt: now) }, atFront: false)
    }

    /// Puts restored alerts before the waiting ones (they are older), keeping their grouping but renumbering
    /// their batches; returns how many alerts were dropped to stay within capacity.
    mutating func restore(_ restored: [QueuedAlert]) -> Int {
        guard !restored.isEmpty else { return 0 }
        var renumbered: [QueuedAlert] = []
        renumbered.reserveCapacity(restored.count)
        var previous: UInt64?
        for var entry in restored {
            if entry.batch != previous {
                previous = entry.batch
                nextBatch &+= 1
            }
            entry.batch = nextBatch &- 1
            renumbered.append(entry)
        }
        return insertWaiting(renumbered, atFront: true)
    }

    private mutating func insertWaiting(_ incoming: [QueuedAlert], atFront: Bool) -> Int {
        var incoming = incoming
        var dropped = 0
        let room = capacity - inFlight
        if incoming.count > room {
            let excess = incoming.count - room
            incoming.removeFirst(excess)
            dropped += excess
        }
        if atFront {
            entries.insert(contentsOf: incoming, at: inFlight)
        } else {
            entries.append(contentsOf: incoming)
        }
        let overflow = entries.count - capacity
        if overflow > 0 {
            entries.removeSubrange(inFlight..<(inFlight + overflow))
            dropped += overflow
        }
        return dropped
    }

    /// The batch to send now, marked in flight; nil when the queue is empty, a batch is already in flight or
    /// the backoff has not elapsed (unless `ignoringBackoff`).
    mutating func beginAttempt(at now: Timestamp, ignoringBackoff: Bool = false) -> [QueuedAlert]? {
        guard inFlight == 0, !entries.isEmpty, ignoringBackoff || now >= nextAttemptAt else { return nil }
        let size: Int
        switch batching {
        case .upTo(let limit):
            size = Swift.min(Swift.max(1, limit), entries.count)
        case .oneEnqueueCall:
            let batch = entries[0].batch
            size = entries.prefix { $0.batch == batch }.count
        }
        inFlight = size
        return Array(entries[0..<size])
    }

    /// Settles the batch in flight.
    mutating func finishAttempt(
        _ outcome: AttemptOutcome, at now: Timestamp, policy: RetryPolicy, jitter: JitterSource
    ) -> Completion {
        let size = inFlight
        guard size > 0 else { return .abandoned }
        inFlight = 0
        switch outcome {
        case .success, .permanentFailure:
            entries.removeFirst(size)
            failedAttempts = 0
            nextAttemptAt = Timestamp.min
            return outcome == .success ? .delivered(count: size) : .rejected(count: size)
        case .retryableFailure:
            failedAttempts += 1
            if failedAttempts >= policy.attemptsPerCycle {
                failedAttempts = 0
                nextAttemptAt = now.addingReportingOverflow(policy.cyclePause).overflow ? Timestamp.max : now + policy.cyclePause
                return .exhausted(count: size, at: nextAttemptAt)
            }
            let delay = policy.delay(afterFailedAttempts: failedAttempts, jitter: jitter)
            nextAttemptAt = now.addingReportingOverflow(delay).overflow ? Timestamp.max : now + delay
            return .retryScheduled(count: size, failedAttempts: failedAttempts, at: nextAttemptAt)
        case .cancelled:
            return .abandoned
        }
    }

    /// When an attempt is next due: nil while idle (empty) or busy (in flight).
    var nextDue: Timestamp? {
        guard inFlight == 0, !entries.isEmpty else { return nil }
        return nextAttemptAt
    }
}
