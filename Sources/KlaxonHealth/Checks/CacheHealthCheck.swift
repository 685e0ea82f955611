/// Something that can tell whether a cache answers (a PING, a get of a sentinel key).
public protocol CacheProbe: Sendable {
    /// Returns normally when the cache answers; throws otherwise.
    func ping() async throws
}

/// Healthy when the cache probe answers; degraded when it answers slower than `degradedAfter`.
public struct CacheHealthCheck: HealthCheck {
    public let name: String
    public let component: String
    public let timeout: Duration?
    /// An answer slower than this is `degraded`; nil never degrades.
    public let degradedAfter: Duration?
    private let probe: @Sendable () async throws -> Void

    /// A check that runs `probe`.
    public init(
        name: String = "cache",
        component: String = "cache",
        timeout: Duration? = nil,
        degradedAfter: Duration? = nil,
        probe: any CacheProbe
    ) {
        self.init(name: name, component: component, timeout: timeout, degradedAfter: degradedAfter) { try await probe.ping() }
    }

    /// A check that runs `probe`.
    public init(
        name: String = "cache",
        component: String = "cache",
        timeout: Duration? = nil,
        degradedAfter: Duration? = nil,
        _ probe: @escaping @Sendable () async throws -> Void
    ) {
        self.name = name
        self.component = component
        self.timeout = timeout
        self.degradedAfter = degradedAfter
        self.probe = probe
    }

    public func check() async throws -> HealthCheckOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await probe()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .unhealthy("cache probe failed: \(error)")
        }
        let elapsed = start.duration(to: clock.now)
        if let degradedAfter, elapsed > degradedAfter {
            return .degraded("cache answered in \(GoDuration.format(elapsed)), slower than \(GoDuration.format(degradedAfter))")
        }
        return .healthy("cache answered")
    }
}
