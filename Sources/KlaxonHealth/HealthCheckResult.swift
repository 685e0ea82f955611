public import KlaxonModel

/// One check's entry in a report.
public struct HealthCheckResult: Sendable, Hashable {
    public var name: String
    public var component: String
    public var status: HealthStatus
    public var message: String
    /// When the check started (Unix milliseconds).
    public var lastCheck: Timestamp
    /// How long it ran (or until it timed out).
    public var duration: Duration

    public init(
        name: String,
        component: String,
        status: HealthStatus,
        message: String,
        lastCheck: Timestamp,
        duration: Duration
    ) {
        self.name = name
        self.component = component
        self.status = status
        self.message = message
        self.lastCheck = lastCheck
        self.duration = duration
    }
}

/// The result of one run of every registered check.
public struct HealthReport: Sendable, Hashable {
    /// Worst-of over `checks` (see `HealthStatus`).
    public var status: HealthStatus
    /// Results sorted by check name.
    public var checks: [HealthCheckResult]
    /// When the report was made (Unix milliseconds).
    public var timestamp: Timestamp
    /// Seconds since the checker started.
    public var uptimeSeconds: Double

    /// A report over `checks`, its status derived worst-of.
    public init(checks: [HealthCheckResult], timestamp: Timestamp, uptimeSeconds: Double) {
        self.checks = checks.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        self.status = HealthStatus.worst(of: checks.map(\.status))
        self.timestamp = timestamp
        self.uptimeSeconds = uptimeSeconds
    }

    /// 200 unless unhealthy (503).
    public var httpStatusCode: Int { status.httpStatusCode }
}
