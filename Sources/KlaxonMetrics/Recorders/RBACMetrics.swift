public import CoreMetrics

/// Records authorisation activity: `rbac_permission_checks_total{resource,action,result}`,
/// `rbac_permission_denials_total{resource,action}`, `rbac_check_duration_seconds`, `rbac_active_roles_total`.
public struct RBACMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog
    private let checkDuration: CoreMetrics.Timer
    private let activeRoles: CoreMetrics.Gauge

    /// The `result` label values.
    public static let allowed = "allowed"
    public static let denied = "denied"

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([
            Catalog.rbacPermissionChecks, Catalog.rbacPermissionDenials, Catalog.rbacCheckDuration, Catalog.rbacActiveRoles,
        ])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory) {
        let recording = SwiftMetricsRecording(factory: factory)
        self.recording = recording
        checkDuration = recording.timer(Catalog.rbacCheckDuration)
        activeRoles = recording.gauge(Catalog.rbacActiveRoles)
    }

    /// Counts one permission check with its result (`allowed`/`denied`); a denial is also counted in
    /// `rbac_permission_denials_total`. The duration, when given, goes to `rbac_check_duration_seconds`.
    public func recordCheck(resource: String, action: String, allowed: Bool, duration: Duration? = nil) {
        recording.counter(Catalog.rbacPermissionChecks, resource, action, allowed ? Self.allowed : Self.denied).increment()
        if !allowed { recording.counter(Catalog.rbacPermissionDenials, resource, action).increment() }
        if let duration { checkDuration.record(duration) }
    }

    /// Sets the number of active roles.
    public func setActiveRoles(_ count: Int) { activeRoles.record(count) }
}
