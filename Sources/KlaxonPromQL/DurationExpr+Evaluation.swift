import KlaxonModel

extension DurationExpr {
    /// Why a duration expression has no usable value for a query (Prometheus's `durationVisitor` errors;
    /// Klaxon's duration nodes carry no positions, so the messages have no `start:end:` prefix).
    public struct EvaluationFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `division by zero`, `modulo by zero`, `duration must be greater than 0`, …
        public var message: String
        public var description: String { message }
    }

    /// The value in seconds for a query with the given step and range (milliseconds), computed in
    /// float64 like Prometheus's `evaluateDurationExpr`.
    public func seconds(step: Int64, range: Int64) -> Result<Double, EvaluationFailure> {
        switch self {
        case .literal(let ms): return .success(Parser.seconds(milliseconds: ms))
        case .number(let v): return .success(v)
        case .step: return .success(Parser.seconds(milliseconds: step))
        case .range: return .success(Parser.seconds(milliseconds: range))
        case .paren(let e): return e.seconds(step: step, range: range)
        case .negate(let e): return e.seconds(step: step, range: range).map { -$0 }
        case .minOf(let a, let b), .maxOf(let a, let b):
            let isMin = if case .minOf = self { true } else { false }
            return a.seconds(step: step, range: range).flatMap { x in
                b.seconds(step: step, range: range).map { y in isMin ? DurationExpr.goMin(x, y) : DurationExpr.goMax(x, y) }
            }
        case .binary(let op, let a, let b):
            return a.seconds(step: step, range: range).flatMap { x in
                b.seconds(step: step, range: range).flatMap { y in DurationExpr.apply(op, x, y) }
            }
        }
    }

    /// The value in whole milliseconds, as Prometheus stores it (`time.Duration(seconds*1000) * ms`), after
    /// its checks: finite, in range, and positive unless `allowNegative` (offsets may be negative).
    public func milliseconds(step: Int64, range: Int64, allowNegative: Bool) -> Result<Int64, EvaluationFailure> {
        if case .literal(let ms) = self {
            if ms <= 0 && !allowNegative { return .failure(EvaluationFailure(message: "duration must be greater than 0")) }
            return .success(ms)
        }
        return seconds(step: step, range: range).flatMap { s in
            if s.isNaN || s.isInfinite { return .failure(EvaluationFailure(message: "duration is NaN or infinite")) }
            if s <= 0 && !allowNegative {
                return .failure(EvaluationFailure(message: "duration must be greater than 0"))
            }
            if s > 9_223_372_036.854775807 || s < -9_223_372_036.854775808 {
                return .failure(EvaluationFailure(message: "duration is out of range"))
            }
            return .success(Int64(s * 1000))
        }
    }

    private static func apply(_ op: DurationOperator, _ x: Double, _ y: Double) -> Result<Double, EvaluationFailure> {
        switch op {
        case .add: return .success(x + y)
        case .subtract: return .success(x - y)
        case .multiply: return .success(x * y)
        case .divide:
            return y == 0 ? .failure(EvaluationFailure(message: "division by zero")) : .success(x / y)
        case .modulo:
            return y == 0
                ? .failure(EvaluationFailure(message: "modulo by zero")) : .success(x.truncatingRemainder(dividingBy: y))
        case .power: return .success(GoNumber.pow(x, y))
        }
    }

    /// Go's `math.Min`: NaN wins, and -0 is less than +0.
    static func goMin(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && y == 0 { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }

    /// Go's `math.Max`: NaN wins, and +0 is greater than -0.
    static func goMax(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && y == 0 { return x.sign == .plus ? x : y }
        return x > y ? x : y
    }
}
