import KlaxonModel

extension Parser {
    /// Literals, selectors, calls, aggregations and parenthesised expressions.
    mutating func parsePrimary() throws(ParseError) -> Expr {
        let tok = try next()
        switch tok.kind {
        case .number:
            return .number(NumberLiteral(value: parseNumber(tok), range: tok.range))
        case .duration:
            let ms = parseDurationToken(tok)
            return .number(NumberLiteral(value: Parser.seconds(milliseconds: ms), isDuration: true, range: tok.range))
        case .string:
            return .string(StringLiteral(value: unquote(tok), range: tok.range))
        case .leftParen:
            let inner = try parseExpr(above: 0)
            let close = try expect(.rightParen)
            return .paren(ParenExpr(expr: inner, range: tok.range.lowerBound..<close.range.upperBound))
        case .leftBrace:
            return .vectorSelector(try parseVectorSelector(name: nil, start: tok.range.lowerBound, braceToken: tok))
        case .identifier:
            if try peek().kind == .leftParen { return try parseCall(name: tok) }
            return try parseNamedSelector(tok)
        case .aggregator(let op):
            switch try peek().kind {
            case .leftParen, .keyword(.by), .keyword(.without): return try parseAggregation(op, opToken: tok)
            default: return try parseNamedSelector(tok)
            }
        case .keyword(let k) where [.start, .end, .step, .range, .minOf, .maxOf].contains(k):
            if try peek().kind == .leftParen { return try parseCall(name: tok) }
            return try parseNamedSelector(tok)
        default:
            if tok.isMetricIdentifier { return try parseNamedSelector(tok) }
            throw unexpected(tok)
        }
    }

    // MARK: - Selectors

    private mutating func parseNamedSelector(_ name: Token) throws(ParseError) -> Expr {
        let brace = try accept(.leftBrace)
        return .vectorSelector(try parseVectorSelector(name: name, start: name.range.lowerBound, braceToken: brace))
    }

    /// `name`, `name{…}` or `{…}`; `braceToken` is the already consumed `{` if any. A written name becomes a
    /// trailing `__name__` matcher, as in Prometheus.
    mutating func parseVectorSelector(name: Token?, start: Int, braceToken: Token?) throws(ParseError)
        -> VectorSelector
    {
        var matchers: [LabelMatcher] = []
        var end = name?.range.upperBound ?? start
        if braceToken != nil {
            let (list, close) = try parseLabelMatchers()
            matchers = list
            end = close.range.upperBound
        }
        if let name {
            matchers.append(.equal(WellKnown.metricName, name.text))
        }
        return VectorSelector(name: name?.text, matchers: matchers, range: start..<end)
    }

    /// The matchers after `{`, up to and including `}`.
    private mutating func parseLabelMatchers() throws(ParseError) -> ([LabelMatcher], Token) {
        var matchers: [LabelMatcher] = []
        var tok = try next()
        if tok.kind == .rightBrace { return (matchers, tok) }
        while true {
            if let m = try parseLabelMatcher(first: tok) { matchers.append(m) }
            let sep = try next()
            switch sep.kind {
            case .rightBrace: return (matchers, sep)
            case .comma:
                tok = try next()
                if tok.kind == .rightBrace { return (matchers, tok) }
            default: throw unexpected(sep, .labelMatcherList)
            }
        }
    }

    /// `label op "value"`, `"label" op "value"` or a lone `"metric name"`.
    private mutating func parseLabelMatcher(first: Token) throws(ParseError) -> LabelMatcher? {
        let name: String
        switch first.kind {
        case .identifier: name = first.text
        case .string:
            name = unquote(first)
            switch try peek().kind {
            case .assign, .regexMatch, .regexNoMatch, .binaryOperator(.notEqual): break
            default: return .equal(WellKnown.metricName, name)
            }
        default: throw unexpected(first, .labelMatcherStart)
        }
        let opToken = try next()
        let type: MatchType
        switch opToken.kind {
        case .assign: type = .equal
        case .binaryOperator(.notEqual): type = .notEqual
        case .regexMatch: type = .regexMatch
        case .regexNoMatch: type = .regexNoMatch
        default:
            throw unexpected(opToken, first.kind == .identifier ? .labelMatcherOperator : .labelMatcherList)
        }
        let valueToken = try next()
        guard valueToken.kind == .string else { throw unexpected(valueToken, .labelMatcherValue) }
        let value = unquote(valueToken)
        do {
            return try LabelMatcher(type, name, value)
        } catch {
            record(error.message, first.range.lowerBound..<valueToken.range.upperBound)
            return nil
        }
    }

    // MARK: - Calls and aggregations

    /// `name(args…)`. An unknown name is recorded after the arguments are parsed, as Prometheus does.
    private mutating func parseCall(name: Token) throws(ParseError) -> Expr {
        let (args, close) = try parseCallBody()
        let range = name.range.lowerBound..<close.range.upperBound
        guard let function = FunctionID(rawValue: name.text) else {
            record("unknown function with name \(GoQuote.quote(name.text))", name.range)
            return .number(NumberLiteral(value: 0, range: range))
        }
        return .call(Call(function: function, args: args, range: range))
    }

    /// `( [expr {, expr}] )`; returns the arguments and the closing parenthesis.
    mutating func parseCallBody() throws(ParseError) -> ([Expr], Token) {
        _ = try expect(.leftParen)
        var args: [Expr] = []
        if let close = try accept(.rightParen) { return (args, close) }
        while true {
            args.append(try parseExpr(above: 0))
            let tok = try next()
            switch tok.kind {
            case .rightParen: return (args, tok)
            case .comma:
                if let close = try accept(.rightParen) {
                    record("trailing commas not allowed in function call args", tok.range)
                    return (args, close)
                }
            default: throw unexpected(tok)
            }
        }
    }

    /// `op [by|without (…)] ([param,] expr) [by|without (…)]`.
    private mutating func parseAggregation(_ op: AggregateOp, opToken: Token) throws(ParseError) -> Expr {
        try within(.aggregation) { (p: inout Parser) throws(ParseError) -> Expr in
            var grouping: [String] = []
            var without = false
            var hasGrouping = false
            if case .keyword(let k) = try p.peek().kind, k == .by || k == .without {
                _ = try p.next()
                (grouping, _) = try p.parseGroupingLabels()
                without = k == .without
                hasGrouping = true
            }
            var (args, close) = try p.parseCallBody()
            if !hasGrouping, case .keyword(let k) = try p.peek().kind, k == .by || k == .without {
                _ = try p.next()
                (grouping, close) = try p.parseGroupingLabels()
                without = k == .without
                hasGrouping = true
            }
            let range = opToken.range.lowerBound..<close.range.upperBound
            if args.isEmpty {
                p.record("no arguments for aggregate expression provided", range)
                return .number(NumberLiteral(value: 0, range: range))
            }
            let wanted = op.takesParameter ? 2 : 1
            if args.count != wanted {
                p.record(
                    "wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)",
                    range)
                return .number(NumberLiteral(value: 0, range: range))
            }
            let param: Expr? = op.takesParameter ? args[0] : nil
            args.removeFirst(wanted - 1)
            return .aggregate(
                AggregateExpr(
                    op: op, expr: args[0], param: param, grouping: grouping, without: without,
                    hasGrouping: hasGrouping, range: range))
        }
    }

    /// `( [label {, label}] [,] )`; returns the labels and the closing parenthesis.
    mutating func parseGroupingLabels() throws(ParseError) -> ([String], Token) {
        let open = try next()
        guard open.kind == .leftParen else { throw unexpected(open, .groupingOpen) }
        var labels: [String] = []
        var tok = try next()
        if tok.kind == .rightParen { return (labels, tok) }
        while true {
            let label: String
            if tok.kind == .string {
                label = unquote(tok)
            } else if tok.isLabelName {
                label = tok.text
            } else {
                throw unexpected(tok, .groupingLabel)
            }
            if label.isEmpty || !label.unicodeScalars.allSatisfy({ $0 != "\u{FFFD}" }) {
                record("invalid label name for grouping: \(GoQuote.quote(label))", tok.range)
            }
            labels.append(label)
            let sep = try next()
            switch sep.kind {
            case .rightParen: return (labels, sep)
            case .comma:
                tok = try next()
                if tok.kind == .rightParen { return (labels, tok) }
            default: throw unexpected(sep, .groupingList)
            }
        }
    }

    // MARK: - Literals

    mutating func unquote(_ tok: Token) -> String {
        if let s = StringUnquoting.unquote(tok.text) { return s }
        record("error unquoting string \(GoQuote.quote(tok.text)): invalid syntax", tok.range)
        return ""
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `strconv.ParseFloat(s, 64)`, as Prometheus does.
    mutating func parseNumber(_ tok: Token) -> Double {
        switch GoNumber.parse(tok.text) {
        case .success(let v): return v
        case .failure(let message):
            record("error parsing number: \(message)", tok.range)
            return 0
        }
    }

    /// Milliseconds of a duration token.
    mutating func parseDurationToken(_ tok: Token) -> Int64 {
        switch DurationLiteral.parse(tok.text) {
        case .success(let ms): return ms
        case .failure(let error):
            record(error.message, tok.range)
            return 0
        }
    }

    /// `time.Duration.Seconds()` of a whole number of milliseconds, rounded exactly like Go.
    static func seconds(milliseconds ms: Int64) -> Double {
        let whole = ms / 1000
        let nanos = (ms % 1000) * 1_000_000
        return Double(whole) + Double(nanos) / 1e9
    }
}
