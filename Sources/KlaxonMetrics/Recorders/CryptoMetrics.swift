public import CoreMetrics

/// Records cryptography: `crypto_operations_total{operation,algorithm}`,
/// `crypto_operation_duration_seconds{operation}`, `crypto_key_rotations_total`, `crypto_encryption_errors_total`.
public struct CryptoMetrics: Sendable {
    private let recording: SwiftMetricsRecording
    private typealias Catalog = PlatformMetricCatalog
    private let keyRotations: CoreMetrics.Counter
    private let encryptionErrors: CoreMetrics.Counter

    /// Records into `registry`, declaring the families first.
    public init(registry: MetricsRegistry) {
        registry.declare([
            Catalog.cryptoOperations, Catalog.cryptoOperationDuration, Catalog.cryptoKeyRotations,
            Catalog.cryptoEncryptionErrors,
        ])
        self.init(factory: registry.factory)
    }

    /// Records through any swift-metrics backend.
    public init(factory: any MetricsFactory) {
        let recording = SwiftMetricsRecording(factory: factory)
        self.recording = recording
        keyRotations = recording.counter(Catalog.cryptoKeyRotations)
        encryptionErrors = recording.counter(Catalog.cryptoEncryptionErrors)
    }

    /// Counts one operation (`encrypt`, `decrypt`, `sign`, `verify`, …) with `algorithm` and, when given, its duration.
    public func recordOperation(_ operation: String, algorithm: String, duration: Duration? = nil) {
        recording.counter(Catalog.cryptoOperations, operation, algorithm).increment()
        if let duration { recording.timer(Catalog.cryptoOperationDuration, operation).record(duration) }
    }

    /// Counts one key rotation.
    public func recordKeyRotation() { keyRotations.increment() }

    /// Counts one failed encryption or decryption.
    public func recordEncryptionError() { encryptionErrors.increment() }
}
