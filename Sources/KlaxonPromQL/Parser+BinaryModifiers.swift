import KlaxonModel

extension Parser {
    /// `[bool] [on|ignoring (…) [group_left|group_right [(…)]]] [fill(v) | fill_left(v) [fill_right(v)] | …]`
    /// after a binary operator. The matching is always returned; the type checker drops it unless both
    /// sides are instant vectors, as Prometheus's `checkAST` does.
    mutating func parseBinaryModifiers() throws(ParseError) -> (matching: VectorMatching, returnBool: Bool) {
        var matching = VectorMatching()
        let returnBool = try accept(.keyword(.bool)) != nil
        if case .keyword(let k) = try peek().kind, k == .on || k == .ignoring {
            _ = try next()
            matching.on = k == .on
            matching.hasMatchingClause = true
            (matching.matchingLabels, _) = try parseGroupingLabels()
            if case .keyword(let g) = try peek().kind, g == .groupLeft || g == .groupRight {
                _ = try next()
                matching.cardinality = g == .groupLeft ? .manyToOne : .oneToMany
                if try peek().kind == .leftParen {
                    (matching.include, _) = try parseGroupingLabels()
                }
            }
        }
        guard case .keyword(let first) = try peek().kind, first == .fill || first == .fillLeft || first == .fillRight
        else { return (matching, returnBool) }
        _ = try next()
        let value = try parseFillValue()
        switch first {
        case .fill:
            matching.fillLeft = value
            matching.fillRight = value
        case .fillLeft:
            matching.fillLeft = value
            if try accept(.keyword(.fillRight)) != nil { matching.fillRight = try parseFillValue() }
        default:
            matching.fillRight = value
            if try accept(.keyword(.fillLeft)) != nil { matching.fillLeft = try parseFillValue() }
        }
        return (matching, returnBool)
    }

    /// `( [+|-] number-or-duration )`.
    private mutating func parseFillValue() throws(ParseError) -> Double {
        _ = try expect(.leftParen)
        var tok = try next()
        var sign = 1.0
        if case .binaryOperator(let op) = tok.kind, op == .add || op == .subtract {
            sign = op == .subtract ? -1 : 1
            tok = try next()
        }
        let value: Double
        switch tok.kind {
        case .number: value = parseNumber(tok)
        case .duration: value = Parser.seconds(milliseconds: parseDurationToken(tok))
        default: throw unexpected(tok)
        }
        _ = try expect(.rightParen)
        return sign * value
    }
}
