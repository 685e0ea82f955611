import KlaxonModel

/// Recursive-descent PromQL parser with precedence climbing for binary operators. It follows the shape
/// of Prometheus's yacc grammar closely enough that error messages and their positions agree:
/// syntax errors stop the parse; semantic errors found while parsing (unknown function, bad regex, …) are
/// recorded and the parse goes on, and the first recorded error wins, as in Prometheus.
struct Parser {
    var lexer: Lexer
    let input: String
    /// Errors recorded while parsing, in order. Only the first is reported.
    var recorded: [ParseError] = []
    /// Enclosing constructs that name the context of an "unexpected …" error (yacc's error states).
    var contexts: [SyntaxContext] = []
    /// The peeked token and the lexer state after it.
    private var lookahead: (Token, Lexer)?
    /// End offset of the last consumed token.
    var lastTokenEnd = 0
    /// Tree depth on the current parse path (see `deepen`).
    var pathDepth = 0
    /// Deepest tree Klaxon accepts. Prometheus has no limit (Go stacks grow); real expressions stay far below.
    static let maximumDepth = 256

    init(_ text: String) {
        input = text
        lexer = Lexer(text)
    }

    // MARK: - Entry points

    /// Parses a whole expression, then type-checks it.
    mutating func parseExpression() throws(ParseError) -> Expr {
        let expr: Expr
        do throws(ParseError) {
            if try peek().kind == .endOfInput {
                throw ParseError("no expression found in input", range: 0..<0, input: input)
            }
            expr = try parseExpr(above: 0)
            let tok = try next()
            if tok.kind != .endOfInput { throw unexpected(tok) }
        } catch {
            throw recorded.first ?? error
        }
        if let first = recorded.first { throw first }
        var checker = TypeChecker(input: input)
        return try checker.check(expr)
    }

    /// Parses a lone vector selector (Prometheus's `ParseMetricSelector`).
    mutating func parseSelectorOnly() throws(ParseError) -> [LabelMatcher] {
        let selector: VectorSelector
        do throws(ParseError) {
            let tok = try next()
            switch tok.kind {
            case .leftBrace:
                selector = try parseVectorSelector(name: nil, start: tok.range.lowerBound, braceToken: tok)
            default:
                guard tok.isMetricIdentifier else { throw unexpected(tok) }
                let brace = try peek()
                let braceToken: Token? = brace.kind == .leftBrace ? try next() : nil
                selector = try parseVectorSelector(name: tok, start: tok.range.lowerBound, braceToken: braceToken)
            }
            let end = try next()
            if end.kind != .endOfInput { throw unexpected(end) }
        } catch {
            throw recorded.first ?? error
        }
        if let first = recorded.first { throw first }
        return selector.matchers
    }

    // MARK: - Tokens

    mutating func next() throws(ParseError) -> Token {
        let tok: Token
        if let (peeked, after) = lookahead {
            tok = peeked
            lexer = after
            lookahead = nil
        } else {
            tok = try lexer.next()
        }
        lastTokenEnd = tok.range.upperBound
        return tok
    }

    /// The next token without consuming it; the lexer state after it is kept, so it is lexed once.
    mutating func peek() throws(ParseError) -> Token {
        if let (peeked, _) = lookahead { return peeked }
        var after = lexer
        let tok = try after.next()
        lookahead = (tok, after)
        return tok
    }

    /// Consumes the next token when it has the given kind.
    mutating func accept(_ kind: Token.Kind) throws(ParseError) -> Token? {
        if try peek().kind == kind { return try next() }
        return nil
    }

    /// Consumes a token of the given kind or fails with an "unexpected" error in `context`.
    mutating func expect(_ kind: Token.Kind, _ context: SyntaxContext? = nil) throws(ParseError) -> Token {
        let tok = try next()
        if tok.kind != kind { throw unexpected(tok, context) }
        return tok
    }

    // MARK: - Errors

    /// Records a semantic error and lets the parse continue.
    mutating func record(_ message: String, _ range: TextRange) {
        recorded.append(ParseError(message, range: clamp(range), input: input))
    }

    func fail(_ message: String, _ range: TextRange) -> ParseError {
        ParseError(message, range: clamp(range), input: input)
    }

    /// `unexpected <token> [in <context>][, expected <what>]`, at the token.
    func unexpected(_ tok: Token, _ context: SyntaxContext? = nil) -> ParseError {
        var message = "unexpected " + tok.errorDescription
        if let c = context ?? contexts.last {
            message += " in " + c.name
            if let expected = c.expected { message += ", expected " + expected }
        }
        return fail(message, tok.range)
    }

    func clamp(_ r: TextRange) -> TextRange {
        let n = lexer.source.count
        let lo = max(0, min(r.lowerBound, n))
        return lo..<max(lo, min(r.upperBound, n))
    }

    /// Runs `body` with `context` as the innermost error context.
    mutating func within<T>(
        _ context: SyntaxContext, _ body: (inout Parser) throws(ParseError) -> T
    ) throws(ParseError) -> T {
        contexts.append(context)
        defer { contexts.removeLast() }
        return try body(&self)
    }

    // MARK: - Binary operators

    /// Parses operators binding tighter than `floor`. `^` is right-associative, the rest left-associative.
    mutating func parseExpr(above floor: Int) throws(ParseError) -> Expr {
        let savedDepth = pathDepth
        defer { pathDepth = savedDepth }
        try deepen()
        var lhs = try parseUnary()
        while case .binaryOperator(let op) = try peek().kind, op.precedence > floor {
            let opToken = try next()
            try deepen(at: opToken)
            let matching = try parseBinaryModifiers()
            let rhs = try parseExpr(above: op == .power ? op.precedence - 1 : op.precedence)
            lhs = .binary(
                BinaryExpr(
                    op: op, lhs: lhs, rhs: rhs, matching: matching.matching, returnBool: matching.returnBool,
                    range: lhs.range.lowerBound..<rhs.range.upperBound))
        }
        return lhs
    }

    /// Counts one more level of tree depth on the current path. Klaxon's tree walks (type checking,
    /// printing, evaluation) recurse, so absurdly deep input is refused instead of exhausting the stack.
    mutating func deepen(at token: Token? = nil) throws(ParseError) {
        pathDepth += 1
        if pathDepth > Parser.maximumDepth {
            let at = token?.range ?? (lastTokenEnd..<lastTokenEnd)
            throw fail("expression nested too deeply (more than \(Parser.maximumDepth) levels)", at)
        }
    }

    /// Unary `+`/`-` bind like `*`: `-2 ^ 2` is `-(2 ^ 2)`, `-a * b` is `(-a) * b`. A sign in front of a
    /// number literal is folded into it, as Prometheus does.
    mutating func parseUnary() throws(ParseError) -> Expr {
        let tok = try peek()
        guard case .binaryOperator(let op) = tok.kind, op == .add || op == .subtract else {
            return try parsePostfix()
        }
        _ = try next()
        let operand = try parseExpr(above: BinaryOperator.multiply.precedence)
        let range = tok.range.lowerBound..<operand.range.upperBound
        if case .number(var n) = operand {
            if op == .subtract { n.value = -n.value }
            n.range = range
            return .number(n)
        }
        return .unary(UnaryExpr(negate: op == .subtract, expr: operand, range: range))
    }
}

/// Where a syntax error happened, for Prometheus's "unexpected X in <context>, expected <what>" wording.
enum SyntaxContext: Sendable {
    case aggregation
    case groupingOpen, groupingLabel, groupingList
    case offset, at
    case rangeStart, rangeAfterDuration, subqueryStep, subqueryEnd
    case labelMatcherStart, labelMatcherOperator, labelMatcherValue, labelMatcherList

    var name: String {
        switch self {
        case .aggregation: "aggregation"
        case .groupingOpen, .groupingLabel, .groupingList: "grouping opts"
        case .offset: "offset"
        case .at: "@"
        case .rangeStart: "subquery or range selector"
        case .rangeAfterDuration: "subquery or range"
        case .subqueryStep, .subqueryEnd: "subquery selector"
        case .labelMatcherStart, .labelMatcherOperator, .labelMatcherValue, .labelMatcherList: "label matching"
        }
    }

    var expected: String? {
        switch self {
        case .aggregation: nil
        case .groupingOpen: "\"(\""
        case .groupingLabel: "label"
        case .groupingList: "\",\" or \")\""
        case .offset: "number, duration, step(), or range()"
        case .at: "timestamp"
        case .rangeStart: "number, duration, step(), or range()"
        case .rangeAfterDuration: "\":\" or \"]\""
        case .subqueryStep: "number, duration, step(), range(), or \"]\""
        case .subqueryEnd: "\"]\""
        case .labelMatcherStart: "identifier or \"}\""
        case .labelMatcherOperator: "label matching operator"
        case .labelMatcherValue: "string"
        case .labelMatcherList: "\",\" or \"}\""
        }
    }
}

extension Token {
    /// Tokens Prometheus accepts as a metric name (`metric_identifier`): identifiers and most keywords.
    var isMetricIdentifier: Bool {
        switch kind {
        case .identifier, .metricIdentifier, .aggregator: true
        case .binaryOperator(let op): op == .and || op == .or || op == .unless
        case .keyword(let k):
            switch k {
            case .by, .without, .offset, .fill, .fillLeft, .fillRight, .start, .end, .step, .range, .anchored,
                .smoothed, .maxOf, .minOf:
                true
            case .on, .ignoring, .bool, .groupLeft, .groupRight: false
            }
        default: false
        }
    }

    /// Tokens accepted as a label name in `by (…)`, `on (…)`, `group_left (…)` (`maybe_label`).
    var isLabelName: Bool {
        switch kind {
        case .identifier, .metricIdentifier, .aggregator: true
        case .binaryOperator(let op): op == .and || op == .or || op == .unless || op == .atan2
        case .keyword(let k): k != .without
        default: false
        }
    }
}
