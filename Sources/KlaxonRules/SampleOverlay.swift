public import KlaxonModel
public import KlaxonStorage

/// Samples written during one group evaluation, in order, grouped by series. It plays the role of
/// Prometheus's appender within the evaluation: it rejects a second, different value for the same series
/// and timestamp and an older timestamp, with the store's errors, so that later rules see what the store
/// would have kept. (Conflicts with samples already in storage surface when the result is committed.)
public struct SampleOverlay: Sendable, Equatable {
    /// Accepted samples in append order.
    public private(set) var samples: [Sample] = []
    /// Points of each series, in time order.
    public private(set) var series: [Labels: [FPoint]] = [:]

    public init() {}

    public var isEmpty: Bool { samples.isEmpty }

    /// Appends one sample. Re-appending the very same value at the same timestamp is accepted and ignored.
    public mutating func append(_ sample: Sample) throws(AppendError) {
        let point = FPoint(t: sample.t, v: sample.v)
        if let last = series[sample.labels]?.last {
            if last.t == point.t {
                if last.v.bitPattern == point.v.bitPattern { return }
                throw .duplicateSampleForTimestamp(timestamp: point.t, existing: last.v, new: point.v)
            }
            if point.t < last.t { throw .outOfOrderSample }
        }
        series[sample.labels, default: []].append(point)
        samples.append(sample)
    }
}
