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
/// - `alerts.json`: every pending and firing alert, whole (`SavedAlert`: state, labels, annotations, value,
///   `activeAt`, `firedAt`, `lastSentAt`, `validUntil`, `keepFiringSince`, and when it was saved), written
///   after every evaluation cycle. At startup `SavedAlertRestoration` puts them back, so a pending alert
///   fires at its original time and a firing one is not announced again (with Prometheus's outage-tolerance
///   and grace-period rules).
/// - `notifications.json`: alerts still queued for an endpoint (KlaxonNotify's `QueueSnapshot`), written
///   after every cycle and at shutdown, sent after the restart. Delivery is at least once: a notification
///   delivered after the last save and before a crash is sent again.
///
/// Files are written atomically (temporary file, fsync, rename, fsync of the directory), at most once per
/// evaluation cycle and only when their content changed. A file that cannot be read back is reported and
/// moved aside (`*.corrupt-<unix ms>`); it never stops the daemon.
final class StatePersistence: Sendable {
    /// One alert in `alerts.json`. Times are Unix milliseconds; absent optional times are omitted.
    struct SavedEntry: Codable, Equatable {
        var group: String
        var groupName: String
        var rule: String
        var ruleIndex: Int
        var state: String
        var labels: [String: String]
        var annotations: [String: String]
        /// The value as Go formats it (`NaN`, `+Inf` included).
        var value: String
        var activeAt: Int64
        var firedAt: Int64?
        var lastSentAt: Int64?
        var validUntil: Int64?
        var keepFiringSince: Int64?
        var savedAt: Int64
    }

    struct AlertsFile: Codable {
        static let currentVersion = 2
        var version: Int
        var alerts: [SavedEntry]
    }

    /// A file that parses but is not one this version reads.
    struct UnsupportedVersion: Error, CustomStringConvertible {
        var version: Int
        var description: String { "unsupported alerts.json version \(version), expected \(AlertsFile.currentVersion)" }
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
    func load() -> (alerts: [SavedAlert], notifications: QueueSnapshot) {
        var alerts: [SavedAlert] = []
        if let file: AlertsFile = read(alertsPath) {
            if file.version == AlertsFile.currentVersion {
                alerts = file.alerts.compactMap(Self.savedAlert)
            } else {
                moveAside(alertsPath, error: UnsupportedVersion(version: file.version))
            }
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
        if !alerts.isEmpty || pending.alertCount > 0 {
            logger.info(
                "read saved state", metadata: ["alerts": "\(alerts.count)", "notifications": "\(pending.alertCount)"])
        }
        return (alerts, pending)
    }

    /// Saves every pending and firing alert of `groups`.
    func saveAlerts(_ groups: [LoadedRuleGroup]) {
        let entries = SavedAlert.collect(from: groups).map(Self.entry)
        write(AlertsFile(version: AlertsFile.currentVersion, alerts: entries), to: alertsPath)
    }

    static func entry(_ saved: SavedAlert) -> SavedEntry {
        let alert = saved.alert
        return SavedEntry(
            group: saved.groupKey, groupName: saved.groupName, rule: saved.rule, ruleIndex: saved.ruleIndex, state: alert.state.description,
            labels: alert.labels.dictionary,
            annotations: Dictionary(alert.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
            value: GoFloat.formatAPI(alert.value), activeAt: alert.activeAt, firedAt: alert.firedAt,
            lastSentAt: alert.lastSentAt, validUntil: alert.validUntil, keepFiringSince: alert.keepFiringSince,
            savedAt: saved.savedAt)
    }

    /// The alert an entry describes; nil (skipped) for a state other than pending or firing.
    static func savedAlert(_ entry: SavedEntry) -> SavedAlert? {
        let state: AlertState
        switch entry.state {
        case "pending": state = .pending
        case "firing": state = .firing
        default: return nil
        }
        let annotations = entry.annotations.keys.sorted().map { Label($0, entry.annotations[$0] ?? "") }
        let alert = Alert(
            state: state, labels: Labels(entry.labels), annotations: annotations,
            value: Double(entry.value) ?? .nan, activeAt: entry.activeAt, firedAt: entry.firedAt,
            lastSentAt: entry.lastSentAt, validUntil: entry.validUntil, keepFiringSince: entry.keepFiringSince)
        return SavedAlert(
            groupKey: entry.group, groupName: entry.groupName, rule: entry.rule, ruleIndex: entry.ruleIndex, alert: alert, savedAt: entry.savedAt)
    }

    /// Saves the alerts still queued per endpoint, in KlaxonNotify's snapshot format (none: the file is removed).
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
