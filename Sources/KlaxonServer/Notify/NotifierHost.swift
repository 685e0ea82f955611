import KlaxonHTTPClient
public import KlaxonMetrics
public import KlaxonModel
public import KlaxonNotify
public import KlaxonRules
public import Logging

/// The server's `AlertSink`: adapts rule-group alerts onto KlaxonNotify's `NotificationDispatcher`, and swaps
/// dispatchers on reload (the new one takes over the old one's queued alerts, matched by endpoint).
/// Rules and the notifier meet only here, as the design asks.
public actor NotifierHost: AlertSink {
    private var dispatcher: NotificationDispatcher
    private let transport: any HTTPTransport
    private let time: any TimeSource
    private let registry: MetricsRegistry
    private let logger: Logger
    private let signal = LoopSignal()

    public init(transport: any HTTPTransport, time: any TimeSource, registry: MetricsRegistry, logger: Logger) {
        self.transport = transport
        self.time = time
        self.registry = registry
        self.logger = logger
        dispatcher = NotificationDispatcher(
            configuration: NotifierConfiguration(), transport: transport, time: time, metrics: registry, logger: logger)
    }

    /// Replaces the endpoints; alerts queued for an endpoint that is still configured are kept.
    public func configure(_ configuration: NotifierConfiguration) {
        let previous = dispatcher
        let transport = self.transport
        let next = NotificationDispatcher(
            configuration: configuration, transport: transport,
            tlsTransport: { tls in ClientTLS.transport(transport, tls) },
            time: time, metrics: registry, logger: logger)
        next.restore(previous.snapshot())
        dispatcher = next
        signal.wake()
    }

    /// The endpoints' credential-free labels.
    public var endpoints: [String] { dispatcher.endpoints }

    /// Alerts waiting, per endpoint.
    public var queueLengths: [String: Int] { dispatcher.queueLengths }

    /// Hands alerts to every endpoint's queue (rule evaluation does not wait for delivery).
    public func send(_ alerts: [NotifiableAlert]) async {
        dispatcher.enqueue(
            alerts.map {
                NotificationAlert(
                    labels: $0.labels, annotations: $0.annotations, startsAt: $0.startsAt, endsAt: $0.endsAt,
                    generatorURL: $0.generatorURL)
            })
    }

    /// Delivers due alerts once and returns when the next attempt is due (tests drive delivery with it).
    @discardableResult
    public func pump() async -> Timestamp? { await dispatcher.pump() }

    /// The undelivered alerts, for persistence.
    public func snapshot() -> QueueSnapshot { dispatcher.snapshot() }

    /// Puts saved alerts back in their queues; returns how many.
    @discardableResult
    public func restore(_ snapshot: QueueSnapshot) -> Int { dispatcher.restore(snapshot) }

    /// Ends `run()`.
    public nonisolated func stopNow() { signal.stop() }

    /// Runs the current dispatcher until stopped, restarting on the new one after each reload.
    public func run() async {
        while !signal.isStopped && !Task.isCancelled {
            let current = dispatcher
            let signal = self.signal
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Cancellation (reload, shutdown) is how `run()` ends: its CancellationError is expected.
                    try? await current.run()
                }
                group.addTask { _ = await signal.wait() }
                _ = await group.next()
                group.cancelAll()
            }
        }
    }

    /// After `run()` returned: delivers what is queued until `deadline`.
    public func flush(until deadline: Timestamp) async -> FlushReport {
        await dispatcher.flush(deadline: deadline)
    }
}
