public import KlaxonModel
public import KlaxonStorage

/// What the runner needs from a store: PromQL's read side plus appending floats and starting over.
public protocol ConformanceStore: SeriesSource {
    /// Appends one float sample (a staleness marker is `StaleMarker.value`). Samples of a series arrive in
    /// increasing time order.
    mutating func append(_ labels: Labels, t: Timestamp, v: Double) throws
    /// Drops every series (`clear`).
    mutating func reset()
}

/// A minimal in-memory store for test scripts: sorted float samples per label set.
///
/// Klaxon's real head (KlaxonStorage) can stand in through `ConformanceStore`; this one keeps the runner
/// usable on its own and independent of the storage under test.
public struct ScriptStore: ConformanceStore {
    private var series: [Labels: [FPoint]] = [:]

    public init() {}

    /// Errors appending a sample.
    public struct AppendError: Error, Sendable, CustomStringConvertible {
        public var labels: Labels
        public var t: Timestamp
        public var description: String { "out of order sample for \(labels) at \(t)" }
    }

    public mutating func append(_ labels: Labels, t: Timestamp, v: Double) throws {
        var points = series[labels, default: []]
        if let last = points.last, t <= last.t { throw AppendError(labels: labels, t: t) }
        points.append(FPoint(t: t, v: v))
        series[labels] = points
    }

    public mutating func reset() { series = [:] }

    /// Every series that matches all `matchers`, whatever its samples.
    func matchingLabels(_ matchers: [LabelMatcher]) -> [Labels] {
        series.keys.filter { labels in matchers.allSatisfy { $0.matches(labels[$0.name]) } }
    }

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        var out: [SeriesSamples] = []
        for (labels, points) in series where matchers.allSatisfy({ $0.matches(labels[$0.name]) }) {
            let lower = points.partitioningIndex { $0.t >= mint }
            let upper = points.partitioningIndex { $0.t > maxt }
            guard lower < upper else { continue }
            out.append(SeriesSamples(labels: labels, points: Array(points[lower..<upper])))
        }
        out.sort { Labels.compare($0.labels, $1.labels) < 0 }
        return out
    }

    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        var names = Set<String>()
        for labels in try selectedLabels(matching, mint: mint, maxt: maxt) {
            for label in labels { names.insert(label.name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        var values = Set<String>()
        for labels in try selectedLabels(matching, mint: mint, maxt: maxt) where labels.has(name) {
            values.insert(labels[name])
        }
        return values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func selectedLabels(_ sets: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [Labels] {
        if sets.isEmpty { return try select([], mint: mint, maxt: maxt).map(\.labels) }
        var seen = Set<Labels>()
        for set in sets {
            for s in try select(set, mint: mint, maxt: maxt) { seen.insert(s.labels) }
        }
        return Array(seen)
    }
}

extension Array {
    /// The first index whose element satisfies `belongsToSecondPart` (which must be monotonic), or `count`.
    func partitioningIndex(where belongsToSecondPart: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsToSecondPart(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
