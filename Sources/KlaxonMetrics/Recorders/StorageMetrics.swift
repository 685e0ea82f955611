public import CoreMetrics

/// Records storage activity: `storage_operations_total{operation,backend}`,
/// `storage_operation_duration_seconds{operation}`, `storage_size_bytes`, `storage_errors_total{error_type}`.
public struct StorageMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog
    private let size: CoreMetrics.Gauge

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([
            Catalog.storageOperations, Catalog.storageOperationDuration, Catalog.storageSize, Catalog.storageErrors,
        ])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory) {
        let recording = SwiftMetricsRecording(factory: factory)
        self.recording = recording
        size = recording.gauge(Catalog.storageSize)
    }

    /// Counts one operation (`read`, `write`, `delete`, `list`, …) on `backend` and, when given, its duration.
    public func recordOperation(_ operation: String, backend: String, duration: Duration? = nil) {
        recording.counter(Catalog.storageOperations, operation, backend).increment()
        if let duration { recording.timer(Catalog.storageOperationDuration, operation).record(duration) }
    }

    /// Sets the size of the stored data.
    public func setSize(bytes: Int64) { size.record(bytes) }

    /// Counts one storage error of the given type.
    public func recordError(type errorType: String) {
        recording.counter(Catalog.storageErrors, errorType).increment()
    }
}
