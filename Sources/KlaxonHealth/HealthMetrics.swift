public import KlaxonMetrics
import KlaxonModel

/// Exports health reports as metrics.
///
/// One gauge per check with its status encoded as a number — `health_check_status{check,component}`
/// 1 healthy, 0.5 degraded, 0 unhealthy — rather than one 0/1 series per status: a single series per check
/// keeps cardinality flat, `min(health_check_status)` is the worst-of aggregate, and `health_check_status < 1`
/// alerts on anything not healthy. Also `health_status` (the report's aggregate, same encoding) and
/// `health_check_duration_seconds{check,component}` (the last run's duration).
public struct HealthMetrics: Sendable {
    public static let checkStatus = MetricDescriptor(
        name: "health_check_status",
        help: "Status of a health check: 1 healthy, 0.5 degraded, 0 unhealthy.",
        type: .gauge, labelNames: ["check", "component"])
    public static let status = MetricDescriptor(
        name: "health_status", help: "Aggregate (worst-of) health status: 1 healthy, 0.5 degraded, 0 unhealthy.",
        type: .gauge)
    public static let checkDuration = MetricDescriptor(
        name: "health_check_duration_seconds", help: "Duration of the last run of a health check in seconds.",
        type: .gauge, unit: "seconds", labelNames: ["check", "component"])

    private let statusByCheck: GaugeFamily
    private let durationByCheck: GaugeFamily
    private let overall: GaugeSeries

    /// Declares the families on `registry`.
    public init(registry: MetricsRegistry) {
        statusByCheck = registry.gauge(Self.checkStatus)
        durationByCheck = registry.gauge(Self.checkDuration)
        overall = registry.gauge(Self.status).labels()
    }

    /// Sets the gauges from `report`. Checks no longer in the report keep their last value until unregistered.
    public func record(_ report: HealthReport) {
        for check in report.checks {
            statusByCheck.labels(check.name, check.component).set(check.status.metricValue)
            let (seconds, attoseconds) = check.duration.components
            durationByCheck.labels(check.name, check.component).set(Double(seconds) + Double(attoseconds) / 1e18)
        }
        overall.set(report.status.metricValue)
    }

    /// Drops the series of a check that was unregistered.
    public func remove(check name: String, component: String) {
        statusByCheck.remove(["check": name, "component": component])
        durationByCheck.remove(["check": name, "component": component])
    }
}
