public import KlaxonMetrics
public import KlaxonModel
import Synchronization

/// Runs the registered health checks concurrently, each under its own timeout, and reports worst-of.
///
/// Every run starts all checks at once in a task group; each check races a timer on `clock`. When the timer
/// wins, the check is cancelled and reported `unhealthy` with "timed out after 5s". A thrown error is
/// `unhealthy` with the error as message. Times shown in the report come from `wallClock`; durations and
/// timeouts from `clock`, so tests can pin both.
public final class HealthChecker: Sendable {
    /// Used when a check has no timeout of its own.
    public let defaultTimeout: Duration
    /// When the checker started (Unix milliseconds): the origin of `uptime_seconds`.
    public let startedAt: Timestamp
    private let clock: any Clock<Duration>
    private let wallClock: any WallClock
    private let metrics: HealthMetrics?
    private let checks = Mutex<[any HealthCheck]>([])
    private let latest = Mutex<HealthReport?>(nil)

    /// A checker with no checks yet.
    /// - Parameters:
    ///   - defaultTimeout: the timeout of checks that do not set one.
    ///   - clock: measures durations and runs timeouts.
    ///   - wallClock: stamps `last_check`, `timestamp` and `uptime_seconds`.
    ///   - metrics: when given, every report is also exported as metrics.
    public init(
        defaultTimeout: Duration = .seconds(5),
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: any WallClock = SystemWallClock(),
        metrics: HealthMetrics? = nil
    ) {
        self.defaultTimeout = defaultTimeout
        self.clock = clock
        self.wallClock = wallClock
        self.metrics = metrics
        self.startedAt = wallClock.now()
    }

    /// Adds a check; one with the same name replaces the earlier one.
    public func register(_ check: any HealthCheck) {
        checks.withLock { list in
            list.removeAll { $0.name == check.name }
            list.append(check)
        }
    }

    /// Removes the check called `name` (and its exported series).
    public func unregister(_ name: String) {
        let removed = checks.withLock { list -> [any HealthCheck] in
            let matching = list.filter { $0.name == name }
            list.removeAll { $0.name == name }
            return matching
        }
        for check in removed { metrics?.remove(check: check.name, component: check.component) }
    }

    /// The report of the most recent `run()`, nil before the first (for endpoints that serve a cached report).
    public var lastReport: HealthReport? { latest.withLock { $0 } }

    /// The names of the registered checks, in registration order.
    public var checkNames: [String] { checks.withLock { $0.map(\.name) } }

    /// Runs every check now and returns the report (also exported to `metrics`, when set).
    public func run() async -> HealthReport {
        let current = checks.withLock { $0 }
        let clock = self.clock
        let wallClock = self.wallClock
        let defaultTimeout = self.defaultTimeout
        let results = await withTaskGroup(of: HealthCheckResult.self) { group in
            for check in current {
                group.addTask {
                    await Self.run(check, timeout: check.timeout ?? defaultTimeout, clock: clock, wallClock: wallClock)
                }
            }
            var results: [HealthCheckResult] = []
            for await result in group { results.append(result) }
            return results
        }
        let now = wallClock.now()
        let report = HealthReport(checks: results, timestamp: now, uptimeSeconds: Double(now - startedAt) / 1000)
        metrics?.record(report)
        latest.withLock { $0 = report }
        return report
    }

    /// Runs one check against its timeout.
    static func run<C: Clock<Duration>>(
        _ check: any HealthCheck,
        timeout: Duration,
        clock: C,
        wallClock: any WallClock
    ) async -> HealthCheckResult {
        let startedAt = wallClock.now()
        let start = clock.now
        let outcome = await withTaskGroup(of: HealthCheckOutcome?.self) { group in
            group.addTask {
                do {
                    return try await check.check()
                } catch is CancellationError {
                    return .unhealthy("check cancelled")
                } catch {
                    return .unhealthy(String(describing: error))
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                } catch {
                    return nil  // cancelled because the check finished first
                }
                return .unhealthy("timed out after \(GoDuration.format(timeout))")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .unhealthy("check cancelled")
        }
        return HealthCheckResult(
            name: check.name, component: check.component, status: outcome.status, message: outcome.message,
            lastCheck: startedAt, duration: start.duration(to: clock.now)
        )
    }
}
