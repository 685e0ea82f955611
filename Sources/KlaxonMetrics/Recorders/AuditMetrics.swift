public import CoreMetrics

/// Records the audit pipeline: `audit_events_total{event_type}`, `audit_events_by_user_total{user}`,
/// `audit_event_processing_duration_seconds`, `audit_queue_size`.
///
/// The `user` label is guarded: once `maxDistinctUsers` distinct users have been seen, events of further
/// users are counted under `user="__other__"`, and each such event also increments
/// `audit_events_by_user_overflow_total`, so a dashboard can tell that the per-user view is incomplete.
public struct AuditMetrics: Sendable {
    /// The default bound on distinct `user` label values.
    public static let defaultMaxDistinctUsers = 100

    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog
    private let users: CardinalityLimiter
    private let overflow: CoreMetrics.Counter
    private let processingDuration: CoreMetrics.Timer
    private let queueSize: CoreMetrics.Gauge

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry, maxDistinctUsers: Int = AuditMetrics.defaultMaxDistinctUsers) {
        registry.declare([
            Catalog.auditEvents, Catalog.auditEventsByUser, Catalog.auditEventsByUserOverflow,
            Catalog.auditEventProcessingDuration, Catalog.auditQueueSize,
        ])
        self.init(factory: registry.factory, maxDistinctUsers: maxDistinctUsers)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory, maxDistinctUsers: Int = AuditMetrics.defaultMaxDistinctUsers) {
        let recording = SwiftMetricsRecording(factory: factory)
        self.recording = recording
        users = CardinalityLimiter(limit: maxDistinctUsers)
        overflow = recording.counter(Catalog.auditEventsByUserOverflow)
        processingDuration = recording.timer(Catalog.auditEventProcessingDuration)
        queueSize = recording.gauge(Catalog.auditQueueSize)
    }

    /// Counts one audit event of `eventType` by `user` and, when given, how long processing it took.
    public func recordEvent(type eventType: String, user: String, processingDuration duration: Duration? = nil) {
        recording.counter(Catalog.auditEvents, eventType).increment()
        if let admitted = users.admit(user) {
            recording.counter(Catalog.auditEventsByUser, admitted).increment()
        } else {
            recording.counter(Catalog.auditEventsByUser, users.overflowValue).increment()
            overflow.increment()
        }
        if let duration { processingDuration.record(duration) }
    }

    /// Sets the number of events waiting to be processed.
    public func setQueueSize(_ size: Int) { queueSize.record(size) }
}
