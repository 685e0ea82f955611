/// The kind of a metric family, as in Prometheus's `# TYPE` line.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case counter
    case gauge
    case histogram
}
