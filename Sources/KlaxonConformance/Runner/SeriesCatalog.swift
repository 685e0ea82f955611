public import KlaxonModel
import KlaxonPromQL

/// What the loads since the last `clear` put in the store, beyond float samples: which series hold
/// native-histogram samples (literals, or `load_with_nhcb` conversions) and which carry start timestamps.
/// The runner uses it to decide, per eval, whether the eval needs features Klaxon does not evaluate.
public struct SeriesCatalog: Sendable {
    /// Why a series is special.
    public struct Traits: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Has `{{…}}` samples.
        public static let histogramLiteral = Traits(rawValue: 1)
        /// A native histogram with custom buckets made by `load_with_nhcb`.
        public static let nhcb = Traits(rawValue: 2)
        /// Has `@st` start timestamps.
        public static let startTimestamps = Traits(rawValue: 4)
    }

    public private(set) var traits: [Labels: Traits] = [:]

    public init() {}

    public mutating func reset() { traits = [:] }

    /// Records the special series of a load block.
    public mutating func record(_ load: LoadCommand) {
        for series in load.series {
            if series.hasHistograms { traits[series.labels, default: []].insert(.histogramLiteral) }
            if let st = series.startTimestampOffsets, st.contains(where: { $0 != nil }) {
                traits[series.labels, default: []].insert(.startTimestamps)
            }
        }
        guard load.withNHCB else { return }
        for series in load.series {
            guard let base = Self.nhcbBase(of: series.labels),
                series.values.contains(where: \.isFloat)
            else { continue }
            traits[base, default: []].insert(.nhcb)
        }
    }

    /// The special series matching all `matchers`, with their traits.
    public func matching(_ matchers: [LabelMatcher]) -> [(labels: Labels, traits: Traits)] {
        traits.compactMap { labels, traits in
            matchers.allSatisfy({ $0.matches(labels[$0.name]) }) ? (labels, traits) : nil
        }
    }

    /// The native histogram a classic `X_bucket{le=…}`, `X_count` or `X_sum` series feeds under
    /// `load_with_nhcb`: `X` with the other labels, `le` dropped. Nil for other series and for unparsable `le`.
    static func nhcbBase(of labels: Labels) -> Labels? {
        let name = labels.metricName
        for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) {
            if suffix == "_bucket" {
                guard labels.has(WellKnown.bucketLabel), let le = GoNumber.parseFloat(labels[WellKnown.bucketLabel]),
                    !le.isNaN
                else { return nil }
            }
            var base = labels.removing([WellKnown.bucketLabel])
            base.set(WellKnown.metricName, String(name.dropLast(suffix.count)))
            return base
        }
        return nil
    }
}

extension SeriesValue {
    /// True for a float sample (not `_`, `stale` or a histogram).
    var isFloat: Bool {
        if case .value = self { return true }
        return false
    }
}
