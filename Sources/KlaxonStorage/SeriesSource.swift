public import KlaxonModel

/// The samples of one series inside a requested time range, decoded and in time order.
public struct SeriesSamples: Sendable, Equatable {
    public var labels: Labels
    public var points: [FPoint]
    public init(labels: Labels, points: [FPoint]) {
        self.labels = labels
        self.points = points
    }
}

/// Where the PromQL engine reads series from (Prometheus's `storage.Querier`): the in-memory store, a remote
/// Prometheus-compatible API, or a fixture loader.
public protocol SeriesSource: Sendable {
    /// The series matching all `matchers`, each with its samples whose timestamps lie in `mint...maxt`
    /// (both ends inclusive; the engine applies left-open windows itself). Staleness markers are included
    /// as samples whose value is `StaleMarker.value`. Series with no sample in the range may be omitted.
    /// The result is sorted by labels (`Labels.compare`).
    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples]

    /// Sorted label names of the series matching any of the matcher sets (all series when empty).
    func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String]

    /// Sorted values of label `name` over the series matching any of the matcher sets (all series when empty).
    func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String]
}
