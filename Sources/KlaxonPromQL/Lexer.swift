import KlaxonModel

/// Byte-oriented PromQL lexer. A `Lexer` is a small value: the parser peeks by copying it, so there is no
/// separate backup/peek state to keep consistent. Its modes follow Prometheus's lexer states (statements,
/// inside braces, inside a duration expression in brackets), so error messages match.
struct Lexer {
    let source: [UInt8]
    var offset = 0
    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    /// True right after `[` until the first number inside the bracket (Prometheus's `lexDurationExpr`).
    private var durationMode = false
    private var gotColon = false
    /// Sticky once a number was read inside any bracket, as in Prometheus.
    private var gotDuration = false
    let input: String

    init(_ text: String) {
        input = text
        source = Array(text.utf8)
    }

    /// The next token without consuming it.
    func peek() throws(ParseError) -> Token {
        var copy = self
        return try copy.next()
    }

    /// The next token, skipping comments.
    mutating func next() throws(ParseError) -> Token {
        while true {
            if braceOpen { return try insideBraces() }
            if durationMode { return try insideDurationExpression() }
            if byte(at: offset) == UInt8(ascii: "#") {
                skipComment()
                continue
            }
            if let b = byte(at: offset), isSpace(b) {
                offset += 1
                continue
            }
            return try statement()
        }
    }

    // MARK: - Statements

    private mutating func statement() throws(ParseError) -> Token {
        let start = offset
        guard let b = advance() else {
            if parenDepth != 0 { throw error("unclosed left parenthesis", from: start) }
            if bracketOpen { throw error("unclosed left bracket", from: start) }
            return Token(.endOfInput, start..<start, "")
        }
        switch b {
        case UInt8(ascii: ","): return token(.comma, from: start)
        case UInt8(ascii: "*"): return token(.binaryOperator(.multiply), from: start)
        case UInt8(ascii: "/"): return token(.binaryOperator(.divide), from: start)
        case UInt8(ascii: "%"): return token(.binaryOperator(.modulo), from: start)
        case UInt8(ascii: "+"): return token(.binaryOperator(.add), from: start)
        case UInt8(ascii: "-"): return token(.binaryOperator(.subtract), from: start)
        case UInt8(ascii: "^"): return token(.binaryOperator(.power), from: start)
        case UInt8(ascii: "@"): return token(.at, from: start)
        case UInt8(ascii: "="):
            if consume(UInt8(ascii: "=")) { return token(.binaryOperator(.equal), from: start) }
            if byte(at: offset) == UInt8(ascii: "~") {
                throw error("unexpected character after '=': '~'", from: start)
            }
            return token(.assign, from: start)
        case UInt8(ascii: "!"):
            if consume(UInt8(ascii: "=")) { return token(.binaryOperator(.notEqual), from: start) }
            let shown = quotedRune(at: offset)
            throw error("unexpected character after '!': \(shown)", from: start)
        case UInt8(ascii: "<"):
            if consume(UInt8(ascii: "=")) { return token(.binaryOperator(.lessOrEqual), from: start) }
            if consume(UInt8(ascii: "/")) { return token(.binaryOperator(.trimUpper), from: start) }
            return token(.binaryOperator(.less), from: start)
        case UInt8(ascii: ">"):
            if consume(UInt8(ascii: "=")) { return token(.binaryOperator(.greaterOrEqual), from: start) }
            if consume(UInt8(ascii: "/")) { return token(.binaryOperator(.trimLower), from: start) }
            return token(.binaryOperator(.greater), from: start)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try quotedString(quote: b, from: start)
        case UInt8(ascii: "`"):
            return try rawString(from: start)
        case UInt8(ascii: "("):
            parenDepth += 1
            return token(.leftParen, from: start)
        case UInt8(ascii: ")"):
            parenDepth -= 1
            if parenDepth < 0 { throw error("unexpected right parenthesis ')'", from: offset) }
            return token(.rightParen, from: start)
        case UInt8(ascii: "{"):
            braceOpen = true
            return token(.leftBrace, from: start)
        case UInt8(ascii: "["):
            if bracketOpen { throw error("unexpected left bracket '['", from: start) }
            gotColon = false
            bracketOpen = true
            durationMode = true
            return token(.leftBracket, from: start)
        case UInt8(ascii: "]"):
            if !bracketOpen { throw error("unexpected right bracket ']'", from: start) }
            bracketOpen = false
            return token(.rightBracket, from: start)
        default:
            if isDigit(b) || (b == UInt8(ascii: ".") && isDigit(byte(at: offset))) {
                offset = start
                return try numberOrDuration(from: start)
            }
            if isAlpha(b) || b == UInt8(ascii: ":") {
                if !bracketOpen {
                    offset = start
                    return identifierOrKeyword(from: start)
                }
                if b == UInt8(ascii: ":") {
                    if gotColon { throw error("unexpected colon ':'", from: start) }
                    gotColon = true
                    return token(.colon, from: start)
                }
                offset = start
                if let keyword = durationKeyword(from: start) { return keyword }
                offset = start + 1
                throw error("unexpected character: \(quotedRune(at: start)), expected ':'", from: start)
            }
            throw error("unexpected character: \(quotedRune(at: start))", from: start)
        }
    }

    /// Identifiers may contain `:`; keywords are case-insensitive.
    private mutating func identifierOrKeyword(from start: Int) -> Token {
        while let b = byte(at: offset), isAlphaNumeric(b) || b == UInt8(ascii: ":") { offset += 1 }
        let word = text(start..<offset)
        let lower = word.lowercased()
        if lower == "inf" || lower == "nan" { return Token(.number, start..<offset, word) }
        if let op = BinaryOperator.keywordOperators[lower] { return Token(.binaryOperator(op), start..<offset, word) }
        if let agg = AggregateOp(rawValue: lower) { return Token(.aggregator(agg), start..<offset, word) }
        if let kw = Token.Keyword(rawValue: lower) {
            // fill/fill_left/fill_right are keywords only when a `(` follows, so `fill` stays a metric name.
            if kw == .fill || kw == .fillLeft || kw == .fillRight, !followedByLeftParen() {
                return Token(.identifier, start..<offset, word)
            }
            return Token(.keyword(kw), start..<offset, word)
        }
        if word.utf8.contains(UInt8(ascii: ":")) { return Token(.metricIdentifier, start..<offset, word) }
        return Token(.identifier, start..<offset, word)
    }

    private func followedByLeftParen() -> Bool {
        var i = offset
        while let b = byte(at: i) {
            if !isSpace(b) { return b == UInt8(ascii: "(") }
            i += 1
        }
        return false
    }

    // MARK: - Inside braces

    private mutating func insideBraces() throws(ParseError) -> Token {
        while true {
            if byte(at: offset) == UInt8(ascii: "#") {
                skipComment()
                continue
            }
            if let b = byte(at: offset), isSpace(b) {
                offset += 1
                continue
            }
            break
        }
        let start = offset
        guard let b = advance() else { throw error("unexpected end of input inside braces", from: start) }
        switch b {
        case UInt8(ascii: ","): return token(.comma, from: start)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return try quotedString(quote: b, from: start)
        case UInt8(ascii: "`"): return try rawString(from: start)
        case UInt8(ascii: "="):
            if consume(UInt8(ascii: "~")) { return token(.regexMatch, from: start) }
            return token(.assign, from: start)
        case UInt8(ascii: "!"):
            if consume(UInt8(ascii: "~")) { return token(.regexNoMatch, from: start) }
            if consume(UInt8(ascii: "=")) { return token(.binaryOperator(.notEqual), from: start) }
            let shown = quotedRune(at: offset)
            throw error("unexpected character after '!' inside braces: \(shown)", from: start)
        case UInt8(ascii: "{"): throw error("unexpected left brace '{'", from: start)
        case UInt8(ascii: "}"):
            braceOpen = false
            return token(.rightBrace, from: start)
        default:
            if isAlpha(b) {
                while let c = byte(at: offset), isAlphaNumeric(c) { offset += 1 }
                return token(.identifier, from: start)
            }
            throw error("unexpected character inside braces: \(quotedRune(at: start))", from: start)
        }
    }

    // MARK: - Duration expressions (`[…]` right after the bracket)

    private mutating func insideDurationExpression() throws(ParseError) -> Token {
        while let b = byte(at: offset), isSpace(b) { offset += 1 }
        let start = offset
        guard let b = advance() else { throw error("unexpected end of input in duration expression", from: start) }
        switch b {
        case UInt8(ascii: "]"):
            bracketOpen = false
            durationMode = false
            gotColon = false
            return token(.rightBracket, from: start)
        case UInt8(ascii: ":"):
            if !gotDuration { throw error("unexpected colon before duration in duration expression", from: offset) }
            if gotColon { throw error("unexpected repeated colon in duration expression", from: offset) }
            gotColon = true
            return token(.colon, from: start)
        case UInt8(ascii: "("):
            parenDepth += 1
            return token(.leftParen, from: start)
        case UInt8(ascii: ")"):
            parenDepth -= 1
            if parenDepth < 0 { throw error("unexpected right parenthesis ')'", from: offset) }
            return token(.rightParen, from: start)
        case UInt8(ascii: "+"): return token(.binaryOperator(.add), from: start)
        case UInt8(ascii: "-"): return token(.binaryOperator(.subtract), from: start)
        case UInt8(ascii: "*"): return token(.binaryOperator(.multiply), from: start)
        case UInt8(ascii: "/"): return token(.binaryOperator(.divide), from: start)
        case UInt8(ascii: "%"): return token(.binaryOperator(.modulo), from: start)
        case UInt8(ascii: "^"): return token(.binaryOperator(.power), from: start)
        case UInt8(ascii: ","): return token(.comma, from: start)
        default:
            if isDigit(b) || (b == UInt8(ascii: ".") && isDigit(byte(at: offset))) {
                offset = start
                gotDuration = true
                durationMode = false
                return try numberOrDuration(from: start)
            }
            offset = start
            if isAlpha(b), let keyword = durationKeyword(from: start) { return keyword }
            offset = start + 1
            throw error("unexpected character in duration expression: \(quotedRune(at: start))", from: start)
        }
    }

    /// `step`, `range`, `min_of`, `max_of` (any case) inside brackets.
    private mutating func durationKeyword(from start: Int) -> Token? {
        var end = start
        while let b = byte(at: end), isAlpha(b) { end += 1 }
        let word = text(start..<end).lowercased()
        guard let kw = Token.Keyword(rawValue: word), [.step, .range, .minOf, .maxOf].contains(kw) else { return nil }
        offset = end
        return Token(.keyword(kw), start..<end, text(start..<end))
    }

    // MARK: - Helpers

    func byte(at i: Int) -> UInt8? { i >= 0 && i < source.count ? source[i] : nil }

    private mutating func advance() -> UInt8? {
        guard offset < source.count else { return nil }
        defer { offset += 1 }
        return source[offset]
    }

    private mutating func consume(_ b: UInt8) -> Bool {
        if byte(at: offset) == b {
            offset += 1
            return true
        }
        return false
    }

    private mutating func skipComment() {
        while let b = byte(at: offset), b != UInt8(ascii: "\n"), b != UInt8(ascii: "\r") { offset += 1 }
    }

    func text(_ r: TextRange) -> String {
        let lo = max(0, min(r.lowerBound, source.count))
        let hi = max(lo, min(r.upperBound, source.count))
        return String(decoding: source[lo..<hi], as: UTF8.self)
    }

    private func token(_ kind: Token.Kind, from start: Int) -> Token {
        Token(kind, start..<offset, text(start..<offset))
    }

    /// Lexer errors span from `start` to the end of the input, as in Prometheus.
    func error(_ message: String, from start: Int) -> ParseError {
        let lo = max(0, min(start, source.count))
        return ParseError(message, range: lo..<source.count, input: input)
    }

    /// Go's `%q` of the rune starting at byte `i` (`'\ufffd'`-like for end of input).
    func quotedRune(at i: Int) -> String {
        guard i < source.count else { return "'\u{FFFD}'" }
        var end = i + 1
        while end < source.count, source[end] & 0xC0 == 0x80 { end += 1 }
        return GoQuote.quote(text(i..<end), quote: "'")
    }
}

func isSpace(_ b: UInt8) -> Bool {
    b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
}
func isDigit(_ b: UInt8?) -> Bool {
    guard let b else { return false }
    return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
}
func isAlpha(_ b: UInt8) -> Bool {
    b == UInt8(ascii: "_") || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
        || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
}
func isAlphaNumeric(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
