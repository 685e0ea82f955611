import KlaxonModel

/// A duration expression while it is being parsed: Prometheus keeps a bare number literal apart from
/// compound expressions (a literal in `[…]` or after `offset` becomes a plain duration).
enum DurationNode {
    /// A number or duration literal, sign folded in. `milliseconds` is exact for duration tokens.
    case literal(seconds: Double, milliseconds: Int64?, range: TextRange)
    case compound(DurationExpr, range: TextRange)

    var range: TextRange {
        switch self {
        case .literal(_, _, let r), .compound(_, let r): r
        }
    }

    /// The node inside a larger duration expression.
    var expr: DurationExpr {
        switch self {
        case .literal(let s, let ms, _): ms.map { .literal($0) } ?? .number(s)
        case .compound(let e, _): e
        }
    }

    /// The node as a whole range, step or offset: a literal becomes milliseconds (nil when it is zero).
    var topLevel: DurationExpr? {
        switch self {
        case .literal(let s, let ms, _):
            if let ms { return ms == 0 ? nil : .literal(ms) }
            let nanos = (s * 1e9).rounded()
            guard nanos.isFinite, abs(nanos) < 9.2e18 else { return nil }
            let n = Int64(nanos)
            return n == 0 ? nil : .literal(n / 1_000_000)
        case .compound(let e, _): return e
        }
    }
}

extension Parser {
    /// A range, subquery range or step: a duration expression whose literal form must be positive.
    mutating func parsePositiveDuration() throws(ParseError) -> DurationExpr {
        let node = try parseDuration(above: 0)
        if case .literal(let s, _, let r) = node, s <= 0 {
            record("duration must be greater than 0", r)
            return .literal(0)
        }
        return node.topLevel ?? .literal(0)
    }

    /// What follows `offset`: one signed literal, `step()`, `range()`, `min_of(…)`/`max_of(…)` or a
    /// signed parenthesised expression, so `x offset 1m + 2` is `(x offset 1m) + 2`. An unsigned opening
    /// parenthesis starts a full duration expression, as Prometheus's grammar resolves it.
    mutating func parseOffsetDuration() throws(ParseError) -> (DurationExpr?, Int) {
        let tok = try peek()
        let node: DurationNode
        switch tok.kind {
        case .leftParen:
            node = try parseDuration(above: 0)
        case .binaryOperator(let op) where op == .add || op == .subtract:
            _ = try next()
            let operand = try parseDurationAtom(allowParen: true, context: .offset)
            node = signed(operand, negate: op == .subtract, opToken: tok)
        default:
            node = try parseDurationAtom(allowParen: false, context: .offset)
        }
        return (node.topLevel, lastTokenEnd)
    }

    /// Precedence climbing over `+ - * / % ^` inside duration expressions.
    private mutating func parseDuration(above floor: Int) throws(ParseError) -> DurationNode {
        let savedDepth = pathDepth
        defer { pathDepth = savedDepth }
        try deepen()
        var lhs = try parseDurationUnary()
        while case .binaryOperator(let op) = try peek().kind, let dop = DurationExpr.DurationOperator(op),
            op.precedence > floor
        {
            let opToken = try next()
            try deepen(at: opToken)
            let rhs = try parseDuration(above: op == .power ? op.precedence - 1 : op.precedence)
            let range = lhs.range.lowerBound..<rhs.range.upperBound
            if dop == .divide || dop == .modulo, case .literal(let s, _, _) = rhs, s == 0 {
                record(dop == .divide ? "division by zero" : "modulo by zero", opToken.range)
                lhs = .literal(seconds: 0, milliseconds: nil, range: range)
                continue
            }
            lhs = .compound(.binary(dop, lhs.expr, rhs.expr), range: range)
        }
        return lhs
    }

    private mutating func parseDurationUnary() throws(ParseError) -> DurationNode {
        let tok = try peek()
        guard case .binaryOperator(let op) = tok.kind, op == .add || op == .subtract else {
            return try parseDurationAtom(allowParen: true, context: nil)
        }
        _ = try next()
        let operand = try parseDuration(above: BinaryOperator.multiply.precedence)
        return signed(operand, negate: op == .subtract, opToken: tok)
    }

    /// A literal, `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)` or `( expr )`.
    private mutating func parseDurationAtom(allowParen: Bool, context: SyntaxContext?) throws(ParseError)
        -> DurationNode
    {
        let tok = try next()
        switch tok.kind {
        case .number:
            let s = parseNumber(tok)
            return checkedLiteral(seconds: s, milliseconds: nil, range: tok.range, errorRange: tok.range)
        case .duration:
            let ms = parseDurationToken(tok)
            return checkedLiteral(
                seconds: Parser.seconds(milliseconds: ms), milliseconds: ms, range: tok.range, errorRange: tok.range)
        case .keyword(let k) where k == .step || k == .range:
            _ = try expect(.leftParen)
            let close = try expect(.rightParen)
            return .compound(k == .step ? .step : .range, range: tok.range.lowerBound..<close.range.upperBound)
        case .keyword(let k) where k == .minOf || k == .maxOf:
            _ = try expect(.leftParen)
            let a = try parseDuration(above: 0)
            _ = try expect(.comma)
            let b = try parseDuration(above: 0)
            let close = try expect(.rightParen)
            let e: DurationExpr = k == .minOf ? .minOf(a.expr, b.expr) : .maxOf(a.expr, b.expr)
            return .compound(e, range: tok.range.lowerBound..<close.range.upperBound)
        case .leftParen where allowParen:
            let inner = try parseDuration(above: 0)
            let close = try expect(.rightParen)
            let range = tok.range.lowerBound..<close.range.upperBound
            switch inner {
            case .literal: return inner
            case .compound(let e, _):
                if case .paren = e { return .compound(e, range: range) }
                return .compound(.paren(e), range: range)
            }
        default:
            throw unexpected(tok, context)
        }
    }

    /// Applies a sign: literals are negated in place, expressions get a unary minus (`+` is dropped).
    private mutating func signed(_ node: DurationNode, negate: Bool, opToken: Token) -> DurationNode {
        let range = opToken.range.lowerBound..<node.range.upperBound
        switch node {
        case .literal(let s, let ms, _):
            return checkedLiteral(
                seconds: negate ? -s : s, milliseconds: negate ? ms.map { -$0 } : ms, range: range,
                errorRange: opToken.range)
        case .compound(let e, _):
            return .compound(negate ? .negate(e) : e, range: range)
        }
    }

    private mutating func checkedLiteral(
        seconds: Double, milliseconds: Int64?, range: TextRange, errorRange: TextRange
    ) -> DurationNode {
        if seconds > 9_223_372_036.854775807 || seconds < -9_223_372_036.854775808 || seconds.isNaN {
            record("duration out of range", errorRange)
            return .literal(seconds: 0, milliseconds: nil, range: range)
        }
        return .literal(seconds: seconds, milliseconds: milliseconds, range: range)
    }
}

extension DurationExpr.DurationOperator {
    init?(_ op: BinaryOperator) {
        switch op {
        case .add: self = .add
        case .subtract: self = .subtract
        case .multiply: self = .multiply
        case .divide: self = .divide
        case .modulo: self = .modulo
        case .power: self = .power
        default: return nil
        }
    }
}
