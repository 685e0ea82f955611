public import CoreMetrics

/// Records configuration activity: `config_operations_total{operation,environment}`,
/// `config_operation_duration_seconds{operation}`, `config_active_total{environment}`,
/// `config_errors_total{error_type}`.
///
/// A thin layer over swift-metrics: with `init(registry:)` the families are declared on a Klaxon registry
/// (help, unit, buckets) and recorded through its factory; with `init(factory:)` any swift-metrics backend works.
public struct ConfigurationMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([Catalog.configOperations, Catalog.configOperationDuration, Catalog.configActive, Catalog.configErrors])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory) {
        recording = SwiftMetricsRecording(factory: factory)
    }

    /// Counts one operation (`create`, `read`, `update`, `delete`, `validate`, …) and, when given, its duration.
    public func recordOperation(_ operation: String, environment: String, duration: Duration? = nil) {
        recording.counter(Catalog.configOperations, operation, environment).increment()
        if let duration { recording.timer(Catalog.configOperationDuration, operation).record(duration) }
    }

    /// Sets the number of active configurations in `environment`.
    public func setActiveConfigurations(_ count: Int, environment: String) {
        recording.gauge(Catalog.configActive, environment).record(count)
    }

    /// Counts one error of the given type (`validation`, `conflict`, `not_found`, …).
    public func recordError(type errorType: String) {
        recording.counter(Catalog.configErrors, errorType).increment()
    }
}
