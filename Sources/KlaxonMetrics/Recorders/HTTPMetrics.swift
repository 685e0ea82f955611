public import CoreMetrics

/// Records the HTTP API: `http_requests_total{method,path,status}`, `http_request_duration_seconds{method,path}`.
///
/// `path` should be the route template (`/api/v1/configs/{id}`), not the raw URL: every distinct value is a
/// series of its own.
public struct HTTPMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([Catalog.httpRequests, Catalog.httpRequestDuration])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory) {
        recording = SwiftMetricsRecording(factory: factory)
    }

    /// Counts one request with its response status and, when given, its duration.
    public func recordRequest(method: String, path: String, status: Int, duration: Duration? = nil) {
        recording.counter(Catalog.httpRequests, method, path, String(status)).increment()
        if let duration { recording.timer(Catalog.httpRequestDuration, method, path).record(duration) }
    }
}
