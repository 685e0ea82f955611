#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Healthy when a file can be created, written and removed in `path` (a directory).
public struct StorageHealthCheck: HealthCheck {
    public let name: String
    public let component: String
    public let timeout: Duration?
    /// The directory that must be writable.
    public let path: String

    public init(path: String, name: String = "storage", component: String = "storage", timeout: Duration? = nil) {
        self.path = path
        self.name = name
        self.component = component
        self.timeout = timeout
    }

    public func check() async throws -> HealthCheckOutcome {
        try Task.checkCancellation()
        let template = (path.hasSuffix("/") ? path : path + "/") + ".klaxon-health-XXXXXX"
        var buffer = Array(template.utf8CString)
        let fd = buffer.withUnsafeMutableBufferPointer { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return -1 }  // never: the template is not empty
            return mkstemp(base)
        }
        guard fd >= 0 else { return .unhealthy("storage path \"\(path)\" is not writable: \(Self.errorText(errno))") }
        let file = String(decoding: buffer.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let probe: [UInt8] = Array("klaxon\n".utf8)
        let written = probe.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let writeErrno = errno
        close(fd)
        let removed = unlink(file) == 0
        let unlinkErrno = errno
        guard written == probe.count else {
            return .unhealthy("storage path \"\(path)\" is not writable: \(Self.errorText(writeErrno))")
        }
        guard removed else {
            return .unhealthy("storage path \"\(path)\": cannot remove probe file: \(Self.errorText(unlinkErrno))")
        }
        return .healthy("storage path \"\(path)\" is writable")
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
