#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal readers for Linux's `/proc` files (no Foundation): whole-file reads and the few parsers the
/// process and system collectors need. Every reader returns nil when the file is missing or malformed.
enum ProcFS {
    /// The whole file as UTF-8 text (procfs files report size 0, so this reads until end of file).
    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The fields of `/proc/<pid>/stat` that the process collector uses.
    struct ProcessStat: Equatable {
        var userTicks: UInt64
        var systemTicks: UInt64
        var startTicks: UInt64  // since boot
        var virtualBytes: UInt64
        var residentPages: UInt64
    }

    /// Parses `/proc/<pid>/stat`. The command name (field 2) may hold spaces and parentheses, so fields are
    /// counted from the last `)`.
    static func parseStat(_ text: String) -> ProcessStat? {
        guard let close = text.utf8.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let rest = text[text.utf8.index(after: close)...]
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\n" })
        // fields[0] is field 3 (state); field n is fields[n - 3].
        guard fields.count >= 22,
            let utime = UInt64(fields[11]), let stime = UInt64(fields[12]),
            let start = UInt64(fields[19]), let vsize = UInt64(fields[20]), let rss = Int64(fields[21])
        else { return nil }
        return ProcessStat(
            userTicks: utime, systemTicks: stime, startTicks: start, virtualBytes: vsize,
            residentPages: UInt64(max(0, rss))
        )
    }

    /// `btime` (boot time, Unix seconds) from `/proc/stat`.
    static func parseBootTime(_ text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return UInt64(line.dropFirst(6).trimmingSpaces())
        }
        return nil
    }

    /// The soft "Max open files" limit from `/proc/<pid>/limits`; `unlimited` is +Inf.
    static func parseMaxOpenFiles(_ text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let fields = line.dropFirst("Max open files".count).split(separator: " ")
            guard let soft = fields.first else { return nil }
            if soft == "unlimited" { return .infinity }
            return Double(soft)
        }
        return nil
    }

    /// `MemTotal - MemAvailable` from `/proc/meminfo`, in bytes.
    static func parseMemoryInUse(_ text: String) -> Double? {
        var total: Double?
        var available: Double?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[1]) else { continue }
            let bytes = parts.count >= 3 && parts[2] == "kB" ? value * 1024 : value
            if parts[0] == "MemTotal:" { total = bytes }
            if parts[0] == "MemAvailable:" { available = bytes }
        }
        guard let total, let available else { return nil }
        return total - available
    }

    /// Number of entries in a directory, without `.` and `..` (nil when it cannot be opened).
    static func countEntries(_ path: String) -> Int? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDotEntry = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotEntry { count += 1 }
        }
        return count
    }
}
