import Testing

@testable import KlaxonHealth

@Suite struct HealthStatusTests {
    @Test(
        "the aggregate status is the worst of the checks",
        arguments: [
            ([], HealthStatus.healthy),
            ([.healthy], .healthy),
            ([.healthy, .healthy], .healthy),
            ([.healthy, .degraded], .degraded),
            ([.degraded, .healthy, .degraded], .degraded),
            ([.healthy, .unhealthy], .unhealthy),
            ([.degraded, .unhealthy, .healthy], .unhealthy),
            ([.unhealthy], .unhealthy),
        ] as [([HealthStatus], HealthStatus)]
    )
    func worstOf(statuses: [HealthStatus], expected: HealthStatus) {
        #expect(HealthStatus.worst(of: statuses) == expected)
        let report = HealthReport(
            checks: statuses.enumerated().map { i, status in
                HealthCheckResult(name: "c\(i)", component: "x", status: status, message: "", lastCheck: 0, duration: .zero)
            },
            timestamp: 0, uptimeSeconds: 0
        )
        #expect(report.status == expected)
    }

    @Test(
        "each status has its metric value and HTTP status code",
        arguments: [(HealthStatus.healthy, 1.0, 200), (.degraded, 0.5, 200), (.unhealthy, 0.0, 503)]
    )
    func encodings(status: HealthStatus, metric: Double, http: Int) {
        #expect(status.metricValue == metric)
        #expect(status.httpStatusCode == http)
    }
}
