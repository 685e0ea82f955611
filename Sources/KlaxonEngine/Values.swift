import KlaxonModel

/// One series of an intermediate result: labels, points in time order, and whether `__name__` (with
/// `__type__`/`__unit__`) must be removed when the query finishes (3.x delayed name removal).
struct Series {
    var labels: Labels
    var points: [FPoint]
    var dropName: Bool

    init(labels: Labels, points: [FPoint] = [], dropName: Bool = false) {
        self.labels = labels
        self.points = points
        self.dropName = dropName
    }
}

/// Every intermediate value is a matrix over the evaluator's steps (scalars are one series with no labels),
/// except string literals. This mirrors Prometheus's evaluator, which makes instant and range queries share
/// one code path.
typealias Matrix = [Series]

enum Value {
    case matrix(Matrix)
    case string(String)
}

extension Array where Element == Series {
    var totalPoints: Int {
        var n = 0
        for s in self { n += s.points.count }
        return n
    }
}

/// One element of an instant vector inside a step loop: the index of the series it came from and its value.
struct StepSample {
    var series: Int
    var v: Double
}

/// Labels that go together with `__name__` when a name is dropped (Prometheus's `schema.IsMetadataLabel`).
enum MetadataLabels {
    static func isMetadata(_ name: String) -> Bool {
        name == WellKnown.metricName || name == WellKnown.typeLabel || name == WellKnown.unitLabel
    }

    /// `labels` without `__name__`, `__type__` and `__unit__`.
    static func drop(_ labels: Labels) -> Labels {
        var hasAny = false
        for l in labels where isMetadata(l.name) {
            hasAny = true
            break
        }
        guard hasAny else { return labels }
        return Labels(sortedUnchecked: labels.filter { !isMetadata($0.name) })
    }
}
