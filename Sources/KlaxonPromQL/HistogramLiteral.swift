import KlaxonModel

/// The syntax of a native-histogram literal in a series description, `{{schema:0 sum:5 buckets:[1 2]}}`
/// (Prometheus's `histogram_series_value`). Klaxon checks the syntax and keeps the text; it does not
/// build histograms.
struct HistogramLiteral {
    /// Canonical text: `{{key:value key:[a b]}}`, single spaces.
    var text: String
    /// `schema:` (0 when absent); needed for Prometheus's `{{A}}+{{B}}xN` schema check.
    var schema: Int64

    private enum Kind { case integer, signedNumber, unsignedNumber, buckets, hint }

    private static let keys: [String: Kind] = [
        "schema": .integer, "sum": .signedNumber, "count": .signedNumber, "z_bucket": .signedNumber,
        "z_bucket_w": .unsignedNumber, "custom_values": .buckets, "buckets": .buckets, "offset": .integer,
        "n_buckets": .buckets, "n_offset": .integer, "counter_reset_hint": .hint,
    ]
    private static let hints: Set<String> = ["unknown", "reset", "not_reset", "gauge"]

    /// Scans a literal starting at `i` (at `{{`); `i` ends after `}}`.
    static func scan(_ s: [UInt8], _ i: inout Int, input: String) throws(ParseError) -> HistogramLiteral {
        func fail(_ message: String, _ at: Int) -> ParseError {
            let lo = min(max(at, 0), s.count)
            return ParseError(message, range: lo..<s.count, input: input)
        }
        func unexpectedSpace(_ at: Int) -> ParseError {
            ParseError("unexpected \" \" in series values", range: at..<(at + 1), input: input)
        }
        func word(_ from: Int) -> (String, Int) {
            var j = from
            while j < s.count, isAlpha(s[j]) { j += 1 }
            return (String(decoding: s[from..<j], as: UTF8.self), j)
        }
        func closes(_ j: Int) -> Bool {
            j + 1 < s.count && s[j] == UInt8(ascii: "}") && s[j + 1] == UInt8(ascii: "}")
        }
        /// A number (optionally signed with `-`, or `+` where allowed); returns its text.
        func number(_ j: inout Int, allowSign: Bool) throws(ParseError) -> String {
            let start = j
            if allowSign, j < s.count, s[j] == UInt8(ascii: "-") { j += 1 }
            guard j < s.count else { throw fail("histogram description incomplete unexpected: EOF", j) }
            if isAlpha(s[j]) {
                let (w, end) = word(j)
                guard w.lowercased() == "inf" || w.lowercased() == "nan" else {
                    throw fail("bad histogram descriptor found: \(GoQuote.quote(w))", j)
                }
                j = end
                return String(decoding: s[start..<j], as: UTF8.self)
            }
            guard isDigit(s[j]) || (s[j] == UInt8(ascii: ".") && isDigit(s.count > j + 1 ? s[j + 1] : nil)) else {
                if isSpace(s[j]) { throw unexpectedSpace(j) }
                throw fail("histogram description incomplete unexpected: \(quotedByte(s, j))", j)
            }
            var scanner = NumberScanner(source: s, offset: j, seriesDescription: true)
            let ok = scanner.scan()
            j = scanner.offset
            let text = String(decoding: s[start..<j], as: UTF8.self)
            guard ok, case .success = GoNumber.parse(text) else { throw fail("bad number syntax: \(GoQuote.quote(text))", start) }
            return text
        }

        i += 2  // {{
        var items: [String] = []
        var seen: Set<String> = []
        var schema: Int64 = 0
        if i < s.count, isSpace(s[i]) {
            let space = i
            while i < s.count, isSpace(s[i]) { i += 1 }
            guard closes(i) else {
                if i < s.count, isAlpha(s[i]) {
                    let (w, _) = word(i)
                    throw ParseError("unexpected \(GoQuote.quote(w)) in series values", range: i..<s.count, input: input)
                }
                throw unexpectedSpace(space)
            }
        }
        while !closes(i) {
            guard i < s.count else { throw fail("unexpected end of input in histogram description", i) }
            guard isAlpha(s[i]) else { throw fail("histogram description incomplete unexpected: \(quotedByte(s, i))", i) }
            let keyStart = i
            let (key, afterKey) = word(i)
            guard let kind = keys[key.lowercased()] else {
                throw fail("bad histogram descriptor found: \(GoQuote.quote(key))", keyStart)
            }
            guard afterKey < s.count, s[afterKey] == UInt8(ascii: ":") else {
                throw fail("missing `:` for histogram descriptor", keyStart)
            }
            i = afterKey + 1
            if i < s.count, isSpace(s[i]) { throw unexpectedSpace(i) }
            let value: String
            switch kind {
            case .integer:
                value = try number(&i, allowSign: true)
                guard let v = Int64(value) else {
                    throw fail("invalid repetition in series values: \(GoQuote.quote(value))", keyStart)
                }
                if key.lowercased() == "schema" { schema = v }
            case .signedNumber: value = try number(&i, allowSign: true)
            case .unsignedNumber: value = try number(&i, allowSign: false)
            case .hint:
                let (w, end) = word(i)
                guard hints.contains(w.lowercased()) else {
                    throw fail("bad histogram descriptor found: \(GoQuote.quote(w))", i)
                }
                i = end
                value = w
            case .buckets:
                guard i < s.count, s[i] == UInt8(ascii: "[") else {
                    throw fail("histogram description incomplete unexpected: \(quotedByte(s, i))", i)
                }
                i += 1
                var list: [String] = []
                while true {
                    if i < s.count, s[i] == UInt8(ascii: "]") {
                        if list.isEmpty { throw fail("invalid character in buckets description: ']'", i) }
                        break
                    }
                    if list.isEmpty {
                        if i < s.count, isSpace(s[i]) { throw unexpectedSpace(i) }
                    } else {
                        guard i < s.count, isSpace(s[i]) else {
                            throw fail("invalid character in buckets description: \(quotedByte(s, i))", i)
                        }
                        while i < s.count, isSpace(s[i]) { i += 1 }
                        if i < s.count, s[i] == UInt8(ascii: "]") { break }
                    }
                    list.append(try number(&i, allowSign: true))
                }
                i += 1  // ]
                value = "[" + list.joined(separator: " ") + "]"
            }
            if !seen.insert(key.lowercased()).inserted {
                throw ParseError("duplicate key \(GoQuote.quote(key.lowercased())) in histogram", range: 0..<0, input: input)
            }
            items.append(key.lowercased() + ":" + value)
            if i < s.count, isSpace(s[i]) {
                while i < s.count, isSpace(s[i]) { i += 1 }
            } else if !closes(i) {
                throw fail("histogram description incomplete unexpected: \(quotedByte(s, i))", i)
            }
        }
        i += 2  // }}
        return HistogramLiteral(text: "{{" + items.joined(separator: " ") + "}}", schema: schema)
    }

    private static func quotedByte(_ s: [UInt8], _ i: Int) -> String {
        guard i < s.count else { return "EOF" }
        var end = i + 1
        while end < s.count, s[end] & 0xC0 == 0x80 { end += 1 }
        return GoQuote.quote(String(decoding: s[i..<end], as: UTF8.self), quote: "'")
    }
}
