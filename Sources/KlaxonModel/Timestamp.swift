/// Milliseconds since the Unix epoch: the unit of time inside Klaxon, as in Prometheus.
public typealias Timestamp = Int64

extension Timestamp {
    /// The timestamp as fractional Unix seconds (how the HTTP API and `time()` present it).
    @inlinable public var unixSeconds: Double { Double(self) / 1000 }

    /// Converts fractional seconds to milliseconds, rounding to the nearest millisecond like Prometheus's API.
    /// Returns nil when the value is not finite or does not fit.
    @inlinable public init?(unixSeconds seconds: Double) {
        let ms = (seconds * 1000).rounded()
        guard ms.isFinite, ms >= Double(Int64.min), ms < Double(Int64.max) else { return nil }
        self = Int64(ms)
    }
}
