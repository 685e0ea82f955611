public import KlaxonModel

/// The text exposition formats Klaxon scrapes.
public enum ScrapeFormat: String, Sendable, Hashable, CaseIterable {
    /// Prometheus text format 0.0.4 (and 1.0.0, which adds quoted UTF-8 names): `text/plain`.
    case prometheusText = "text/plain"
    /// OpenMetrics 1.0 text: `application/openmetrics-text`; must end with `# EOF`.
    case openMetrics = "application/openmetrics-text"

    /// The media type this format is served with.
    public var mediaType: String { rawValue }
}

/// The kind of a metric family as a `# TYPE` line declares it (Prometheus's `model.MetricType`).
public enum ScrapedMetricType: String, Sendable, Hashable, CaseIterable {
    case counter
    case gauge
    case histogram
    case gaugeHistogram = "gaugehistogram"
    case summary
    case info
    case stateset
    case unknown

    /// Families whose OpenMetrics `_created` series carry start timestamps rather than values.
    var hasStartTimestamp: Bool {
        switch self {
        case .counter, .summary, .histogram: true
        default: false
        }
    }
}

/// One entry of an exposition, as `ExpositionParser.next()` returns them.
public enum ExpositionEntry: Sendable, Equatable {
    /// `# HELP name text`, with escapes resolved.
    case help(metricFamily: String, text: String)
    /// `# TYPE name type`.
    case type(metricFamily: String, type: ScrapedMetricType)
    /// `# UNIT name unit` (OpenMetrics only).
    case unit(metricFamily: String, unit: String)
    /// Any other comment line (text format only).
    case comment
    /// A sample line; its labels come from `ExpositionParser.labels()`.
    case sample(SampleLine)
}

/// Where a sample line's series text is, and its value and optional timestamp.
public struct SampleLine: Sendable, Equatable {
    /// Byte range of the series text (metric name and label block) in the parser's input; the same text always
    /// names the same series, which is what the scrape cache keys on.
    public var series: Range<Int>
    /// The value; every NaN is Prometheus's canonical NaN.
    public var value: Double
    /// The explicit timestamp in milliseconds, when the line has one.
    public var timestamp: Int64?

    public init(series: Range<Int>, value: Double, timestamp: Int64?) {
        self.series = series
        self.value = value
        self.timestamp = timestamp
    }

    public static func == (a: SampleLine, b: SampleLine) -> Bool {
        a.series == b.series && a.value.bitPattern == b.value.bitPattern && a.timestamp == b.timestamp
    }
}

/// A parsed sample with its labels built (the convenient, allocating form; see `ExpositionParser.parseAll`).
public struct ParsedSample: Sendable, Equatable, CustomStringConvertible {
    public var labels: Labels
    public var value: Double
    public var timestamp: Int64?

    public init(labels: Labels, value: Double, timestamp: Int64? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    public static func == (a: ParsedSample, b: ParsedSample) -> Bool {
        a.labels == b.labels && a.value.bitPattern == b.value.bitPattern && a.timestamp == b.timestamp
    }

    public var description: String {
        "\(labels) \(GoFloat.formatG(value))" + (timestamp.map { " \($0)" } ?? "")
    }
}
