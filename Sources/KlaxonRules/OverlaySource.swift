public import KlaxonModel
public import KlaxonStorage

/// A `SeriesSource` that shows a group evaluation's pending samples on top of a base source, so a rule sees
/// the results of the rules before it in the same evaluation (see `RuleQuerier`). Where both have a
/// sample at the same timestamp, the base wins, as a TSDB keeps the first value written.
public struct OverlaySource<Base: SeriesSource>: SeriesSource {
    public var base: Base
    public var overlay: SampleOverlay

    public init(base: Base, overlay: SampleOverlay) {
        self.base = base
        self.overlay = overlay
    }

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        var merged: [Labels: [FPoint]] = [:]
        for series in try base.select(matchers, mint: mint, maxt: maxt) {
            merged[series.labels, default: []].append(contentsOf: series.points)
        }
        for (labels, points) in overlay.series where Self.matches(labels, matchers) {
            let inRange = points.filter { $0.t >= mint && $0.t <= maxt }
            guard !inRange.isEmpty else { continue }
            guard let existing = merged[labels] else {
                merged[labels] = inRange
                continue
            }
            let taken = Set(existing.map(\.t))
            merged[labels] = (existing + inRange.filter { !taken.contains($0.t) }).sorted { $0.t < $1.t }
        }
        return merged.map { SeriesSamples(labels: $0.key, points: $0.value) }
            .sorted { Labels.compare($0.labels, $1.labels) < 0 }
    }

    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        var names = Set(try base.labelNames(matching: matching, mint: mint, maxt: maxt))
        for labels in overlayLabels(matching: matching, mint: mint, maxt: maxt) {
            for label in labels { names.insert(label.name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws
        -> [String]
    {
        var values = Set(try base.labelValues(name, matching: matching, mint: mint, maxt: maxt))
        for labels in overlayLabels(matching: matching, mint: mint, maxt: maxt) where labels.has(name) {
            values.insert(labels[name])
        }
        return values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func overlayLabels(matching sets: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) -> [Labels] {
        overlay.series.compactMap { labels, points in
            guard points.contains(where: { $0.t >= mint && $0.t <= maxt }) else { return nil }
            guard sets.isEmpty || sets.contains(where: { Self.matches(labels, $0) }) else { return nil }
            return labels
        }
    }

    private static func matches(_ labels: Labels, _ matchers: [LabelMatcher]) -> Bool {
        matchers.allSatisfy { $0.matches(labels[$0.name]) }
    }
}
