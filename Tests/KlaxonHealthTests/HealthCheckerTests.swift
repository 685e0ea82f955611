import KlaxonMetrics
import KlaxonModel
import Testing

@testable import KlaxonHealth

struct ProbeFailure: Error, CustomStringConvertible {
    var description: String { "connection refused" }
}

@Suite struct HealthCheckerTests {
    private func makeChecker(timeout: Duration = .seconds(30), metrics: HealthMetrics? = nil) -> (HealthChecker, ManualWallClock) {
        let clock = ManualWallClock(1_718_000_000_000)
        return (HealthChecker(defaultTimeout: timeout, wallClock: clock, metrics: metrics), clock)
    }

    @Test("checks run concurrently: two checks that wait for each other both finish")
    func concurrent() async {
        let (checker, _) = makeChecker()
        let (aStarted, aSignal) = AsyncStream.makeStream(of: Void.self)
        let (bStarted, bSignal) = AsyncStream.makeStream(of: Void.self)
        checker.register(
            ClosureHealthCheck(name: "a", component: "x") {
                aSignal.yield()
                for await _ in bStarted { return .healthy("met b") }
                return .unhealthy("b never started")
            })
        checker.register(
            ClosureHealthCheck(name: "b", component: "x") {
                bSignal.yield()
                for await _ in aStarted { return .healthy("met a") }
                return .unhealthy("a never started")
            })
        let report = await checker.run()
        #expect(report.checks.map(\.message) == ["met b", "met a"])
        #expect(report.status == .healthy)
    }

    @Test("a check that never returns is reported unhealthy once its timeout expires")
    func hangingCheck() async {
        let (checker, _) = makeChecker(timeout: .milliseconds(10))
        checker.register(
            ClosureHealthCheck(name: "stuck", component: "database") {
                try await Task.sleep(for: .seconds(86_400))
                return .healthy()
            })
        checker.register(ClosureHealthCheck(name: "fine", component: "cache") { .healthy() })
        let report = await checker.run()
        let stuck = report.checks.first { $0.name == "stuck" }
        #expect(stuck?.status == .unhealthy)
        #expect(stuck?.message == "timed out after 10ms")
        #expect(report.checks.first { $0.name == "fine" }?.status == .healthy)
        #expect(report.status == .unhealthy)
    }

    @Test("a check's own timeout overrides the checker's default")
    func perCheckTimeout() async {
        let (checker, _) = makeChecker(timeout: .seconds(3600))
        checker.register(
            ClosureHealthCheck(name: "slow", component: "x", timeout: .milliseconds(5)) {
                try await Task.sleep(for: .seconds(86_400))
                return .healthy()
            })
        let report = await checker.run()
        #expect(report.checks.first?.message == "timed out after 5ms")
    }

    @Test("a thrown error makes the check unhealthy with the error as message")
    func thrownError() async {
        let (checker, _) = makeChecker()
        checker.register(ClosureHealthCheck(name: "db", component: "database") { throw ProbeFailure() })
        let report = await checker.run()
        #expect(report.checks.first?.status == .unhealthy)
        #expect(report.checks.first?.message == "connection refused")
    }

    @Test("the report carries wall-clock times and the uptime since the checker started")
    func times() async {
        let (checker, clock) = makeChecker()
        clock.advance(by: 90_000)
        checker.register(ClosureHealthCheck(name: "x", component: "y") { .degraded("slow") })
        let report = await checker.run()
        #expect(report.timestamp == 1_718_000_090_000)
        #expect(report.uptimeSeconds == 90)
        #expect(report.checks.first?.lastCheck == 1_718_000_090_000)
        #expect(report.status == .degraded)
        #expect(report.json.hasPrefix(#"{"status":"degraded","checks":{"x":{"component":"y","status":"degraded","message":"slow""#))
    }

    @Test("registering a name again replaces the check; unregistering removes it")
    func registration() async {
        let (checker, _) = makeChecker()
        checker.register(ClosureHealthCheck(name: "x", component: "old") { .unhealthy("old") })
        checker.register(ClosureHealthCheck(name: "x", component: "new") { .healthy("new") })
        checker.register(ClosureHealthCheck(name: "y", component: "other") { .healthy() })
        #expect(checker.checkNames == ["x", "y"])
        checker.unregister("y")
        let report = await checker.run()
        #expect(report.checks.map(\.component) == ["new"])
        #expect(report.status == .healthy)
    }

    @Test("each report is exported as health metrics")
    func metricsExport() async throws {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let (checker, _) = makeChecker(metrics: HealthMetrics(registry: registry))
        checker.register(ClosureHealthCheck(name: "disk_space", component: "disk") { .degraded("85% full") })
        checker.register(ClosureHealthCheck(name: "storage", component: "storage") { .healthy() })
        _ = await checker.run()
        let samples = registry.collect().samples
        func value(_ labels: Labels) -> Double? { samples.first { $0.labels == labels }?.value }
        #expect(value(["__name__": "health_check_status", "check": "disk_space", "component": "disk"]) == 0.5)
        #expect(value(["__name__": "health_check_status", "check": "storage", "component": "storage"]) == 1)
        #expect(value(["__name__": "health_status"]) == 0.5)
        #expect(samples.contains { $0.labels.metricName == "health_check_duration_seconds" })
        let text = registry.exposition(.prometheusText)
        #expect(text.contains("# HELP health_check_status Status of a health check: 1 healthy, 0.5 degraded, 0 unhealthy.\n"))
        checker.unregister("disk_space")
        #expect(!registry.collect().samples.contains { $0.labels["check"] == "disk_space" })
    }

    @Test("the last report is kept for endpoints that serve it without running the checks")
    func lastReport() async {
        let (checker, _) = makeChecker()
        #expect(checker.lastReport == nil)
        checker.register(ClosureHealthCheck(name: "x", component: "y") { .unhealthy("down") })
        let report = await checker.run()
        #expect(checker.lastReport == report)
        #expect(report.httpStatusCode == 503)
    }
}
