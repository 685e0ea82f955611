public import KlaxonModel
public import KlaxonRules

/// The JSON bodies Klaxon sends: Alertmanager's API v2 `POST /api/v2/alerts` list, and Alertmanager's
/// webhook notification (`version: "4"`), so receivers written for Alertmanager's webhooks accept Klaxon's.
public enum AlertPayload {
    /// `[{"labels":…,"annotations":…,"startsAt":…,"endsAt":…,"generatorURL":…}, …]`.
    public static func alertmanagerV2(_ alerts: [NotifiableAlert]) -> String {
        "[" + alerts.map(postableAlert).joined(separator: ",") + "]"
    }

    /// Alertmanager's webhook body for one batch. `status` is `firing` when any alert still fires.
    public static func webhook(
        _ alerts: [NotifiableAlert], receiver: String, externalURL: String, truncated: Int, now: Timestamp
    ) -> String {
        let firing = alerts.contains { $0.endsAt > now }
        let common = commonLabels(alerts.map(\.labels))
        let commonAnnotations = commonLabels(alerts.map { Labels($0.annotations) })
        var out = "{\"receiver\":" + GoJSON.quote(receiver)
        out += ",\"status\":" + GoJSON.quote(firing ? "firing" : "resolved")
        out += ",\"alerts\":[" + alerts.map { webhookAlert($0, now: now) }.joined(separator: ",") + "]"
        out += ",\"groupLabels\":{}"
        out += ",\"commonLabels\":" + GoJSON.labels(common)
        out += ",\"commonAnnotations\":" + GoJSON.labels(commonAnnotations)
        out += ",\"externalURL\":" + GoJSON.quote(externalURL)
        out += ",\"version\":\"4\""
        out += ",\"groupKey\":" + GoJSON.quote("{}:{}")
        out += ",\"truncatedAlerts\":" + String(truncated)
        return out + "}"
    }

    private static func postableAlert(_ alert: NotifiableAlert) -> String {
        var out = "{\"labels\":" + GoJSON.labels(alert.labels)
        out += ",\"annotations\":" + annotationsJSON(alert.annotations)
        out += ",\"startsAt\":" + GoJSON.quote(AlertAPIFormat.rfc3339(alert.startsAt))
        out += ",\"endsAt\":" + GoJSON.quote(AlertAPIFormat.rfc3339(alert.endsAt))
        out += ",\"generatorURL\":" + GoJSON.quote(alert.generatorURL)
        return out + "}"
    }

    private static func webhookAlert(_ alert: NotifiableAlert, now: Timestamp) -> String {
        var out = "{\"status\":" + GoJSON.quote(alert.endsAt > now ? "firing" : "resolved")
        out += ",\"labels\":" + GoJSON.labels(alert.labels)
        out += ",\"annotations\":" + annotationsJSON(alert.annotations)
        out += ",\"startsAt\":" + GoJSON.quote(AlertAPIFormat.rfc3339(alert.startsAt))
        out += ",\"endsAt\":" + GoJSON.quote(AlertAPIFormat.rfc3339(alert.endsAt > now ? 0 : alert.endsAt, zeroIsGo: true))
        out += ",\"generatorURL\":" + GoJSON.quote(alert.generatorURL)
        out += ",\"fingerprint\":" + GoJSON.quote(alert.labels.fingerprintHex)
        return out + "}"
    }

    /// Annotations in name order, empty values kept.
    static func annotationsJSON(_ annotations: [Label]) -> String {
        "{" + annotations.map { GoJSON.quote($0.name) + ":" + GoJSON.quote($0.value) }.joined(separator: ",") + "}"
    }

    /// Labels every set has with the same value.
    private static func commonLabels(_ sets: [Labels]) -> Labels {
        guard var common = sets.first else { return Labels() }
        for set in sets.dropFirst() {
            common = Labels(common.filter { set.has($0.name) && set[$0.name] == $0.value })
        }
        return common
    }
}

extension AlertAPIFormat {
    /// `rfc3339(t)`, or Go's zero time (`0001-01-01T00:00:00Z`, what Alertmanager sends for a firing alert's
    /// `endsAt`) when `zeroIsGo` and `t` is 0.
    static func rfc3339(_ t: Timestamp, zeroIsGo: Bool) -> String {
        zeroIsGo && t == 0 ? "0001-01-01T00:00:00Z" : rfc3339(t)
    }
}
