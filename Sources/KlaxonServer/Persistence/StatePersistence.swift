import Foundation
import KlaxonModel
import KlaxonNotify
import KlaxonRules
import KlaxonStorage
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What survives a restart under `--data-dir`:
/// - `alerts.json`: the `ALERTS_FOR_STATE` samples of every pending and firing alert (labels, the time they
///   were written, `activeAt` in seconds). At startup they are put back into the empty store, so Prometheus's
///   own restoration (`AlertRestoration`, with `for_outage_tolerance` and `for_grace_period`) runs on them
///   after the groups' second evaluation, exactly as Prometheus restores from its TSDB.
/// - `notifications.json`: alerts still queued for an endpoint at shutdown (KlaxonNotify's `QueueSnapshot`),
///   sent after the restart.
///
/// Files are written atomically (temporary file, fsync, rename, fsync of the directory), at most once per
/// evaluation cycle and only when their content changed. A file that cannot be read back is reported and
/// moved aside (`*.corrupt-<unix ms>`); it never stops the daemon.
final class StatePersistence: Sendable {
    struct SavedSample: Codable, Equatable {
        var labels: [String: String]
        var t: Int64
        var v: Double
    }

    struct AlertsFile: Codable {
        var version: Int
        var alerts: [SavedSample]
    }

    let directory: String
    private let logger: Logger
    private let lastWritten = Mutex<[String: Data]>([:])

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    var alertsPath: String { directory + "/alerts.json" }
    var notificationsPath: String { directory + "/notifications.json" }

    /// Reads both files; missing files give empty state, corrupt ones are moved aside.
    func load() -> (alerts: [Sample], notifications: QueueSnapshot) {
        var samples: [Sample] = []
        if let file: AlertsFile = read(alertsPath) {
            samples = file.alerts.map { Sample(labels: Labels($0.labels), t: $0.t, v: $0.v) }
        }
        var pending = QueueSnapshot()
        if let data = FileManager.default.contents(atPath: notificationsPath) {
            do {
                pending = try QueueSnapshot(json: String(decoding: data, as: UTF8.self))
            } catch {
                moveAside(notificationsPath, error: error)
            }
            remove(notificationsPath)  // queued again from now on; a crash must not send them twice
        }
        if !samples.isEmpty || pending.alertCount > 0 {
            logger.info(
                "restored state", metadata: ["alerts": "\(samples.count)", "notifications": "\(pending.alertCount)"])
        }
        return (samples, pending)
    }

    /// Puts saved `ALERTS_FOR_STATE` samples into the (empty) store.
    func seed(_ samples: [Sample], into storage: MemoryStorage) {
        for sample in samples.sorted(by: { $0.t < $1.t }) {
            do {
                try storage.append(sample.labels, t: sample.t, v: sample.v)
            } catch {
                logger.warning("could not restore alert state sample", metadata: ["err": "\(error)"])
            }
        }
    }

    /// Saves the `for` state of every pending and firing alert, stamped with each group's last evaluation.
    func saveAlerts(_ groups: [LoadedRuleGroup]) {
        var saved: [SavedSample] = []
        for loaded in groups {
            let t = loaded.state.lastEvaluation ?? 0
            for (index, rule) in loaded.group.rules.enumerated() where index < loaded.state.rules.count {
                guard case .alerting(let alerting) = rule, let state = loaded.state.rules[index].alerting else {
                    continue
                }
                for alert in state.activeAlerts where alert.state == .pending || alert.state == .firing {
                    let sample = alerting.forStateSample(for: alert, at: t)
                    saved.append(SavedSample(labels: sample.labels.dictionary, t: sample.t, v: sample.v))
                }
            }
        }
        write(AlertsFile(version: 1, alerts: saved), to: alertsPath)
    }

    /// Saves the alerts still queued per endpoint (at shutdown), in KlaxonNotify's snapshot format.
    func saveNotifications(_ snapshot: QueueSnapshot) {
        guard snapshot.alertCount > 0 else {
            remove(notificationsPath)
            return
        }
        write(Data(snapshot.json.utf8), to: notificationsPath)
    }

    private func read<T: Decodable>(_ path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            moveAside(path, error: error)
            return nil
        }
    }

    private func moveAside(_ path: String, error: any Error) {
        let aside = path + ".corrupt-" + String(SystemTimeSource().now())
        logger.error(
            "state file is corrupt, moving it aside",
            metadata: ["file": "\(path)", "moved_to": "\(aside)", "err": "\(error)"])
        if rename(path, aside) != 0 { remove(path) }
    }

    private func write<T: Encodable>(_ value: T, to path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            write(try encoder.encode(value), to: path)
        } catch {
            logger.error("could not encode state", metadata: ["file": "\(path)", "err": "\(error)"])
        }
    }

    private func write(_ data: Data, to path: String) {
        if lastWritten.withLock({ $0[path] == data }) { return }
        do {
            try AtomicFile.write(data, to: path)
            lastWritten.withLock { $0[path] = data }
        } catch {
            logger.error("could not write state", metadata: ["file": "\(path)", "err": "\(error)"])
        }
    }

    private func remove(_ path: String) {
        unlink(path)
        lastWritten.withLock { $0[path] = nil }
    }
}

/// Writes a file so that readers see the old or the new content, never a mix, even across a crash.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ data: Data, to path: String) throws {
        let directory = ConfigPaths.directory(of: path)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw WriteError(description: "open \(temporary): errno \(errno)") }
        var ok = true
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, base + offset, buffer.count - offset)
                if n <= 0 {
                    ok = false
                    return
                }
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw WriteError(description: "write \(temporary): errno \(errno)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WriteError(description: "rename \(temporary): errno \(errno)")
        }
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
