public import KlaxonModel
public import KlaxonStorage

/// An in-memory `SeriesSource` over fixed arrays of samples, for engine tests and benchmarks.
/// Series are kept sorted by labels; `select` returns the points inside the requested range without copying
/// when a series lies entirely inside it.
public struct ArraySeriesSource: SeriesSource {
    public private(set) var series: [SeriesSamples]

    public init(_ series: [SeriesSamples] = []) {
        self.series = series.sorted { Labels.compare($0.labels, $1.labels) < 0 }
    }

    /// Series sampled every `interval` ms from time 0: a nil value leaves a gap.
    public init(interval: Int64, _ rows: [(Labels, [Double?])]) {
        var out: [SeriesSamples] = []
        for (labels, values) in rows {
            var points: [FPoint] = []
            for (i, v) in values.enumerated() {
                if let v { points.append(FPoint(t: Int64(i) * interval, v: v)) }
            }
            out.append(SeriesSamples(labels: labels, points: points))
        }
        self.init(out)
    }

    /// Adds a series (replacing one with the same labels).
    public mutating func add(_ labels: Labels, _ points: [FPoint]) {
        series.removeAll { $0.labels == labels }
        series.append(SeriesSamples(labels: labels, points: points))
        series.sort { Labels.compare($0.labels, $1.labels) < 0 }
    }

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        var out: [SeriesSamples] = []
        for s in series where matchers.allSatisfy({ $0.matches(s.labels[$0.name]) }) {
            let points = s.points
            guard let first = points.first, let last = points.last else { continue }
            if first.t >= mint && last.t <= maxt {
                out.append(s)
                continue
            }
            let lower = Self.firstIndex(points) { $0.t >= mint }
            let upper = Self.firstIndex(points) { $0.t > maxt }
            if lower < upper { out.append(SeriesSamples(labels: s.labels, points: Array(points[lower..<upper]))) }
        }
        return out
    }

    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        var names = Set<String>()
        for s in try matchingSeries(matching, mint: mint, maxt: maxt) {
            for l in s.labels { names.insert(l.name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        var values = Set<String>()
        for s in try matchingSeries(matching, mint: mint, maxt: maxt) where s.labels.has(name) {
            values.insert(s.labels[name])
        }
        return values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func matchingSeries(_ sets: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        if sets.isEmpty { return try select([], mint: mint, maxt: maxt) }
        var seen = Set<Labels>()
        var out: [SeriesSamples] = []
        for set in sets {
            for s in try select(set, mint: mint, maxt: maxt) where seen.insert(s.labels).inserted { out.append(s) }
        }
        return out
    }

    private static func firstIndex(_ points: [FPoint], where predicate: (FPoint) -> Bool) -> Int {
        var lo = 0
        var hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(points[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
