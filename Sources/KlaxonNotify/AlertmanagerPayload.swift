/// The body Prometheus posts to Alertmanager's `/api/v2/alerts`: a JSON array of `PostableAlert`s, each
/// written by go-openapi as `{"annotations":…,"endsAt":…,"startsAt":…,"generatorURL":…,"labels":…}`.
///
/// `annotations` is left out when empty and `generatorURL` when empty (`omitempty`); `startsAt` and `endsAt`
/// are always present, as `strfmt.DateTime` in UTC with milliseconds. Label and annotation keys are in byte
/// order, as Go writes maps.
public enum AlertmanagerPayload {
    /// The JSON text of `alerts`.
    public static func json(_ alerts: [NotificationAlert]) -> String {
        var out = "["
        for (i, alert) in alerts.enumerated() {
            if i > 0 { out.append(",") }
            out.append("{")
            if !alert.annotations.isEmpty {
                out.append("\"annotations\":")
                PayloadJSON.object(alert.annotations, into: &out)
                out.append(",")
            }
            out.append("\"endsAt\":\"" + GoTimeFormat.rfc3339Millis(alert.endsAt) + "\",")
            out.append("\"startsAt\":\"" + GoTimeFormat.rfc3339Millis(alert.startsAt) + "\",")
            if !alert.generatorURL.isEmpty {
                out.append("\"generatorURL\":")
                PayloadJSON.quote(alert.generatorURL, into: &out)
                out.append(",")
            }
            out.append("\"labels\":")
            PayloadJSON.object(alert.labels, into: &out)
            out.append("}")
        }
        out.append("]")
        return out
    }

    /// The request body: `json(alerts)` as UTF-8.
    public static func body(_ alerts: [NotificationAlert]) -> [UInt8] {
        Array(json(alerts).utf8)
    }
}
