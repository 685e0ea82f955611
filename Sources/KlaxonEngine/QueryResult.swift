public import KlaxonModel
public import KlaxonStorage

/// The value of a query: what Prometheus's HTTP API calls `resultType` plus `result`.
public enum QueryValue: Sendable, Equatable {
    case scalar(t: Timestamp, v: Double)
    case string(t: Timestamp, s: String)
    /// An instant vector; for an instant query every sample's `t` is the evaluation time.
    case vector([Sample])
    /// A range vector (from a range query, or an instant query of a range selector), sorted by labels.
    case matrix([SeriesSamples])

    /// `scalar`, `string`, `vector` or `matrix`.
    public var typeName: String {
        switch self {
        case .scalar: "scalar"
        case .string: "string"
        case .vector: "vector"
        case .matrix: "matrix"
        }
    }
}

/// Warnings and informational notes produced while evaluating (Prometheus's `annotations.Annotations`):
/// values, never errors. Kept in insertion order without duplicates.
public struct Annotations: Sendable, Equatable {
    public private(set) var warnings: [String] = []
    public private(set) var infos: [String] = []

    public init() {}

    public mutating func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    public mutating func info(_ message: String) {
        if !infos.contains(message) { infos.append(message) }
    }

    public mutating func merge(_ other: Annotations) {
        for w in other.warnings { warn(w) }
        for i in other.infos { info(i) }
    }

    public var isEmpty: Bool { warnings.isEmpty && infos.isEmpty }
}

/// The outcome of a successful query.
public struct QueryResult: Sendable, Equatable {
    public var value: QueryValue
    public var annotations: Annotations
    public init(value: QueryValue, annotations: Annotations = Annotations()) {
        self.value = value
        self.annotations = annotations
    }
}

/// Why a query failed at run time. `message` is Prometheus's wording (e.g. "many-to-many matching not allowed:
/// matching labels must be unique on one side", "vector cannot contain metrics with the same labelset").
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A run-time error in the data or arguments (`errorType: execution`).
        case execution
        /// The query exceeded its time budget (`errorType: timeout`).
        case timeout
        /// The query was cancelled (`errorType: canceled`).
        case canceled
        /// The query would load or produce more samples than allowed (`errorType: execution`).
        case tooManySamples
        /// Bad query parameters detected at run time (`errorType: bad_data`).
        case badData
    }

    public var kind: Kind
    public var message: String
    /// Where in the expression text the problem is, when known.
    public var range: Range<Int>?

    public init(_ kind: Kind, _ message: String, range: Range<Int>? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public var description: String { message }
}

/// Engine settings; defaults are Prometheus's (and those of its PromQL test scripts).
public struct EngineOptions: Sendable {
    /// How far back an instant selector looks for a sample (default 5m).
    public var lookbackDelta: Int64 = WellKnown.defaultLookbackDelta
    /// Upper bound on samples held in memory at once by one query (Prometheus `--query.max-samples`).
    public var maxSamples: Int = 50_000_000
    /// Wall-clock budget of one query, as a Swift duration; nil for none.
    public var timeout: Duration? = .seconds(120)
    /// Step of subqueries written without one (`[5m:]`), in instant and range queries alike (Prometheus uses
    /// its global evaluation interval, 1m by default).
    public var defaultSubqueryStep: Int64 = 60_000
    /// Remove `__name__` at the end of the query rather than at each function/operator (3.x delayed name removal).
    public var delayedNameRemoval: Bool = true

    public init() {}
}
