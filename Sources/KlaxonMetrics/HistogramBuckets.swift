/// Helpers for histogram bucket upper bounds. Bounds are in the metric's base unit (seconds for durations).
public enum HistogramBuckets {
    /// Prometheus's default buckets (client_golang `DefBuckets`), meant for request durations in seconds.
    public static let prometheusDefault: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// `count` buckets starting at `start`, each `width` wider than the previous.
    public static func linear(start: Double, width: Double, count: Int) -> [Double] {
        guard count > 0 else { return [] }
        return (0..<count).map { start + Double($0) * width }
    }

    /// `count` buckets starting at `start`, each `factor` times the previous (`start` > 0, `factor` > 1).
    public static func exponential(start: Double, factor: Double, count: Int) -> [Double] {
        guard count > 0, start > 0, factor > 1 else { return [] }
        var bounds: [Double] = []
        var bound = start
        for _ in 0..<count {
            bounds.append(bound)
            bound *= factor
        }
        return bounds
    }

    /// Sorted, de-duplicated finite bounds: NaN and `+Inf` are dropped (the `+Inf` bucket is always implicit).
    public static func normalized(_ bounds: [Double]) -> [Double] {
        var out: [Double] = []
        for bound in bounds.filter({ !$0.isNaN && $0 != .infinity }).sorted() where out.last != bound {
            out.append(bound)
        }
        return out
    }
}
