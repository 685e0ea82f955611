public import KlaxonModel

/// An alert as handed to the notifier (Prometheus's `notifier.Alert` built by `SendAlerts`).
public struct NotifiableAlert: Sendable, Equatable {
    public var labels: Labels
    /// Sorted by name; empty values kept.
    public var annotations: [Label]
    /// The time the alert fired (Prometheus sends `FiredAt`, not `ActiveAt`).
    public var startsAt: Timestamp
    /// `resolvedAt` for a resolved alert, else `validUntil`.
    public var endsAt: Timestamp
    /// `<external URL>/graph?g0.expr=<query-escaped expression>&g0.tab=1`.
    public var generatorURL: String

    public init(labels: Labels, annotations: [Label], startsAt: Timestamp, endsAt: Timestamp, generatorURL: String) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// Converts an alert picked by `AlertingRuleState.alertsToSend`, as Prometheus's `SendAlerts` does.
    public init(_ alert: Alert, expression: String, externalURL: String) {
        // Only firing or resolved alerts are sent, and both have fired; `activeAt` is an unreachable fallback.
        let startsAt = alert.firedAt ?? alert.activeAt
        self.init(
            labels: alert.labels, annotations: alert.annotations, startsAt: startsAt,
            endsAt: alert.resolvedAt ?? alert.validUntil ?? startsAt,
            generatorURL: externalURL + NotifiableAlert.tableLink(for: expression))
    }

    /// Prometheus's `TableLinkForExpression`: `/graph?g0.expr=<url.QueryEscape(expr)>&g0.tab=1`.
    public static func tableLink(for expression: String) -> String {
        "/graph?g0.expr=" + queryEscape(expression) + "&g0.tab=1"
    }

    /// Go's `url.QueryEscape`: unreserved bytes as is, space as `+`, every other byte as `%XX`.
    static func queryEscape(_ text: String) -> String {
        let hex: [Character] = Array("0123456789ABCDEF")
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return out
    }
}

/// Where alert notifications go (Prometheus's `NotifyFunc`). The server adapts it onto the notifier;
/// KlaxonRules and KlaxonNotify do not know each other.
public protocol AlertSink: Sendable {
    /// Called once per alerting rule whose evaluation produced alerts to send (never with an empty list).
    func send(_ alerts: [NotifiableAlert]) async
}
