public import KlaxonModel
public import KlaxonRules
public import Logging
import Synchronization

/// Logs alert transitions: `alert firing` (warning) when an alert starts firing and `alert resolved` (info)
/// when it resolves, each with the alert's labels and annotations as metadata. Re-sends of an alert whose
/// state did not change are not logged.
public final class LoggingAlertNotifier: AlertNotifier {
    private let logger: Logger
    /// Label sets of the alerts last seen firing.
    private let firing = Mutex<Set<Labels>>([])

    public init(logger: Logger = Logger(label: "klaxon.alerts")) {
        self.logger = logger
    }

    public func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {
        for alert in alerts {
            let resolved = alert.isResolved(at: time)
            let changed = firing.withLock { set in
                resolved ? set.remove(alert.labels) != nil : set.insert(alert.labels).inserted
            }
            guard changed else { continue }
            let name = alert.labels[WellKnown.alertName]
            var metadata: Logger.Metadata = [:]
            for label in alert.labels { metadata[label.name] = "\(label.value)" }
            for annotation in alert.annotations { metadata["annotation." + annotation.name] = "\(annotation.value)" }
            metadata["startsAt"] = "\(AlertAPIFormat.rfc3339(alert.startsAt))"
            if resolved {
                metadata["endsAt"] = "\(AlertAPIFormat.rfc3339(alert.endsAt))"
                logger.info("alert resolved: \(name) \(alert.labels)", metadata: metadata)
            } else {
                logger.warning("alert firing: \(name) \(alert.labels)", metadata: metadata)
            }
        }
    }

    /// Label sets of the alerts this notifier has seen firing and not yet resolved, sorted.
    public var firingAlerts: [Labels] { firing.withLock { $0.sorted() } }
}
