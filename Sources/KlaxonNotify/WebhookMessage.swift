public import KlaxonModel

/// Alertmanager's webhook payload, version "4" (`webhook.Message` embedding `template.Data`), so receivers
/// written for Alertmanager work unchanged. Encoded field by field in the order Go writes the structs:
///
/// `{"receiver","status","alerts":[{"status","labels","annotations","startsAt","endsAt","generatorURL",
/// "fingerprint"}],"groupLabels","commonLabels","commonAnnotations","externalURL","version","groupKey",
/// "truncatedAlerts"}` followed by a newline (`json.Encoder`). These are the fields of Alertmanager up to
/// 0.31; 0.32 added `notification_reason` and 0.34 `routeLabels`, which Klaxon, having no routing tree or
/// notification log, does not send.
///
/// Klaxon has no routing tree: each evaluation batch becomes one notification of a single group with no
/// `group_by`, exactly what Alertmanager sends from a root route without `group_by`. So `groupLabels` is
/// `{}` and `groupKey` is `{}:{}` (Alertmanager's `<route key>:<group labels>` for that route), the same for
/// every notification of a receiver.
public struct WebhookMessage: Sendable, Equatable {
    /// One entry of `alerts`.
    public struct Alert: Sendable, Equatable {
        /// "firing" or "resolved".
        public var status: String
        public var labels: Labels
        public var annotations: [Label]
        public var startsAt: Timestamp
        /// nil while firing: Alertmanager hides an end time that has not been reached, so the payload carries
        /// Go's zero time, `0001-01-01T00:00:00Z`.
        public var endsAt: Timestamp?
        public var generatorURL: String
        /// 16 hex digits of the labels' fingerprint.
        public var fingerprint: String
    }

    /// The groupKey of every Klaxon webhook notification (see the type's documentation).
    public static let groupKey = "{}:{}"
    /// The payload's `version`.
    public static let version = "4"

    /// The receiver name with regular-expression metacharacters escaped, as Alertmanager writes it
    /// (`regexp.QuoteMeta`).
    public var receiver: String
    /// "firing" if any alert is firing, else "resolved".
    public var status: String
    public var alerts: [Alert]
    public var groupLabels: [Label]
    /// Labels every alert has with the same value.
    public var commonLabels: [Label]
    /// Annotations every alert has with the same value (a missing annotation counts as "").
    public var commonAnnotations: [Label]
    public var externalURL: String
    public var groupKey: String
    /// How many alerts `max_alerts` cut off.
    public var truncatedAlerts: UInt64

    /// Builds the payload Alertmanager's webhook notifier would send for `alerts` at `time`: the first
    /// `maxAlerts` (0 = all) are kept, the rest counted in `truncatedAlerts`; an alert is resolved when its
    /// `endsAt` is at or before `time`.
    public init(receiver: String, alerts: [NotificationAlert], at time: Timestamp, maxAlerts: UInt64 = 0, externalURL: String) {
        var kept = alerts
        var truncated: UInt64 = 0
        if maxAlerts != 0, UInt64(alerts.count) > maxAlerts {
            kept = Array(alerts.prefix(Int(clamping: maxAlerts)))
            truncated = UInt64(alerts.count) - maxAlerts
        }
        self.receiver = WebhookMessage.quoteMeta(receiver)
        self.alerts = kept.map { alert in
            let resolved = alert.isResolved(at: time)
            return Alert(
                status: resolved ? "resolved" : "firing", labels: alert.labels, annotations: alert.annotations,
                startsAt: alert.startsAt, endsAt: resolved ? alert.endsAt : nil, generatorURL: alert.generatorURL,
                fingerprint: alert.labels.fingerprintHex)
        }
        self.status = self.alerts.contains { $0.status == "firing" } ? "firing" : "resolved"
        self.groupLabels = []
        self.commonLabels = WebhookMessage.common(kept.map { Array($0.labels) })
        self.commonAnnotations = WebhookMessage.common(kept.map(\.annotations))
        self.externalURL = externalURL
        self.groupKey = WebhookMessage.groupKey
        self.truncatedAlerts = truncated
    }

    /// The JSON text, with the trailing newline `json.Encoder` writes.
    public var json: String {
        var out = "{\"receiver\":"
        PayloadJSON.quote(receiver, into: &out)
        out.append(",\"status\":")
        PayloadJSON.quote(status, into: &out)
        out.append(",\"alerts\":[")
        for (i, alert) in alerts.enumerated() {
            if i > 0 { out.append(",") }
            out.append("{\"status\":")
            PayloadJSON.quote(alert.status, into: &out)
            out.append(",\"labels\":")
            PayloadJSON.object(alert.labels, into: &out)
            out.append(",\"annotations\":")
            PayloadJSON.object(alert.annotations, into: &out)
            out.append(",\"startsAt\":\"" + GoTimeFormat.rfc3339Nano(alert.startsAt) + "\"")
            out.append(",\"endsAt\":\"" + (alert.endsAt.map(GoTimeFormat.rfc3339Nano) ?? GoTimeFormat.zeroTime) + "\"")
            out.append(",\"generatorURL\":")
            PayloadJSON.quote(alert.generatorURL, into: &out)
            out.append(",\"fingerprint\":")
            PayloadJSON.quote(alert.fingerprint, into: &out)
            out.append("}")
        }
        out.append("],\"groupLabels\":")
        PayloadJSON.object(groupLabels, into: &out)
        out.append(",\"commonLabels\":")
        PayloadJSON.object(commonLabels, into: &out)
        out.append(",\"commonAnnotations\":")
        PayloadJSON.object(commonAnnotations, into: &out)
        out.append(",\"externalURL\":")
        PayloadJSON.quote(externalURL, into: &out)
        out.append(",\"version\":")
        PayloadJSON.quote(WebhookMessage.version, into: &out)
        out.append(",\"groupKey\":")
        PayloadJSON.quote(groupKey, into: &out)
        out.append(",\"truncatedAlerts\":" + String(truncatedAlerts) + "}\n")
        return out
    }

    /// The request body: `json` as UTF-8.
    public var body: [UInt8] { Array(json.utf8) }

    /// Alertmanager's common-label computation: start from the first alert's pairs and keep those every other
    /// alert has with the same value, a missing name reading as "".
    static func common(_ sets: [[Label]]) -> [Label] {
        guard var common = sets.first else { return [] }
        for set in sets.dropFirst() {
            if common.isEmpty { break }
            var values: [String: String] = [:]
            for pair in set { values[pair.name] = pair.value }
            common.removeAll { (values[$0.name] ?? "") != $0.value }
        }
        return common
    }

    /// Go's `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$`.
    static func quoteMeta(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(scalar) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
