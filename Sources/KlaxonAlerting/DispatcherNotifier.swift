public import KlaxonMetrics
public import KlaxonModel
public import KlaxonNotify
public import KlaxonRules
public import Logging

/// Delivers an `AlertingEngine`'s alerts through a KlaxonNotify `NotificationDispatcher`: Alertmanager API v2
/// and webhook (v4 payload) endpoints, each with its own bounded queue and retries.
///
/// `send` only enqueues. With `runsDispatcher` (the default) the engine's `run()` also runs the dispatcher's
/// delivery loop and, when the engine is stopped with `stop()`, flushes what is still queued for up to
/// `flushTimeout` (Prometheus drains its notification queue on shutdown). Pass `runsDispatcher: false`
/// when the application runs the dispatcher itself (or drives it with `pump()` in tests).
public struct DispatcherNotifier: AlertNotifier {
    public let dispatcher: NotificationDispatcher
    public let runsDispatcher: Bool
    public let flushTimeout: Duration
    private let timeSource: any TimeSource

    /// - Parameter timeSource: the clock the flush deadline is measured on (the dispatcher's).
    public init(
        _ dispatcher: NotificationDispatcher, runsDispatcher: Bool = true, flushTimeout: Duration = .seconds(5),
        timeSource: any TimeSource = SystemTimeSource()
    ) {
        self.dispatcher = dispatcher
        self.runsDispatcher = runsDispatcher
        self.flushTimeout = flushTimeout
        self.timeSource = timeSource
    }

    public func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {
        dispatcher.enqueue(alerts.map(NotificationAlert.init))
    }

    public func run() async throws {
        guard runsDispatcher else { return }
        try await dispatcher.run()
    }

    public func flush() async {
        guard runsDispatcher else { return }
        await dispatcher.flush(deadline: timeSource.now().addingSaturated(flushTimeout.milliseconds))
    }
}

extension NotificationAlert {
    /// The same alert in KlaxonNotify's terms (the two modules do not know each other).
    public init(_ alert: NotifiableAlert) {
        self.init(
            labels: alert.labels, annotations: alert.annotations, startsAt: alert.startsAt, endsAt: alert.endsAt,
            generatorURL: alert.generatorURL)
    }
}

extension DispatcherNotifier {
    /// A notifier that POSTs Alertmanager's webhook payload (version 4) to `url`, resolved alerts included,
    /// through a dispatcher of its own (bounded queue, retries with backoff). The dispatcher's
    /// `klaxon_notification*` metrics go to `registry`, so the engine's feed sees them too.
    public static func webhook(
        url: String, receiver: String = "klaxon", transport: any HTTPTransport, registry: MetricsRegistry,
        externalURL: String = "", timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "klaxon.notify")
    ) -> DispatcherNotifier {
        let configuration = NotifierConfiguration(
            webhooks: [WebhookConfig(receiver: receiver, url: url)], externalURL: externalURL)
        let dispatcher = NotificationDispatcher(
            configuration: configuration, transport: transport, time: timeSource, metrics: registry, logger: logger)
        return DispatcherNotifier(dispatcher, timeSource: timeSource)
    }
}
