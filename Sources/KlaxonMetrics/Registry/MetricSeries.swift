public import KlaxonModel

/// What every series handle (one label set of a family) offers the registry.
public protocol MetricSeries: AnyObject, Sendable {
    /// The series' labels, without `__name__`.
    var labels: Labels { get }
    /// The current value, read without a lock.
    func snapshot() -> SeriesSnapshot
}
