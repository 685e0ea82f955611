/// The state of a component or of the whole platform.
///
/// Statuses are ordered by severity, `healthy < degraded < unhealthy`, and combine **worst-of**: an
/// aggregate is as bad as its worst member (any `unhealthy` check makes the report unhealthy; otherwise any
/// `degraded` check makes it degraded; no checks at all is healthy). A degraded platform still serves, so
/// `/health` answers 200 for it and 503 only when unhealthy.
public enum HealthStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    case healthy
    case degraded
    case unhealthy

    private var severity: Int {
        switch self {
        case .healthy: 0
        case .degraded: 1
        case .unhealthy: 2
        }
    }

    public static func < (a: HealthStatus, b: HealthStatus) -> Bool { a.severity < b.severity }

    /// The worst of `statuses`, `healthy` when there are none.
    public static func worst<S: Sequence>(of statuses: S) -> HealthStatus where S.Element == HealthStatus {
        statuses.max() ?? .healthy
    }

    /// The value exported in `health_check_status` and `health_status`: 1 healthy, 0.5 degraded, 0 unhealthy
    /// (so `min()` over checks is the worst-of aggregate, and `< 1` alerts on anything not healthy).
    public var metricValue: Double {
        switch self {
        case .healthy: 1
        case .degraded: 0.5
        case .unhealthy: 0
        }
    }

    /// The HTTP status a health endpoint answers with: 200 unless unhealthy (503).
    public var httpStatusCode: Int { self == .unhealthy ? 503 : 200 }
}
