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

    /// The series, plus two lookup shortcuts so the common paths skip building (sorting, validating) a
    /// `Labels` value: positional label values, and swift-metrics dimensions exactly as given.
    private struct Table {
        var byLabels: [Labels: Series] = [:]
        var byValues: [[String]: Series] = [:]
        var byDimensions: [DimensionsKey: Series] = [:]

        mutating func getOrCreate(_ labels: Labels, _ make: (Labels) -> Series) -> Series {
            if let existing = byLabels[labels] { return existing }
            let created = make(labels)
            byLabels[labels] = created
            return created
        }

        mutating func remove(where shouldRemove: (Series) -> Bool) {
            byLabels = byLabels.filter { !shouldRemove($0.value) }
            byValues = byValues.filter { !shouldRemove($0.value) }
            byDimensions = byDimensions.filter { !shouldRemove($0.value) }
        }
    }
    private let table = Mutex(Table())
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
        let names = labelNames
        let make = makeSeries
        return table.withLock { table in
            if let existing = table.byValues[values] { return existing }
            var pairs: [Label] = []
            pairs.reserveCapacity(values.count)
            for (name, value) in zip(names, values) { pairs.append(Label(name, value)) }
            let series = table.getOrCreate(Labels(pairs), make)
            table.byValues[values] = series
            return series
        }
    }

    /// The series for a complete label set (names need not match `labelNames`). Empty values are absent
    /// labels, as everywhere in Prometheus.
    public func series(_ labels: Labels) -> Series {
        let make = makeSeries
        return table.withLock { $0.getOrCreate(labels, make) }
    }

    /// The series for swift-metrics dimensions (names sanitised on first use of this exact list).
    func series(dimensions: [(String, String)], reservingBucketLabel: Bool) -> Series {
        let key = DimensionsKey(pairs: dimensions)
        let make = makeSeries
        return table.withLock { table in
            if let existing = table.byDimensions[key] { return existing }
            let labels = Labels(
                dimensions.map { Label(MetricName.sanitizeLabel($0.0, reservingBucketLabel: reservingBucketLabel), $0.1) })
            let series = table.getOrCreate(labels, make)
            table.byDimensions[key] = series
            return series
        }
    }

    /// Removes the series with these labels; a handle still held keeps working but is no longer exported.
    public func remove(_ labels: Labels) {
        table.withLock { table in
            guard let removed = table.byLabels[labels] else { return }
            table.remove { $0 === removed }
        }
    }

    /// Removes `series` if it is the one registered under its labels.
    func remove(_ series: Series) {
        table.withLock { table in
            guard table.byLabels[series.labels] === series else { return }
            table.remove { $0 === series }
        }
    }

    /// Removes every series.
    public func removeAll() {
        table.withLock { $0 = Table() }
    }

    /// The family's current state, series sorted by labels.
    public func snapshot() -> MetricFamilySnapshot {
        let handles = table.withLock { Array($0.byLabels.values) }
        let data = metadata.withLock { $0 }
        var series = handles.map { $0.snapshot() }
        series.sort { $0.labels < $1.labels }
        return MetricFamilySnapshot(name: name, help: data.help, type: type, unit: data.unit, series: series)
    }
}

/// swift-metrics dimensions as given (order matters), hashable without copying them into another array.
struct DimensionsKey: Hashable, @unchecked Sendable {
    // SAFETY: an immutable array of immutable strings; tuples are only not declared Sendable.
    let pairs: [(String, String)]

    static func == (a: DimensionsKey, b: DimensionsKey) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(pairs.count)
        for (name, value) in pairs {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}
