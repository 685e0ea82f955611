public import KlaxonModel

/// Samples written during one group evaluation, in order, grouped by series. It plays the role of
/// Prometheus's appender: it rejects a second, different value for the same series and timestamp
/// (`duplicate sample for timestamp`) and an older timestamp (`out of order sample`), so that what the
/// caller finally appends is exactly what a TSDB would have accepted from this evaluation.
public struct SampleOverlay: Sendable, Equatable {
    /// Accepted samples in append order.
    public private(set) var samples: [Sample] = []
    /// Points of each series, in time order.
    public private(set) var series: [Labels: [FPoint]] = [:]

    public init() {}

    public var isEmpty: Bool { samples.isEmpty }

    /// Why a sample was not accepted; Prometheus's storage error text.
    public enum AppendError: Error, Sendable, Equatable, CustomStringConvertible {
        case duplicateSampleForTimestamp
        case outOfOrderSample

        public var description: String {
            switch self {
            case .duplicateSampleForTimestamp: "duplicate sample for timestamp"
            case .outOfOrderSample: "out of order sample"
            }
        }
    }

    /// Appends one sample. Re-appending the very same value at the same timestamp is accepted and ignored.
    public mutating func append(_ sample: Sample) throws(AppendError) {
        let point = FPoint(t: sample.t, v: sample.v)
        if let last = series[sample.labels]?.last {
            if last.t == point.t {
                if last.v.bitPattern == point.v.bitPattern { return }
                throw .duplicateSampleForTimestamp
            }
            if point.t < last.t { throw .outOfOrderSample }
        }
        series[sample.labels, default: []].append(point)
        samples.append(sample)
    }
}
