import KlaxonAlerting
import KlaxonModel
import KlaxonRules
import Logging
import Synchronization
import Testing

@Suite struct LoggingAlertNotifierTests {
    private let labels = Labels(["alertname": "CriticalErrorRate", "job": "platform", "severity": "critical"])

    private func alert(endsAt: Timestamp) -> NotifiableAlert {
        NotifiableAlert(
            labels: labels, annotations: [Label("summary", "errors")], startsAt: 1_000, endsAt: endsAt,
            generatorURL: "")
    }

    @Test("logs a firing alert once, its re-sends not at all, and its resolution once")
    func transitions() async {
        let capture = CapturedLogs()
        let notifier = LoggingAlertNotifier(logger: capture.logger)
        await notifier.send([alert(endsAt: 61_000)], at: 1_000)
        await notifier.send([alert(endsAt: 121_000)], at: 61_000)
        #expect(notifier.firingAlerts == [labels])
        await notifier.send([alert(endsAt: 70_000)], at: 70_000)
        await notifier.send([alert(endsAt: 70_000)], at: 130_000)
        #expect(notifier.firingAlerts.isEmpty)

        let records = capture.records
        #expect(records.map(\.level) == [.warning, .info])
        #expect(records.first?.message.hasPrefix("alert firing: CriticalErrorRate {") == true)
        #expect(records.last?.message.hasPrefix("alert resolved: CriticalErrorRate {") == true)
        #expect(records.first?.metadata["severity"] == "critical")
        #expect(records.first?.metadata["annotation.summary"] == "errors")
    }

    @Test("a resolved alert never seen firing is not logged")
    func unknownResolution() async {
        let capture = CapturedLogs()
        let notifier = LoggingAlertNotifier(logger: capture.logger)
        await notifier.send([alert(endsAt: 5_000)], at: 5_000)
        #expect(capture.records.isEmpty)
    }
}

/// Log records kept in memory.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let stored = Mutex<[Record]>([])

    var records: [Record] { stored.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
    }

    fileprivate func append(_ record: Record) { stored.withLock { $0.append(record) } }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var flat: [String: String] = [:]
            for (key, value) in (event.metadata ?? [:]) { flat[key] = "\(value)" }
            sink.append(Record(level: event.level, message: "\(event.message)", metadata: flat))
        }
    }
}
