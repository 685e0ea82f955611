import KlaxonModel

/// Prometheus's `ParseSeriesDesc`: `metric{a="b"} 1+2x3 _ stale -5x2 1e3 Inf _x3 {{schema:0 sum:5}}x2`.
/// The labels part uses the PromQL lexer; the values part has its own small scanner (Prometheus's
/// `lexValueSequence`): no hexadecimal numbers, no durations, `x` separates a repetition count.
struct SeriesDescriptionParser {
    let input: String
    private let bytes: [UInt8]
    private var offset = 0

    init(_ text: String) {
        input = text
        bytes = Array(text.utf8)
    }

    /// Labels, then values.
    mutating func parse() throws(ParseError) -> (Labels, [SeriesValue]) {
        var lexer = Lexer(input)
        var labels: [Label] = []
        var name: String?
        var tok = try lexer.next()
        if tok.kind != .leftBrace {
            guard tok.isMetricIdentifier else { throw unexpected(tok, nil) }
            name = tok.text
            // The label set must follow the name directly.
            if lexer.byte(at: lexer.offset) == UInt8(ascii: "{") {
                tok = try lexer.next()
            }
        }
        if tok.kind == .leftBrace {
            labels = try parseLabelSet(&lexer)
        }
        if let name { labels.append(Label(WellKnown.metricName, name)) }
        offset = lexer.offset
        let values = try parseValues(requireLeadingSpace: true)
        return (Labels(labels), values)
    }

    /// Values only (promtool's `values:` field).
    mutating func parseValuesOnly() throws(ParseError) -> [SeriesValue] {
        offset = 0
        return try parseValues(requireLeadingSpace: false)
    }

    // MARK: - Labels

    private func unexpected(_ tok: Token, _ expected: String?) -> ParseError {
        var message = "unexpected " + tok.errorDescription
        if let expected { message += " in label set, expected " + expected }
        return ParseError(message, range: tok.range, input: input)
    }

    /// After `{`: `name="value"`, `"name"="value"` or `"metric name"`, comma separated, up to `}`.
    private func parseLabelSet(_ lexer: inout Lexer) throws(ParseError) -> [Label] {
        var labels: [Label] = []
        var tok = try lexer.next()
        if tok.kind == .rightBrace { return labels }
        while true {
            switch tok.kind {
            case .identifier, .string:
                let name = tok.kind == .string ? try value(of: tok) : tok.text
                var next = try lexer.next()
                if next.kind == .assign {
                    let v = try lexer.next()
                    guard v.kind == .string else { throw unexpected(v, "string") }
                    labels.append(Label(name, try value(of: v)))
                    next = try lexer.next()
                } else if tok.kind == .string {
                    labels.append(Label(WellKnown.metricName, name))
                } else {
                    throw unexpected(next, "\"=\"")
                }
                switch next.kind {
                case .rightBrace: return labels
                case .comma:
                    tok = try lexer.next()
                    if tok.kind == .rightBrace { return labels }
                default: throw unexpected(next, "\",\" or \"}\"")
                }
            default:
                throw unexpected(tok, "identifier or \"}\"")
            }
        }
    }

    private func value(of tok: Token) throws(ParseError) -> String {
        guard let v = StringUnquoting.unquote(tok.text) else {
            throw ParseError("error unquoting string \(GoQuote.quote(tok.text))", range: tok.range, input: input)
        }
        return v
    }

    // MARK: - Values

    private func fail(_ message: String, _ range: TextRange) -> ParseError {
        ParseError(message, range: range, input: input)
    }

    private mutating func skipSpaces() -> Bool {
        let start = offset
        while offset < bytes.count, isSpace(bytes[offset]) { offset += 1 }
        return offset > start
    }

    private mutating func parseValues(requireLeadingSpace: Bool) throws(ParseError) -> [SeriesValue] {
        var values: [SeriesValue] = []
        var needSpace = requireLeadingSpace
        while true {
            let sawSpace = skipSpaces()
            guard offset < bytes.count else { return values }
            if needSpace && !sawSpace {
                throw fail("unexpected \(describe(at: offset)) in series values", offset..<(offset + 1))
            }
            let itemStart = offset
            values.append(contentsOf: try parseItem())
            if values.count > SeriesValue.maxExpandedValues {
                throw fail(
                    "series values expand to more than \(SeriesValue.maxExpandedValues) samples",
                    itemStart..<Swift.max(offset, itemStart + 1))
            }
            needSpace = true
        }
    }

    private func describe(at i: Int) -> String {
        var end = i + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return GoQuote.quote(String(decoding: bytes[i..<min(end, bytes.count)], as: UTF8.self))
    }

    private mutating func parseItem() throws(ParseError) -> [SeriesValue] {
        if bytes[offset] == UInt8(ascii: "_") {
            offset += 1
            guard accept(UInt8(ascii: "x")) else { return [.omitted] }
            return Array(repeating: .omitted, count: try parseCount())
        }
        if bytes[offset] == UInt8(ascii: "{"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "{") {
            return try parseHistogramItem()
        }
        let first = try parseSeriesValue()
        if accept(UInt8(ascii: "x")) {
            return Array(repeating: first, count: try parseCount() + 1)
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") else {
            return [first]
        }
        guard case .value(var current) = first else {
            throw fail("unexpected \(describe(at: offset)) in series values", offset..<(offset + 1))
        }
        let increment = try parseSignedNumber()
        guard accept(UInt8(ascii: "x")) else {
            let at = min(offset, bytes.count)
            let what = at < bytes.count ? describe(at: at) : "end of input"
            throw fail("unexpected \(what) in series values", at..<min(at + 1, bytes.count))
        }
        let n = try parseCount()
        var out: [SeriesValue] = []
        out.reserveCapacity(n + 1)
        for _ in 0...n {
            out.append(.value(current))
            current += increment  // accumulated step by step, as Prometheus does
        }
        return out
    }

    private mutating func accept(_ b: UInt8) -> Bool {
        if offset < bytes.count, bytes[offset] == b {
            offset += 1
            return true
        }
        return false
    }

    /// `stale`, a number, or a signed number.
    private mutating func parseSeriesValue() throws(ParseError) -> SeriesValue {
        let c = bytes[offset]
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { return .value(try parseSignedNumber()) }
        if isAlpha(c) {
            let start = offset
            while offset < bytes.count, isAlphaNumeric(bytes[offset]) || bytes[offset] == UInt8(ascii: ":") {
                offset += 1
            }
            let word = String(decoding: bytes[start..<offset], as: UTF8.self)
            switch word.lowercased() {
            case "inf": return .value(.infinity)
            case "nan": return .value(.nan)
            default:
                if word == "stale" { return .stale }
                throw fail(
                    "unexpected identifier \(GoQuote.quote(word)) in series values, expected number or \"stale\"",
                    start..<offset)
            }
        }
        return .value(try parseNumber())
    }

    private mutating func parseSignedNumber() throws(ParseError) -> Double {
        let negative = bytes[offset] == UInt8(ascii: "-")
        offset += 1
        guard offset < bytes.count else { throw fail("unexpected end of input in series values", offset..<offset) }
        if isAlpha(bytes[offset]) {
            let start = offset
            while offset < bytes.count, isAlphaNumeric(bytes[offset]) { offset += 1 }
            let word = String(decoding: bytes[start..<offset], as: UTF8.self).lowercased()
            guard word == "inf" || word == "nan" else {
                throw fail("unexpected identifier \(GoQuote.quote(word)) in series values", start..<offset)
            }
            let v: Double = word == "inf" ? .infinity : .nan
            return negative ? -v : v
        }
        let v = try parseNumber()
        return negative ? -v : v
    }

    private mutating func parseNumber() throws(ParseError) -> Double {
        let start = offset
        guard offset < bytes.count, isDigit(bytes[offset]) || bytes[offset] == UInt8(ascii: ".") else {
            let what = offset < bytes.count ? describe(at: offset) : "end of input"
            throw fail("unexpected \(what) in series values", start..<min(offset + 1, bytes.count))
        }
        var scanner = NumberScanner(source: bytes, offset: offset, seriesDescription: true)
        let ok = scanner.scan()
        offset = scanner.offset
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard ok else { throw fail("bad number syntax: \(GoQuote.quote(text))", start..<bytes.count) }
        switch GoNumber.parse(text) {
        case .success(let v): return v
        case .failure(let message): throw fail("error parsing number: \(message)", start..<offset)
        }
    }

    /// The `N` of `xN` (`strconv.ParseUint(s, 10, 64)`).
    private mutating func parseCount() throws(ParseError) -> Int {
        let start = offset
        var scanner = NumberScanner(source: bytes, offset: offset, seriesDescription: true)
        _ = scanner.scan()
        offset = scanner.offset
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard !text.isEmpty, text.utf8.allSatisfy({ isDigit($0) }), let n = Int(text), n <= 10_000_000 else {
            throw fail(
                "invalid repetition in series values: strconv.ParseUint: parsing \(GoQuote.quote(text)): invalid syntax",
                start..<max(offset, min(start + 1, bytes.count)))
        }
        return n
    }

    // MARK: - Native histograms

    /// `{{…}}`, `{{…}}xN`, `{{A}}+{{B}}xN`, `{{A}}-{{B}}xN`. Klaxon keeps the literals as (canonical) text:
    /// the k-th value of `{{A}}+{{B}}xN` is `{{A}}` for k = 0 and `{{A}}+k*{{B}}` (or `-`) after that.
    private mutating func parseHistogramItem() throws(ParseError) -> [SeriesValue] {
        let base = try HistogramLiteral.scan(bytes, &offset, input: input)
        if accept(UInt8(ascii: "x")) {
            return Array(repeating: .histogram(base.text), count: try parseCount() + 1)
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") else {
            return [.histogram(base.text)]
        }
        let sign = bytes[offset] == UInt8(ascii: "+") ? "+" : "-"
        offset += 1
        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "{"), bytes[offset + 1] == UInt8(ascii: "{")
        else {
            throw fail("unexpected \(offset < bytes.count ? describe(at: offset) : "end of input") in series values",
                offset..<min(offset + 1, bytes.count))
        }
        let increment = try HistogramLiteral.scan(bytes, &offset, input: input)
        guard accept(UInt8(ascii: "x")) else {
            throw fail("unexpected \(offset < bytes.count ? describe(at: offset) : "end of input") in series values",
                offset..<min(offset + 1, bytes.count))
        }
        let countStart = offset
        let n = try parseCount()
        if n > 0, base.schema > increment.schema {
            throw fail(
                "error combining histograms: cannot merge from schema \(increment.schema) to \(base.schema)",
                countStart..<offset)
        }
        var out: [SeriesValue] = [.histogram(base.text)]
        for k in stride(from: 1, through: n, by: 1) {
            out.append(.histogram("\(base.text)\(sign)\(k)*\(increment.text)"))
        }
        return out
    }
}
