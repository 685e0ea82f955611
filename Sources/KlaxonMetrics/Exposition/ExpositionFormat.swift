/// A text exposition format Klaxon can serve on `/metrics`.
public enum ExpositionFormat: String, Sendable, Hashable, CaseIterable {
    /// The Prometheus text format, version 0.0.4.
    case prometheusText
    /// OpenMetrics 1.0.0 text (`# EOF`, counters' `# TYPE` without `_total`, `# UNIT`).
    case openMetrics1
    /// OpenMetrics 0.0.1: the same text as 1.0.0, announced with the older version (older Prometheus servers ask for it).
    case openMetrics0

    /// The `Content-Type` header value for a response in this format.
    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics1: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        case .openMetrics0: "application/openmetrics-text; version=0.0.1; charset=utf-8"
        }
    }

    /// True for the OpenMetrics variants.
    public var isOpenMetrics: Bool { self != .prometheusText }
}
