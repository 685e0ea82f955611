import KlaxonModel
import KlaxonRules

/// The `AlertSink` a group evaluation sends to: adds the external labels an alert lacks (Prometheus's
/// notifier does this before sending) and hands the alerts to every notifier in turn.
struct NotificationFanOut: AlertSink {
    let notifiers: [any AlertNotifier]
    let externalLabels: Labels
    /// The evaluation time of the group being delivered.
    let time: Timestamp

    func send(_ alerts: [NotifiableAlert]) async {
        guard !notifiers.isEmpty else { return }
        var labelled = alerts
        if !externalLabels.isEmpty {
            for index in labelled.indices {
                for label in externalLabels where !labelled[index].labels.has(label.name) {
                    labelled[index].labels.set(label.name, label.value)
                }
            }
        }
        for notifier in notifiers {
            await notifier.send(labelled, at: time)
        }
    }
}
