/// One named probe of one component.
///
/// A check must honour task cancellation: the checker cancels it when its timeout expires. Swift's
/// structured concurrency cannot abandon a running child task, so a check stuck in a call that ignores
/// cancellation (a blocking system call) delays the report until that call returns; it is still reported as
/// timed out.
public protocol HealthCheck: Sendable {
    /// Unique name, the key in the report's `checks` object (`storage`, `disk_space`, …).
    var name: String { get }
    /// The component the check probes (`storage`, `cache`, `database`, `disk`, …).
    var component: String { get }
    /// This check's timeout; nil uses the checker's default.
    var timeout: Duration? { get }
    /// Probes the component. A thrown error makes the check unhealthy with the error as message.
    func check() async throws -> HealthCheckOutcome
}

extension HealthCheck {
    public var timeout: Duration? { nil }
}

/// What one check found.
public struct HealthCheckOutcome: Sendable, Hashable {
    public var status: HealthStatus
    /// Human-readable detail, lowercase, no trailing period.
    public var message: String

    public init(_ status: HealthStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A healthy outcome.
    public static func healthy(_ message: String = "ok") -> HealthCheckOutcome { HealthCheckOutcome(.healthy, message) }
    /// A degraded outcome.
    public static func degraded(_ message: String) -> HealthCheckOutcome { HealthCheckOutcome(.degraded, message) }
    /// An unhealthy outcome.
    public static func unhealthy(_ message: String) -> HealthCheckOutcome { HealthCheckOutcome(.unhealthy, message) }
}

/// A check made from a closure.
public struct ClosureHealthCheck: HealthCheck {
    public let name: String
    public let component: String
    public let timeout: Duration?
    private let body: @Sendable () async throws -> HealthCheckOutcome

    public init(
        name: String,
        component: String,
        timeout: Duration? = nil,
        _ body: @escaping @Sendable () async throws -> HealthCheckOutcome
    ) {
        self.name = name
        self.component = component
        self.timeout = timeout
        self.body = body
    }

    public func check() async throws -> HealthCheckOutcome { try await body() }
}
