import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a rule-test or rule-check run writes: promtool's split between standard output (progress, SUCCESS)
/// and standard error (FAILED and the failures), kept so scripts that rely on it keep working.
public protocol RuleToolOutput: Sendable {
    func write(_ text: String, to stream: OutputStream)
}

/// One of the two output streams.
public enum OutputStream: Sendable, Equatable {
    case standardOutput
    case standardError
}

/// Writes to the process's standard output and error, unbuffered, in call order.
public struct StandardOutput: RuleToolOutput {
    public init() {}

    public func write(_ text: String, to stream: OutputStream) {
        let fd: Int32 = stream == .standardOutput ? 1 : 2
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    /// True when `stream` is a terminal (colours are then on by default).
    public static func isTerminal(_ stream: OutputStream) -> Bool { isatty(stream == .standardOutput ? 1 : 2) == 1 }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

/// Collects what was written, for tests: each stream separately and both interleaved.
public final class CapturedOutput: RuleToolOutput {
    private let state = Mutex<(stdout: String, stderr: String, combined: String)>(("", "", ""))

    public init() {}

    public func write(_ text: String, to stream: OutputStream) {
        state.withLock { s in
            if stream == .standardOutput { s.stdout += text } else { s.stderr += text }
            s.combined += text
        }
    }

    public var standardOutput: String { state.withLock { $0.stdout } }
    public var standardError: String { state.withLock { $0.stderr } }
    public var combined: String { state.withLock { $0.combined } }
}
