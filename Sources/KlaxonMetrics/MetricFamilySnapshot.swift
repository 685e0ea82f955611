public import KlaxonModel

/// A point-in-time copy of one metric family: what one `# HELP`/`# TYPE` block of a scrape shows.
public struct MetricFamilySnapshot: Sendable, Equatable {
    /// The family name as exposed in the Prometheus text format (counters keep their `_total`).
    public var name: String
    public var help: String
    public var type: MetricType
    /// The OpenMetrics unit (`seconds`, `bytes`), or "" for none.
    public var unit: String
    /// The series, sorted by labels.
    public var series: [SeriesSnapshot]

    public init(name: String, help: String, type: MetricType, unit: String = "", series: [SeriesSnapshot]) {
        self.name = name
        self.help = help
        self.type = type
        self.unit = unit
        self.series = series
    }
}

/// One series of a family at snapshot time.
public struct SeriesSnapshot: Sendable, Equatable {
    /// The labels, without `__name__`.
    public var labels: Labels
    public var value: SeriesValue
    /// When the series was created or last reset (Unix milliseconds); OpenMetrics `_created` when asked for.
    public var created: Timestamp?

    public init(labels: Labels, value: SeriesValue, created: Timestamp? = nil) {
        self.labels = labels
        self.value = value
        self.created = created
    }
}

/// The value of one series.
public enum SeriesValue: Sendable, Equatable {
    case counter(Double)
    case gauge(Double)
    case histogram(HistogramValue)
}

/// A classic (bucketed) histogram's state.
public struct HistogramValue: Sendable, Equatable {
    /// Cumulative counts per upper bound, ascending, always ending with the `+Inf` bucket.
    public var buckets: [HistogramBucket]
    /// Number of observations; equal to the `+Inf` bucket's count.
    public var count: UInt64
    /// Sum of all observations.
    public var sum: Double

    public init(buckets: [HistogramBucket], count: UInt64, sum: Double) {
        self.buckets = buckets
        self.count = count
        self.sum = sum
    }

    public static func == (a: HistogramValue, b: HistogramValue) -> Bool {
        a.buckets == b.buckets && a.count == b.count && a.sum.bitPattern == b.sum.bitPattern
    }
}

/// One cumulative bucket: how many observations were <= `upperBound`.
public struct HistogramBucket: Sendable, Hashable {
    public var upperBound: Double
    public var cumulativeCount: UInt64

    public init(upperBound: Double, cumulativeCount: UInt64) {
        self.upperBound = upperBound
        self.cumulativeCount = cumulativeCount
    }
}
