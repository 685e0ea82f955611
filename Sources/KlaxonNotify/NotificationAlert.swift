public import KlaxonModel

/// One alert handed to the notifier: Prometheus's `notifier.Alert`. The server maps KlaxonRules'
/// `NotifiableAlert` (same fields) onto it; KlaxonNotify does not know KlaxonRules.
///
/// Whether the alert is resolved is decided the way Prometheus and Alertmanager decide it: `endsAt` at or
/// before the reference time (for webhooks, the time the alert was enqueued) means resolved.
public struct NotificationAlert: Sendable, Equatable {
    /// The alert's identity; must include `alertname`.
    public var labels: Labels
    /// Annotations sorted by name, one value per name (the last wins); empty values are kept, as in Prometheus.
    public var annotations: [Label]
    /// When the alert started firing (Prometheus sends `FiredAt`).
    public var startsAt: Timestamp
    /// `resolvedAt` for a resolved alert, `validUntil` for a firing one.
    public var endsAt: Timestamp
    /// Link back to the expression (`<external URL>/graph?g0.expr=…&g0.tab=1`); may be empty.
    public var generatorURL: String

    public init(labels: Labels, annotations: [Label] = [], startsAt: Timestamp, endsAt: Timestamp, generatorURL: String = "") {
        self.labels = labels
        self.annotations = NotificationAlert.normalized(annotations)
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The `alertname` label, or "".
    public var name: String { labels[WellKnown.alertName] }

    /// True when the alert has ended by `time` (Alertmanager's `ResolvedAt`; an `endsAt` of 0 never ends,
    /// like Go's zero time).
    public func isResolved(at time: Timestamp) -> Bool {
        endsAt != 0 && endsAt <= time
    }

    /// The value of annotation `name`, or nil when absent.
    public func annotation(_ name: String) -> String? {
        annotations.first { $0.name == name }?.value
    }

    /// Sorts by name (byte order, like Go's map-key order in JSON) and keeps the last value of a repeated name.
    static func normalized(_ annotations: [Label]) -> [Label] {
        let sorted = annotations.enumerated().sorted { a, b in
            if a.element.name != b.element.name {
                return a.element.name.utf8.lexicographicallyPrecedes(b.element.name.utf8)
            }
            return a.offset < b.offset
        }
        var out: [Label] = []
        out.reserveCapacity(sorted.count)
        for (_, label) in sorted {
            if let last = out.last, last.name == label.name {
                out[out.count - 1] = label
            } else {
                out.append(label)
            }
        }
        return out
    }
}
