/// One float point of a series: a timestamp and a value.
public struct FPoint: Hashable, Sendable {
    public var t: Timestamp
    public var v: Double

    @inlinable public init(t: Timestamp, v: Double) {
        self.t = t
        self.v = v
    }

    public static func == (a: FPoint, b: FPoint) -> Bool {
        a.t == b.t && a.v.bitPattern == b.v.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(t)
        hasher.combine(v.bitPattern)
    }
}

/// A labelled float value at one instant: an element of an instant vector, or one appended sample.
public struct Sample: Hashable, Sendable {
    public var labels: Labels
    public var t: Timestamp
    public var v: Double

    @inlinable public init(labels: Labels, t: Timestamp, v: Double) {
        self.labels = labels
        self.t = t
        self.v = v
    }

    public static func == (a: Sample, b: Sample) -> Bool {
        a.labels == b.labels && a.t == b.t && a.v.bitPattern == b.v.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(t)
        hasher.combine(v.bitPattern)
    }
}

/// Prometheus's staleness marker: a NaN with a reserved bit pattern, distinct from ordinary NaN.
public enum StaleMarker {
    /// The bit pattern Prometheus writes for a stale sample (`value.StaleNaN`).
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    /// The stale marker as a `Double`.
    public static let value = Double(bitPattern: bitPattern)

    /// True when `v` is exactly the staleness marker (not any other NaN).
    @inlinable public static func isStale(_ v: Double) -> Bool {
        v.bitPattern == 0x7ff0_0000_0000_0002
    }
}
