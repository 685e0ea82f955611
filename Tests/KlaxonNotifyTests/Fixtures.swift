import Foundation
import KlaxonMetrics
import KlaxonModel
import Logging
@testable import KlaxonNotify

/// 2024-03-01T12:00:00Z in Unix milliseconds.
let march1: Timestamp = 1_709_294_400_000

func alert(
    _ name: String, _ extra: [String: String] = [:], annotations: [Label] = [], startsAt: Timestamp = march1,
    endsAt: Timestamp = march1 + 240_000, generatorURL: String = "http://prom:9090/graph?g0.expr=up&g0.tab=1"
) -> NotificationAlert {
    var labels = Labels(extra)
    labels.set("alertname", name)
    return NotificationAlert(
        labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt, generatorURL: generatorURL)
}

let silentLogger = Logger(label: "klaxon.notify.test") { _ in SwiftLogNoOpLogHandler() }

/// Reads back one endpoint's metrics.
struct MetricsProbe {
    let registry: MetricsRegistry
    let endpoint: String

    func counter(_ name: String) -> Double { registry.counter(name, labelNames: ["endpoint"]).labels(endpoint).value }
    func gauge(_ name: String) -> Double { registry.gauge(name, labelNames: ["endpoint"]).labels(endpoint).value }
    var sent: Double { counter(NotificationMetrics.Name.sent) }
    var failed: Double { counter(NotificationMetrics.Name.failed) }
    var dropped: Double { counter(NotificationMetrics.Name.dropped) }
    var queueLength: Double { gauge(NotificationMetrics.Name.queueLength) }
    var queueCapacity: Double { gauge(NotificationMetrics.Name.queueCapacity) }
    var latencyCount: UInt64 {
        registry.histogram(NotificationMetrics.Name.latency, labelNames: ["endpoint"]).labels(endpoint).value.count
    }
}

/// A dispatcher on a manual clock with a fixed jitter (the full ceiling unless told otherwise).
func makeDispatcher(
    _ configuration: NotifierConfiguration, transport: RecordingTransport, time: ManualTimeSource = ManualTimeSource(now: march1),
    registry: MetricsRegistry = MetricsRegistry(), jitter: @escaping JitterSource = { $0 }
) -> NotificationDispatcher {
    NotificationDispatcher(
        configuration: configuration, transport: transport, time: time, metrics: registry, logger: silentLogger,
        jitter: jitter)
}

/// The decoded JSON body of a request (an independent parser checks the payload is valid JSON).
func jsonBody(_ request: HTTPRequest) -> Any? {
    // A malformed body decodes to nil, which the calling test then reports.
    try? JSONSerialization.jsonObject(with: Data(request.body))
}

/// `alertname`s of an Alertmanager API v2 body, in order.
func alertNames(inAlertmanagerBody request: HTTPRequest) -> [String] {
    guard let array = jsonBody(request) as? [[String: Any]] else { return [] }
    return array.compactMap { ($0["labels"] as? [String: String])?["alertname"] }
}

/// `alertname`s of a webhook body, in order.
func alertNames(inWebhookBody request: HTTPRequest) -> [String] {
    guard let object = jsonBody(request) as? [String: Any], let alerts = object["alerts"] as? [[String: Any]] else {
        return []
    }
    return alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] }
}
