public import KlaxonModel
import Synchronization

/// A counter family: one name, many label sets.
public typealias CounterFamily = MetricFamily<CounterSeries>
/// A gauge family: one name, many label sets.
public typealias GaugeFamily = MetricFamily<GaugeSeries>
/// A histogram family: one name, one bucket layout, many label sets.
public typealias HistogramFamily = MetricFamily<HistogramSeries>

/// One metric family (a name, its help text, type, unit and label names) and the series created in it.
///
/// Series handles are created on first use of a label set and cached: asking again for the same labels
/// returns the same handle, so callers that keep the handle update it without any lookup or lock. The
/// lookup itself takes this family's lock briefly; increments never do.
public final class MetricFamily<Series: MetricSeries>: Sendable {
    /// The sanitised family name (`config_operations_total`).
    public let name: String
    public let type: MetricType
    /// Label names for the positional `labels(_:)` accessor, sanitised.
    public let labelNames: [String]
    /// Finite bucket upper bounds (histograms only; empty otherwise).
    public let buckets: [Double]
    /// False for a family that lost a name clash with a family of another type: it records, but is not exported.
    public let isRegistered: Bool

    private struct Metadata {
        var help: String
        var unit: String
    }
    private let metadata: Mutex<Metadata>
    private let seriesByLabels = Mutex<[Labels: Series]>([:])
    private let makeSeries: @Sendable (Labels) -> Series

    init(
        name: String,
        type: MetricType,
        help: String,
        unit: String,
        labelNames: [String],
        buckets: [Double],
        isRegistered: Bool,
        makeSeries: @escaping @Sendable (Labels) -> Series
    ) {
        self.name = name
        self.type = type
        self.labelNames = labelNames
        self.buckets = buckets
        self.isRegistered = isRegistered
        self.metadata = Mutex(Metadata(help: help, unit: unit))
        self.makeSeries = makeSeries
    }

    /// The `# HELP` text ("" when none was given).
    public var help: String { metadata.withLock { $0.help } }

    /// The OpenMetrics unit ("" when none).
    public var unit: String { metadata.withLock { $0.unit } }

    /// Fills in help and unit when they are still empty (a family first created through swift-metrics has none).
    func describeIfNeeded(help: String, unit: String) {
        guard !help.isEmpty || !unit.isEmpty else { return }
        metadata.withLock { data in
            if data.help.isEmpty { data.help = help }
            if data.unit.isEmpty { data.unit = unit }
        }
    }

    /// The series for label values given in `labelNames` order. Passing the wrong number of values is a
    /// programming error.
    public func labels(_ values: String...) -> Series { labels(values) }

    /// The series for label values given in `labelNames` order.
    public func labels(_ values: [String]) -> Series {
        precondition(
            values.count == labelNames.count,
            "metric \"\(name)\" has labels \(labelNames), got \(values.count) values"
        )
        var pairs: [Label] = []
        pairs.reserveCapacity(values.count)
        for (name, value) in zip(labelNames, values) { pairs.append(Label(name, value)) }
        return series(Labels(pairs))
    }

    /// The series for a complete label set (names need not match `labelNames`; swift-metrics dimensions
    /// arrive this way). Empty values are absent labels, as everywhere in Prometheus.
    public func series(_ labels: Labels) -> Series {
        seriesByLabels.withLock { table in
            if let existing = table[labels] { return existing }
            let created = makeSeries(labels)
            table[labels] = created
            return created
        }
    }

    /// Removes the series with these labels; a handle still held keeps working but is no longer exported.
    public func remove(_ labels: Labels) {
        _ = seriesByLabels.withLock { $0.removeValue(forKey: labels) }
    }

    /// Removes `series` if it is the one registered under its labels.
    func remove(_ series: Series) {
        seriesByLabels.withLock { table in
            if table[series.labels] === series { table.removeValue(forKey: series.labels) }
        }
    }

    /// Removes every series.
    public func removeAll() {
        seriesByLabels.withLock { $0.removeAll() }
    }

    /// The family's current state, series sorted by labels.
    public func snapshot() -> MetricFamilySnapshot {
        let handles = seriesByLabels.withLock { Array($0.values) }
        let data = metadata.withLock { $0 }
        var series = handles.map { $0.snapshot() }
        series.sort { $0.labels < $1.labels }
        return MetricFamilySnapshot(name: name, help: data.help, type: type, unit: data.unit, series: series)
    }
}
