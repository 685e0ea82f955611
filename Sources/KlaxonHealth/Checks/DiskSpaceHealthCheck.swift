#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Total and available bytes of a file system.
public struct DiskUsage: Sendable, Hashable {
    public var totalBytes: UInt64
    /// Bytes available to unprivileged users (`f_bavail`).
    public var availableBytes: UInt64

    public init(totalBytes: UInt64, availableBytes: UInt64) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
    }

    /// Fraction of the file system in use, 0…1 (0 for an empty file system).
    public var usedFraction: Double {
        guard totalBytes > 0 else { return 0 }
        return 1 - Double(min(availableBytes, totalBytes)) / Double(totalBytes)
    }

    /// The usage of the file system holding `path`, from `statvfs`.
    public static func of(path: String) throws(DiskUsageError) -> DiskUsage {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else {
            throw DiskUsageError(path: path, reason: StorageHealthCheck.errorText(errno))
        }
        let blockSize = UInt64(stats.f_frsize)
        return DiskUsage(totalBytes: UInt64(stats.f_blocks) * blockSize, availableBytes: UInt64(stats.f_bavail) * blockSize)
    }
}

/// `statvfs` failed.
public struct DiskUsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot read disk usage of \"\(path)\": \(reason)" }
}

/// Watches the file system holding `path`: `degraded` once usage reaches `warningThreshold`, `unhealthy` once
/// it reaches `criticalThreshold` (fractions of the total, e.g. 0.8 and 0.9).
public struct DiskSpaceHealthCheck: HealthCheck {
    public let name: String
    public let component: String
    public let timeout: Duration?
    public let path: String
    public let warningThreshold: Double
    public let criticalThreshold: Double
    private let usage: @Sendable (String) throws -> DiskUsage

    /// A check with usage read by `statvfs`.
    public init(
        path: String,
        warningThreshold: Double = 0.8,
        criticalThreshold: Double = 0.9,
        name: String = "disk_space",
        component: String = "disk",
        timeout: Duration? = nil
    ) {
        self.init(
            path: path, warningThreshold: warningThreshold, criticalThreshold: criticalThreshold,
            name: name, component: component, timeout: timeout, usage: { path throws in try DiskUsage.of(path: path) }
        )
    }

    /// A check with usage read by `usage` (tests, other file-system APIs).
    public init(
        path: String,
        warningThreshold: Double = 0.8,
        criticalThreshold: Double = 0.9,
        name: String = "disk_space",
        component: String = "disk",
        timeout: Duration? = nil,
        usage: @escaping @Sendable (String) throws -> DiskUsage
    ) {
        self.path = path
        self.warningThreshold = warningThreshold
        self.criticalThreshold = max(criticalThreshold, warningThreshold)
        self.name = name
        self.component = component
        self.timeout = timeout
        self.usage = usage
    }

    public func check() async throws -> HealthCheckOutcome {
        let current = try usage(path)
        let used = current.usedFraction
        let detail = "disk \"\(path)\" is \(Self.percent(used)) full (\(current.availableBytes) of \(current.totalBytes) bytes available)"
        if used >= criticalThreshold {
            return .unhealthy("\(detail), critical threshold \(Self.percent(criticalThreshold))")
        }
        if used >= warningThreshold {
            return .degraded("\(detail), warning threshold \(Self.percent(warningThreshold))")
        }
        return .healthy(detail)
    }

    /// `0.8123` as `81.2%`.
    static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }
}
