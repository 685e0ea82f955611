public import KlaxonModel

/// Everything the dispatcher needs to know about where alerts go and how they are prepared.
public struct NotifierConfiguration: Sendable {
    /// Alertmanager API v2 endpoints.
    public var alertmanagers: [AlertmanagerConfig]
    /// Webhook receivers (Alertmanager's webhook payload, version 4).
    public var webhooks: [WebhookConfig]
    /// `global.external_labels`: added to every alert that lacks the label, before relabelling.
    public var externalLabels: Labels
    /// `alerting.alert_relabel_configs`: applied to every alert after the external labels.
    public var alertRelabel: AlertRelabeler?
    /// The webhook payload's `externalURL` (Alertmanager's own URL there; Klaxon's here).
    public var externalURL: String
    /// Alerts each endpoint's queue holds before the oldest are dropped (Prometheus's
    /// `--alertmanager.notification-queue-capacity`, default 10,000).
    public var queueCapacity: Int
    /// Alerts per Alertmanager request (Prometheus's `DefaultMaxBatchSize`, 256).
    public var maxBatchSize: Int
    /// The `User-Agent` header.
    public var userAgent: String

    public init(
        alertmanagers: [AlertmanagerConfig] = [], webhooks: [WebhookConfig] = [], externalLabels: Labels = Labels(),
        alertRelabel: AlertRelabeler? = nil, externalURL: String = "", queueCapacity: Int = 10_000,
        maxBatchSize: Int = 256, userAgent: String = "Klaxon"
    ) {
        self.alertmanagers = alertmanagers
        self.webhooks = webhooks
        self.externalLabels = externalLabels
        self.alertRelabel = alertRelabel
        self.externalURL = externalURL
        self.queueCapacity = queueCapacity
        self.maxBatchSize = maxBatchSize
        self.userAgent = userAgent
    }

    /// Prometheus's `relabelAlerts`: external labels fill in missing labels, then the relabel hook may rewrite
    /// or drop each alert. Alerts whose labels do not change are passed through as they are.
    public static func relabel(
        _ alerts: [NotificationAlert], externalLabels: Labels, relabel: AlertRelabeler?
    ) -> [NotificationAlert] {
        guard !externalLabels.isEmpty || relabel != nil else { return alerts }
        var out: [NotificationAlert] = []
        out.reserveCapacity(alerts.count)
        for alert in alerts {
            var labels = alert.labels
            for label in externalLabels where !labels.has(label.name) {
                labels.set(label.name, label.value)
            }
            if let relabel {
                guard let rewritten = relabel(labels) else { continue }
                labels = rewritten
            }
            var copy = alert
            copy.labels = labels
            out.append(copy)
        }
        return out
    }
}
