public import KlaxonModel

/// UTF-8 byte offsets into one expression's text.
public typealias TextRange = Range<Int>

/// The static type of a PromQL expression (Prometheus's `parser.ValueType`).
public enum ValueType: String, Sendable, Hashable {
    case scalar
    case vector = "instant vector"
    case matrix = "range vector"
    case string
    /// Spelling used in error messages and the HTTP API's `resultType` (`vector`, `matrix`, `scalar`, `string`).
    public var apiName: String {
        switch self {
        case .scalar: "scalar"
        case .vector: "vector"
        case .matrix: "matrix"
        case .string: "string"
        }
    }
}

/// A parsed PromQL expression. Every node carries the byte range of its text for error reporting.
public indirect enum Expr: Sendable, Equatable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case call(Call)
    case aggregate(AggregateExpr)
    case binary(BinaryExpr)
    case unary(UnaryExpr)
    case paren(ParenExpr)
}

/// A number literal (`1`, `0x1f`, `1e3`, `Inf`, `NaN`), or a duration literal used as a number of seconds
/// (`5m * 2` is 300 * 2; `isDuration` makes it print as `5m` again). A sign in front of a literal is folded in.
public struct NumberLiteral: Sendable, Equatable {
    public var value: Double
    /// True when written as a duration (`1h` in a scalar position means 3600).
    public var isDuration: Bool
    public var range: TextRange
    public init(value: Double, isDuration: Bool = false, range: TextRange) {
        self.value = value
        self.isDuration = isDuration
        self.range = range
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.isDuration == b.isDuration && a.range == b.range
    }
}

/// A string literal; `value` is unescaped.
public struct StringLiteral: Sendable, Equatable {
    public var value: String
    public var range: TextRange
    public init(value: String, range: TextRange) {
        self.value = value
        self.range = range
    }
}

/// `@` modifier of a selector or subquery.
public enum AtModifier: Sendable, Equatable {
    /// Milliseconds since the epoch.
    case timestamp(Timestamp)
    case start
    case end
}

/// A duration inside `[…]`, after `offset`, or as a subquery step: a literal, or (3.x duration expressions)
/// arithmetic over durations, numbers (seconds), `step()`, `range()`, `min_of`, `max_of`, evaluated once per query.
public indirect enum DurationExpr: Sendable, Equatable {
    /// Milliseconds.
    case literal(Int64)
    /// A bare number in a duration position: seconds.
    case number(Double)
    case step
    case range
    case minOf(DurationExpr, DurationExpr)
    case maxOf(DurationExpr, DurationExpr)
    case negate(DurationExpr)
    case binary(DurationOperator, DurationExpr, DurationExpr)
    case paren(DurationExpr)

    /// Operators allowed inside duration expressions.
    public enum DurationOperator: String, Sendable, Equatable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    }

    /// The literal value in milliseconds when the expression needs no query context.
    public var literalMilliseconds: Int64? {
        if case .literal(let ms) = self { return ms }
        return nil
    }
}

/// An instant-vector selector: `name{matchers} offset d @ t`.
public struct VectorSelector: Sendable, Equatable {
    /// The metric name when written before the braces (also present as a `__name__` matcher in `matchers`).
    public var name: String?
    /// All matchers, including `__name__="name"` for a written name.
    public var matchers: [LabelMatcher]
    public var offset: DurationExpr?
    public var at: AtModifier?
    /// 3.x `anchored` modifier on an instant selector (`metric anchored`). For a range selector the flag
    /// lives on `MatrixSelector.anchored` and this one stays false.
    public var anchored: Bool
    /// 3.x `smoothed` modifier on an instant selector (`metric smoothed`); see `anchored`.
    public var smoothed: Bool
    public var range: TextRange
    public init(
        name: String?, matchers: [LabelMatcher], offset: DurationExpr? = nil, at: AtModifier? = nil,
        anchored: Bool = false, smoothed: Bool = false, range: TextRange
    ) {
        self.name = name
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.anchored = anchored
        self.smoothed = smoothed
        self.range = range
    }
}

/// A range-vector selector: `selector[window]` with optional 3.x `anchored`/`smoothed` modifier.
/// `offset` and `@` live on the inner selector, as in Prometheus.
public struct MatrixSelector: Sendable, Equatable {
    public var selector: VectorSelector
    public var window: DurationExpr
    public var anchored: Bool
    public var smoothed: Bool
    public var range: TextRange
    public init(selector: VectorSelector, window: DurationExpr, anchored: Bool = false, smoothed: Bool = false, range: TextRange) {
        self.selector = selector
        self.window = window
        self.anchored = anchored
        self.smoothed = smoothed
        self.range = range
    }
}

/// `expr[range:step] offset d @ t`; a nil step means the engine default (the query's evaluation interval, 1m).
public struct SubqueryExpr: Sendable, Equatable {
    public var expr: Expr
    public var window: DurationExpr
    public var step: DurationExpr?
    public var offset: DurationExpr?
    public var at: AtModifier?
    public var range: TextRange
    public init(
        expr: Expr, window: DurationExpr, step: DurationExpr?, offset: DurationExpr? = nil, at: AtModifier? = nil,
        range: TextRange
    ) {
        self.expr = expr
        self.window = window
        self.step = step
        self.offset = offset
        self.at = at
        self.range = range
    }
}

/// A function call with type-checked arguments.
public struct Call: Sendable, Equatable {
    public var function: FunctionID
    public var args: [Expr]
    public var range: TextRange
    public init(function: FunctionID, args: [Expr], range: TextRange) {
        self.function = function
        self.args = args
        self.range = range
    }
}

/// Aggregation operators.
public enum AggregateOp: String, Sendable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar
    case topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    /// True for the operators that take a parameter before the vector.
    public var takesParameter: Bool {
        switch self {
        case .topk, .bottomk, .quantile, .countValues, .limitk, .limitRatio: true
        default: false
        }
    }
}

/// `op [by|without (labels)] ([param,] expr)`.
public struct AggregateExpr: Sendable, Equatable {
    public var op: AggregateOp
    public var expr: Expr
    public var param: Expr?
    public var grouping: [String]
    public var without: Bool
    /// True when `by`/`without` was written (even with an empty list). Like Prometheus, the printer drops an
    /// empty `by ()` (same meaning) and keeps `without ()`.
    public var hasGrouping: Bool
    public var range: TextRange
    public init(
        op: AggregateOp, expr: Expr, param: Expr?, grouping: [String], without: Bool, hasGrouping: Bool,
        range: TextRange
    ) {
        self.op = op
        self.expr = expr
        self.param = param
        self.grouping = grouping
        self.without = without
        self.hasGrouping = hasGrouping
        self.range = range
    }
}

/// Binary operators.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^", atan2
    case equal = "==", notEqual = "!=", greater = ">", less = "<", greaterOrEqual = ">=", lessOrEqual = "<="
    case and, or, unless
    /// Native-histogram trim operators `</` and `>/` (3.x, experimental): comparison precedence, no `bool`.
    case trimUpper = "</", trimLower = ">/"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .greater, .less, .greaterOrEqual, .lessOrEqual: true
        default: false
        }
    }

    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    /// Operators spelled as words (case-insensitive in PromQL).
    static let keywordOperators: [String: BinaryOperator] = ["and": .and, "or": .or, "unless": .unless, "atan2": .atan2]

    /// Loosest to tightest: or < and, unless < comparisons < + - < * / % atan2 < ^
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and, .unless: 2
        case .equal, .notEqual, .greater, .less, .greaterOrEqual, .lessOrEqual, .trimUpper, .trimLower: 3
        case .add, .subtract: 4
        case .multiply, .divide, .modulo, .atan2: 5
        case .power: 6
        }
    }
}

/// Cardinality of vector matching.
public enum MatchCardinality: String, Sendable, Equatable {
    case oneToOne = "one-to-one"
    case manyToOne = "many-to-one"
    case oneToMany = "one-to-many"
    case manyToMany = "many-to-many"
}

/// `on`/`ignoring`, `group_left`/`group_right` and 3.x `fill` modifiers of a binary operation between vectors.
public struct VectorMatching: Sendable, Equatable {
    public var cardinality: MatchCardinality
    /// True for `on(…)`, false for `ignoring(…)` or no clause.
    public var on: Bool
    /// The labels of `on`/`ignoring`.
    public var matchingLabels: [String]
    /// True when `on`/`ignoring` was written. Like Prometheus, the printer keeps `on ()` and drops an empty
    /// `ignoring ()` (same meaning).
    public var hasMatchingClause: Bool
    /// Extra labels of `group_left(…)`/`group_right(…)`.
    public var include: [String]
    /// `fill_left(v)` / `fill(v)`: value for a missing left-hand side.
    public var fillLeft: Double?
    /// `fill_right(v)` / `fill(v)`: value for a missing right-hand side.
    public var fillRight: Double?
    public init(
        cardinality: MatchCardinality = .oneToOne, on: Bool = false, matchingLabels: [String] = [],
        hasMatchingClause: Bool = false, include: [String] = [], fillLeft: Double? = nil, fillRight: Double? = nil
    ) {
        self.cardinality = cardinality
        self.on = on
        self.matchingLabels = matchingLabels
        self.hasMatchingClause = hasMatchingClause
        self.include = include
        self.fillLeft = fillLeft
        self.fillRight = fillRight
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.cardinality == b.cardinality && a.on == b.on && a.matchingLabels == b.matchingLabels
            && a.hasMatchingClause == b.hasMatchingClause && a.include == b.include
            && a.fillLeft?.bitPattern == b.fillLeft?.bitPattern && a.fillRight?.bitPattern == b.fillRight?.bitPattern
    }
}

/// `lhs op [bool] [matching] rhs`. `matching` is non-nil when both sides are vectors (set operators get
/// many-to-many), as in Prometheus.
public struct BinaryExpr: Sendable, Equatable {
    public var op: BinaryOperator
    public var lhs: Expr
    public var rhs: Expr
    public var matching: VectorMatching?
    public var returnBool: Bool
    public var range: TextRange
    public init(op: BinaryOperator, lhs: Expr, rhs: Expr, matching: VectorMatching?, returnBool: Bool, range: TextRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.matching = matching
        self.returnBool = returnBool
        self.range = range
    }
}

/// Unary `-expr` or `+expr`.
public struct UnaryExpr: Sendable, Equatable {
    public var negate: Bool
    public var expr: Expr
    public var range: TextRange
    public init(negate: Bool, expr: Expr, range: TextRange) {
        self.negate = negate
        self.expr = expr
        self.range = range
    }
}

/// `( expr )`.
public struct ParenExpr: Sendable, Equatable {
    public var expr: Expr
    public var range: TextRange
    public init(expr: Expr, range: TextRange) {
        self.expr = expr
        self.range = range
    }
}

extension Expr {
    /// The node's text range.
    public var range: TextRange {
        switch self {
        case .number(let n): n.range
        case .string(let s): s.range
        case .vectorSelector(let v): v.range
        case .matrixSelector(let m): m.range
        case .subquery(let s): s.range
        case .call(let c): c.range
        case .aggregate(let a): a.range
        case .binary(let b): b.range
        case .unary(let u): u.range
        case .paren(let p): p.range
        }
    }

    /// The static result type, as fixed by the parser.
    public var type: ValueType {
        switch self {
        case .number: .scalar
        case .string: .string
        case .vectorSelector: .vector
        case .matrixSelector, .subquery: .matrix
        case .call(let c): c.function.returnType
        case .aggregate: .vector
        case .binary(let b): (b.lhs.type == .scalar && b.rhs.type == .scalar) ? .scalar : .vector
        case .unary(let u): u.expr.type
        case .paren(let p): p.expr.type
        }
    }
}
