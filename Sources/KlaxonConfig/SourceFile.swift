#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Why a file could not be read, worded as Go's `os` package words it (`open rules.yml: no such file or
/// directory`, `read rules: is a directory`), since promtool prints those texts.
public struct SourceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open` or `read`.
    public var operation: String
    public var path: String
    /// The system error in Go's lowercase wording.
    public var reason: String

    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(operation) \(path): \(reason)" }
}

/// Reads whole files and lists directories with POSIX calls, keeping the system's reason for a failure.
public enum SourceFile {
    /// The bytes of the file at `path` (Go's `os.ReadFile`).
    public static func read(_ path: String) throws(SourceFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SourceFileError(operation: "open", path: path, reason: goErrorText(errno)) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SourceFileError(operation: "read", path: path, reason: goErrorText(errno))
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// True when something (file, directory, link) exists at `path` (Go's `os.Lstat` succeeding).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// True when `path` is a directory (following links, as `os.Stat`).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, unsorted, without `.` and `..`; nil when it cannot be read.
    public static func directoryEntries(_ path: String) -> [String]? {
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Go's text for an errno value (lowercase, as the `syscall` package words it).
    static func goErrorText(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "not a directory"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "file name too long"
        case EMFILE: return "too many open files"
        default:
            guard let text = strerror(code) else { return "errno \(code)" }
            let message = String(cString: text)
            guard let first = message.first else { return message }
            return first.lowercased() + message.dropFirst()
        }
    }
}
