/// The static description of a metric family: everything but its series.
public struct MetricDescriptor: Sendable, Hashable {
    /// The family name as exposed in the Prometheus text format.
    public var name: String
    public var help: String
    public var type: MetricType
    /// The OpenMetrics unit ("" for none); exported only when `name` ends with `_<unit>` (after `_total`
    /// is removed from a counter), as OpenMetrics requires.
    public var unit: String
    public var labelNames: [String]
    /// Histogram bucket upper bounds; nil means the Prometheus default buckets.
    public var buckets: [Double]?

    public init(
        name: String,
        help: String,
        type: MetricType,
        unit: String = "",
        labelNames: [String] = [],
        buckets: [Double]? = nil
    ) {
        self.name = name
        self.help = help
        self.type = type
        self.unit = unit
        self.labelNames = labelNames
        self.buckets = buckets
    }
}
