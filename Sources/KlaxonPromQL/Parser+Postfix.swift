import KlaxonModel

extension Parser {
    /// A primary expression followed by any number of `[range]`, `[range:step]`, `offset d`, `@ t`,
    /// `anchored` and `smoothed`. These bind tighter than every operator, unary minus included.
    mutating func parsePostfix() throws(ParseError) -> Expr {
        var expr = try parsePrimary()
        let savedDepth = pathDepth
        defer { pathDepth = savedDepth }
        while true {
            let tok = try peek()
            switch tok.kind {
            case .leftBracket, .keyword(.offset), .at, .keyword(.anchored), .keyword(.smoothed): try deepen(at: tok)
            default: break
            }
            switch tok.kind {
            case .leftBracket:
                _ = try next()
                expr = try parseRangeOrSubquery(expr, open: tok)
            case .keyword(.offset):
                _ = try next()
                let (offset, end) = try within(.offset) { (p: inout Parser) throws(ParseError) in
                    try p.parseOffsetDuration()
                }
                expr = applyOffset(expr, offset, end: end)
            case .at:
                _ = try next()
                expr = try parseAt(expr)
            case .keyword(.anchored), .keyword(.smoothed):
                _ = try next()
                expr = applyAnchoredOrSmoothed(expr, anchored: tok.kind == .keyword(.anchored))
            default:
                return expr
            }
        }
    }

    // MARK: - Ranges and subqueries

    private mutating func parseRangeOrSubquery(_ expr: Expr, open: Token) throws(ParseError) -> Expr {
        let window = try within(.rangeStart) { (p: inout Parser) throws(ParseError) in
            try p.parsePositiveDuration()
        }
        let tok = try next()
        switch tok.kind {
        case .rightBracket:
            return makeMatrixSelector(expr, window: window, brackets: open.range.lowerBound..<tok.range.upperBound)
        case .colon:
            var step: DurationExpr?
            if try peek().kind != .rightBracket {
                step = try within(.subqueryStep) { (p: inout Parser) throws(ParseError) in
                    try p.parsePositiveDuration()
                }
            }
            let close = try next()
            guard close.kind == .rightBracket else {
                throw unexpected(close, step == nil ? .subqueryStep : .subqueryEnd)
            }
            return .subquery(
                SubqueryExpr(
                    expr: expr, window: window, step: step, range: expr.range.lowerBound..<close.range.upperBound))
        default:
            throw unexpected(tok, .rangeAfterDuration)
        }
    }

    private mutating func makeMatrixSelector(_ expr: Expr, window: DurationExpr, brackets: TextRange) -> Expr {
        guard case .vectorSelector(var selector) = expr else {
            record("ranges only allowed for vector selectors", brackets)
            return expr
        }
        if selector.offset != nil {
            record("no offset modifiers allowed before range", brackets)
        } else if selector.at != nil {
            record("no @ modifiers allowed before range", brackets)
        }
        let anchored = selector.anchored
        let smoothed = selector.smoothed
        selector.anchored = false
        selector.smoothed = false
        return .matrixSelector(
            MatrixSelector(
                selector: selector, window: window, anchored: anchored, smoothed: smoothed,
                range: selector.range.lowerBound..<brackets.upperBound))
    }

    // MARK: - offset

    /// Sets the offset on a selector, range selector (its inner selector) or subquery.
    private mutating func applyOffset(_ expr: Expr, _ offset: DurationExpr?, end: Int) -> Expr {
        func alreadySet(_ existing: DurationExpr?) -> Bool {
            if existing != nil {
                record("offset may not be set multiple times", expr.range)
                return true
            }
            return false
        }
        switch expr {
        case .vectorSelector(var s):
            if !alreadySet(s.offset) { s.offset = offset }
            s.range = s.range.lowerBound..<end
            return .vectorSelector(s)
        case .matrixSelector(var m):
            if !alreadySet(m.selector.offset) { m.selector.offset = offset }
            m.range = m.range.lowerBound..<end
            return .matrixSelector(m)
        case .subquery(var s):
            if !alreadySet(s.offset) { s.offset = offset }
            s.range = s.range.lowerBound..<end
            return .subquery(s)
        default:
            record(
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                expr.range)
            return expr
        }
    }

    // MARK: - @

    private mutating func parseAt(_ expr: Expr) throws(ParseError) -> Expr {
        let (at, end) = try within(.at) { (p: inout Parser) throws(ParseError) -> (AtModifier, Int) in
            var tok = try p.next()
            if case .keyword(let k) = tok.kind, k == .start || k == .end {
                _ = try p.expect(.leftParen)
                let close = try p.expect(.rightParen)
                return (k == .start ? .start : .end, close.range.upperBound)
            }
            var sign = 1.0
            if case .binaryOperator(let op) = tok.kind, op == .add || op == .subtract {
                sign = op == .subtract ? -1 : 1
                tok = try p.next()
            }
            let seconds: Double
            switch tok.kind {
            case .number: seconds = sign * p.parseNumber(tok)
            case .duration: seconds = sign * Parser.seconds(milliseconds: p.parseDurationToken(tok))
            default: throw p.unexpected(tok)
            }
            let ms = (seconds * 1000).rounded()
            guard seconds.isFinite, seconds < 9.223372036854775807e18, seconds > -9.223372036854775808e18,
                ms >= -9.223372036854775808e18, ms < 9.223372036854775807e18
            else {
                p.record("timestamp out of bounds for @ modifier: \(Parser.goPercentF(seconds))", expr.range)
                return (.timestamp(0), tok.range.upperBound)
            }
            return (.timestamp(Int64(ms)), tok.range.upperBound)
        }
        func alreadySet(_ existing: AtModifier?) -> Bool {
            if existing != nil {
                record("@ <timestamp> may not be set multiple times", expr.range)
                return true
            }
            return false
        }
        switch expr {
        case .vectorSelector(var s):
            if alreadySet(s.at) { return expr }
            s.at = at
            s.range = s.range.lowerBound..<end
            return .vectorSelector(s)
        case .matrixSelector(var m):
            if alreadySet(m.selector.at) { return expr }
            m.selector.at = at
            m.range = m.range.lowerBound..<end
            return .matrixSelector(m)
        case .subquery(var s):
            if alreadySet(s.at) { return expr }
            s.at = at
            s.range = s.range.lowerBound..<end
            return .subquery(s)
        default:
            record(
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                expr.range)
            return expr
        }
    }

    /// Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`.
    static func goPercentF(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return GoNumber.formatFixed(v)
    }

    // MARK: - anchored / smoothed

    private mutating func applyAnchoredOrSmoothed(_ expr: Expr, anchored: Bool) -> Expr {
        let name = anchored ? "anchored" : "smoothed"
        switch expr {
        case .vectorSelector(var s):
            if anchored { s.anchored = true } else { s.smoothed = true }
            if s.anchored && s.smoothed {
                record("anchored and smoothed modifiers cannot be used together", expr.range)
            }
            return .vectorSelector(s)
        case .matrixSelector(var m):
            if anchored { m.anchored = true } else { m.smoothed = true }
            if m.anchored && m.smoothed {
                record("anchored and smoothed modifiers cannot be used together", expr.range)
            }
            return .matrixSelector(m)
        case .subquery:
            record("\(name) modifier is not supported for subqueries", expr.range)
            return expr
        default:
            record("\(name) modifier not implemented", expr.range)
            return expr
        }
    }
}
