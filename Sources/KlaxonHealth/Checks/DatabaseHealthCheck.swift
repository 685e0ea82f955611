/// Opens (and closes) a connection to a database, or borrows one from a pool and runs a trivial query.
public protocol DatabaseProbe: Sendable {
    /// Returns normally when a connection could be made; throws otherwise.
    func probeConnection() async throws
}

/// Healthy when the database accepts a connection.
public struct DatabaseHealthCheck: HealthCheck {
    public let name: String
    public let component: String
    public let timeout: Duration?
    private let probe: any DatabaseProbe

    public init(probe: any DatabaseProbe, name: String = "database", component: String = "database", timeout: Duration? = nil) {
        self.probe = probe
        self.name = name
        self.component = component
        self.timeout = timeout
    }

    public func check() async throws -> HealthCheckOutcome {
        do {
            try await probe.probeConnection()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .unhealthy("database connection failed: \(error)")
        }
        return .healthy("database connection succeeded")
    }
}
