import KlaxonModel

/// A differential-testing fixture: a data set, PromQL queries over it, and (once recorded) the answers a
/// reference Prometheus gave. Stored as JSON in `Tests/Fixtures/differential/*.json`.
public struct DifferentialFixture: Codable, Sendable, Equatable {
    /// Format version of this JSON.
    public var format = 1
    /// The generator seed that produced the data and the queries.
    public var seed: UInt64
    /// What answered the queries, e.g. `prometheus 2.42.0+ds`; nil in an unrecorded plan.
    public var reference: String?
    public var series: [FixtureSeries]
    public var cases: [DifferentialCase]

    public init(seed: UInt64, reference: String? = nil, series: [FixtureSeries], cases: [DifferentialCase]) {
        self.seed = seed
        self.reference = reference
        self.series = series
        self.cases = cases
    }
}

/// One series of a fixture: position k holds the sample at `start + k × interval` (nil: no sample).
public struct FixtureSeries: Codable, Sendable, Equatable {
    public var labels: [String: String]
    /// Milliseconds since the epoch.
    public var start: Int64
    /// Milliseconds.
    public var interval: Int64
    public var values: [Double?]

    public init(labels: [String: String], start: Int64, interval: Int64, values: [Double?]) {
        self.labels = labels
        self.start = start
        self.interval = interval
        self.values = values
    }

    /// The samples as (timestamp, value) pairs.
    public var samples: [(t: Int64, v: Double)] {
        values.enumerated().compactMap { k, v in
            guard let v, let t = Timestamp.position(k, from: start, every: interval) else { return nil }
            return (t, v)
        }
    }
}

/// One query of a fixture.
public struct DifferentialCase: Codable, Sendable, Equatable {
    public var id: String
    /// The expression as Klaxon (Prometheus 3.x) spells it.
    public var expr: String
    /// The expression as the reference (Prometheus 2.42) spells it, when different
    /// (`holt_winters` for `double_exponential_smoothing`).
    public var referenceExpr: String?
    /// True when the order of an instant vector's samples is part of the answer (`sort`, `sort_desc`).
    public var ordered: Bool
    /// Instant query time (ms); nil for a range query.
    public var time: Int64?
    /// Range query parameters (ms); nil for an instant query.
    public var range: QueryRange?
    /// What the reference answered; nil in an unrecorded plan.
    public var answer: RecordedAnswer?

    public init(
        id: String, expr: String, referenceExpr: String? = nil, ordered: Bool = false, time: Int64? = nil,
        range: QueryRange? = nil, answer: RecordedAnswer? = nil
    ) {
        self.id = id
        self.expr = expr
        self.referenceExpr = referenceExpr
        self.ordered = ordered
        self.time = time
        self.range = range
        self.answer = answer
    }
}

/// `start`, `end` and `step` of a range query, in milliseconds.
public struct QueryRange: Codable, Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var step: Int64

    public init(start: Int64, end: Int64, step: Int64) {
        self.start = start
        self.end = end
        self.step = step
    }
}

/// A reference answer as the HTTP API gave it: `resultType` and the result, values as Prometheus's strings.
public struct RecordedAnswer: Codable, Sendable, Equatable {
    /// `vector`, `matrix`, `scalar` or `string`.
    public var resultType: String
    /// For vectors and matrices.
    public var series: [RecordedSeries]?
    /// For scalars (a float string such as `"1.5"`, `"NaN"`, `"+Inf"`) and strings.
    public var value: String?
    /// For scalars and strings: the evaluation time (ms).
    public var time: Int64?

    public init(resultType: String, series: [RecordedSeries]? = nil, value: String? = nil, time: Int64? = nil) {
        self.resultType = resultType
        self.series = series
        self.value = value
        self.time = time
    }
}

/// One series of a recorded vector (one point) or matrix.
public struct RecordedSeries: Codable, Sendable, Equatable {
    public var labels: [String: String]
    /// Milliseconds.
    public var t: [Int64]
    /// Prometheus's value strings.
    public var v: [String]

    public init(labels: [String: String], t: [Int64], v: [String]) {
        self.labels = labels
        self.t = t
        self.v = v
    }
}
