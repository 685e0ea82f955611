public import KlaxonModel
public import KlaxonPromQL

/// One `<series> <values>` line of a `load` block or of an eval's expected results, expanded.
public struct SeriesLine: Sendable, Equatable {
    /// The series' labels (the metric name, written before or inside the braces, is `__name__`).
    public var labels: Labels
    /// One entry per position: position k is at `k × interval` in a load, at `start + k × step` in a result.
    public var values: [SeriesValue]

    public init(labels: Labels, values: [SeriesValue]) {
        self.labels = labels
        self.values = values
    }
}

/// Reads series lines (`name{a="b"} 0+10x10 _ stale {{schema:0 sum:5}}x2`) and start-timestamp sequences
/// (`_ _ -30s-1mx2`).
///
/// Klaxon's conformance runner reads its expectations with this parser rather than the PromQL module's
/// `parseSeriesDescription`: the code under test must not be the code that tells the runner what to expect.
/// Native-histogram literals are kept as their text (`.histogram`), never interpreted.
enum SeriesLineParser {
    /// Parses a whole series line.
    static func parse(_ text: String) throws(LineError) -> SeriesLine {
        var scanner = ByteScanner(text)
        let labels = try parseMetric(&scanner)
        guard scanner.atEnd || scanner.peekIsSpace else {
            throw LineError("unexpected character after the series' labels", at: scanner.offset)
        }
        return SeriesLine(labels: labels, values: try parseValues(&scanner))
    }

    /// Parses only the metric of a line (`name{a="b"}`); it must span the whole text.
    static func parseMetricOnly(_ text: String) throws(LineError) -> Labels {
        var scanner = ByteScanner(text)
        let labels = try parseMetric(&scanner)
        scanner.skipSpaces()
        guard scanner.atEnd else { throw LineError("unexpected text after the series' labels", at: scanner.offset) }
        return labels
    }

    // MARK: - Metric

    private static func parseMetric(_ s: inout ByteScanner) throws(LineError) -> Labels {
        s.skipSpaces()
        var name: String?
        if let first = s.peek, first.isIdentifierHead {
            name = s.readIdentifier(allowColon: true)
        }
        var pairs: [Label] = []
        if s.peek == UInt8(ascii: "{"), s.peek(at: 1) != UInt8(ascii: "{") {
            let open = s.offset
            s.advance()
            let (inner, innerName) = try parseLabelList(&s, open: open)
            pairs = inner
            if let innerName {
                guard name == nil else { throw LineError("metric name must not be set twice", at: open) }
                name = innerName
            }
        } else if name == nil {
            throw LineError("expected a metric name or '{'", at: s.offset)
        }
        if let name {
            if pairs.contains(where: { $0.name == WellKnown.metricName }) {
                throw LineError("metric name must not be set twice", at: 0)
            }
            pairs.append(Label(WellKnown.metricName, name))
        }
        var seen = Set<String>()
        for pair in pairs where !seen.insert(pair.name).inserted {
            throw LineError("label \(GoQuote.quote(pair.name)) is set twice", at: 0)
        }
        return Labels(pairs)
    }

    /// Reads `a="b", "c"="d", "name"}` after the `{`; returns the pairs and a metric name given as a bare string.
    private static func parseLabelList(_ s: inout ByteScanner, open: Int) throws(LineError) -> ([Label], String?) {
        var pairs: [Label] = []
        var bareName: String?
        while true {
            s.skipSpaces()
            guard let c = s.peek else { throw LineError("unclosed '{'", at: open) }
            if c == UInt8(ascii: "}") {
                s.advance()
                return (pairs, bareName)
            }
            let keyStart = s.offset
            let key: String
            var keyIsString = false
            if c.isIdentifierHead {
                key = s.readIdentifier(allowColon: true)
            } else if c.isQuote {
                (key, s.offset) = try GoStringLiteral.read(s.bytes, from: s.offset)
                keyIsString = true
            } else {
                throw LineError("expected a label name", at: s.offset)
            }
            s.skipSpaces()
            if keyIsString, s.peek == UInt8(ascii: ",") || s.peek == UInt8(ascii: "}") {
                guard bareName == nil else { throw LineError("metric name must not be set twice", at: keyStart) }
                bareName = key
            } else {
                guard s.peek == UInt8(ascii: "=") else {
                    throw LineError("expected '=' after label \(GoQuote.quote(key))", at: s.offset)
                }
                s.advance()
                if s.peek == UInt8(ascii: "~") || s.peek == UInt8(ascii: "=") {
                    throw LineError("only '=' label matchers are allowed in series", at: s.offset - 1)
                }
                s.skipSpaces()
                guard let q = s.peek, q.isQuote else {
                    throw LineError("expected a quoted label value", at: s.offset)
                }
                let value: String
                (value, s.offset) = try GoStringLiteral.read(s.bytes, from: s.offset)
                pairs.append(Label(key, value))
            }
            s.skipSpaces()
            if s.peek == UInt8(ascii: ",") {
                s.advance()
            } else if s.peek != UInt8(ascii: "}") {
                throw LineError("expected ',' or '}' in label list", at: s.offset)
            }
        }
    }

    // MARK: - Values

    private static func parseValues(_ s: inout ByteScanner) throws(LineError) -> [SeriesValue] {
        var values: [SeriesValue] = []
        while true {
            s.skipSpaces()
            guard !s.atEnd else { return values }
            let start = s.offset
            try parseItem(&s, into: &values)
            guard s.atEnd || s.peekIsSpace else {
                throw LineError("unexpected character in series values", at: s.offset > start ? s.offset : start)
            }
        }
    }

    private static func parseItem(_ s: inout ByteScanner, into values: inout [SeriesValue]) throws(LineError) {
        let start = s.offset
        if s.peek == UInt8(ascii: "_") {
            s.advance()
            if let n = try readTimes(&s) {
                values.append(contentsOf: repeatElement(.omitted, count: n))
            } else {
                values.append(.omitted)
            }
            return
        }
        if s.peek == UInt8(ascii: "{"), s.peek(at: 1) == UInt8(ascii: "{") {
            let first = try readHistogram(&s)
            if let sign = s.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                s.advance()
                guard s.peek == UInt8(ascii: "{"), s.peek(at: 1) == UInt8(ascii: "{") else {
                    throw LineError("expected a histogram after '\(Character(Unicode.Scalar(sign)))'", at: s.offset)
                }
                let second = try readHistogram(&s)
                guard let n = try readTimes(&s) else {
                    throw LineError("expected 'x<count>' after a histogram increment", at: s.offset)
                }
                let op = sign == UInt8(ascii: "+") ? "+" : "-"
                for k in 0...n {
                    values.append(.histogram(k == 0 ? first : "\(first)\(op)\(k)*\(second)"))
                }
            } else if let n = try readTimes(&s) {
                values.append(contentsOf: repeatElement(.histogram(first), count: n + 1))
            } else {
                values.append(.histogram(first))
            }
            return
        }
        guard let base = try readSeriesValue(&s) else {
            throw LineError("expected a number, '_', 'stale' or a histogram in series values", at: start)
        }
        if let sign = s.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let deltaStart = s.offset
            guard case .value(let a) = base, let delta = try readSignedNumber(&s) else {
                throw LineError("expected '<number>+<number>x<count>'", at: deltaStart)
            }
            guard let n = try readTimes(&s) else {
                throw LineError("expected 'x<count>' after an increment", at: s.offset)
            }
            var current = a
            for _ in 0...n {
                values.append(.value(current))
                current += delta
            }
        } else if let n = try readTimes(&s) {
            values.append(contentsOf: repeatElement(base, count: n + 1))
        } else {
            values.append(base)
        }
    }

    /// `stale`, a number, or a signed number.
    private static func readSeriesValue(_ s: inout ByteScanner) throws(LineError) -> SeriesValue? {
        if let c = s.peek, c.isLetter {
            let start = s.offset
            let word = s.readIdentifier(allowColon: true)
            if word == "stale" { return .stale }
            if let v = specialNumber(word) { return .value(v) }
            throw LineError("unexpected identifier \(GoQuote.quote(word)) in series values", at: start)
        }
        if let c = s.peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            return try readSignedNumber(&s).map { .value($0) }
        }
        return try readNumber(&s).map { .value($0) }
    }

    private static func readSignedNumber(_ s: inout ByteScanner) throws(LineError) -> Double? {
        guard let c = s.peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else { return nil }
        s.advance()
        let negative = c == UInt8(ascii: "-")
        let magnitude: Double?
        if let l = s.peek, l.isLetter {
            let start = s.offset
            let word = s.readIdentifier(allowColon: true)
            guard let v = specialNumber(word) else {
                throw LineError("unexpected identifier \(GoQuote.quote(word)) in series values", at: start)
            }
            magnitude = v
        } else {
            magnitude = try readNumber(&s)
        }
        guard let m = magnitude else { throw LineError("expected a number after the sign", at: s.offset) }
        return negative ? -m : m
    }

    /// A decimal literal: `1`, `.5`, `2.`, `1e3`, `1.78264E+50`. No hex (`0x5` is `0` repeated).
    private static func readNumber(_ s: inout ByteScanner) throws(LineError) -> Double? {
        let start = s.offset
        var sawDigit = false
        while let c = s.peek, c.isDigit {
            sawDigit = true
            s.advance()
        }
        if s.peek == UInt8(ascii: ".") {
            s.advance()
            while let c = s.peek, c.isDigit {
                sawDigit = true
                s.advance()
            }
        }
        guard sawDigit else {
            s.offset = start
            return nil
        }
        if let e = s.peek, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            s.advance()
            if let sign = s.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { s.advance() }
            var exponentDigits = false
            while let c = s.peek, c.isDigit {
                exponentDigits = true
                s.advance()
            }
            guard exponentDigits else { throw LineError("bad number or duration syntax", at: start) }
        }
        let text = String(decoding: s.bytes[start..<s.offset], as: UTF8.self)
        guard let v = Double(text) else { throw LineError("bad number \(GoQuote.quote(text))", at: start) }
        return v
    }

    /// `Inf`, `NaN` in any case.
    static func specialNumber(_ word: String) -> Double? {
        switch word.lowercased() {
        case "inf": .infinity
        case "nan": .nan
        default: nil
        }
    }

    /// `x<count>` if present.
    private static func readTimes(_ s: inout ByteScanner) throws(LineError) -> Int? {
        guard s.peek == UInt8(ascii: "x") else { return nil }
        s.advance()
        let start = s.offset
        var n = 0
        while let c = s.peek, c.isDigit {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
            guard !o1, !o2, a <= 1_000_000 else { throw LineError("repetition count too large", at: start) }
            n = a
            s.advance()
        }
        guard s.offset > start else { throw LineError("expected a repetition count after 'x'", at: start) }
        return n
    }

    /// `{{…}}`: returns the text between the braces, trimmed.
    private static func readHistogram(_ s: inout ByteScanner) throws(LineError) -> String {
        let open = s.offset
        s.advance(by: 2)
        let bodyStart = s.offset
        while !s.atEnd {
            if s.peek == UInt8(ascii: "}"), s.peek(at: 1) == UInt8(ascii: "}") {
                let body = String(decoding: s.bytes[bodyStart..<s.offset], as: UTF8.self)
                s.advance(by: 2)
                return body.trimmingSpaces
            }
            if s.peek == UInt8(ascii: "{") { throw LineError("unexpected '{' inside a histogram", at: s.offset) }
            s.advance()
        }
        throw LineError("unclosed histogram '{{'", at: open)
    }

    // MARK: - Start timestamps

    /// Expands an `@st` sequence (`_ _ -30s-1mx2 0 1ms`): one entry per position, nil for `_`, else the offset
    /// in milliseconds from the sample's own timestamp.
    static func parseStartTimestamps(_ text: String) throws(LineError) -> [Int64?] {
        var s = ByteScanner(text)
        var out: [Int64?] = []
        while true {
            s.skipSpaces()
            guard !s.atEnd else { return out }
            let start = s.offset
            if s.peek == UInt8(ascii: "_") {
                s.advance()
                if let n = try readTimes(&s) {
                    guard n > 0 else { throw LineError("invalid repeat count", at: start) }
                    out.append(contentsOf: repeatElement(nil, count: n))
                } else {
                    out.append(nil)
                }
            } else {
                let base = try readSignedDuration(&s)
                if let sign = s.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    s.advance()
                    let magnitude = try readSignedDuration(&s, allowSign: false)
                    let delta = sign == UInt8(ascii: "-") ? -magnitude : magnitude
                    guard let n = try readTimes(&s) else {
                        throw LineError("expected 'x<count>' after step duration", at: s.offset)
                    }
                    for k in 0...n {
                        guard let offset = Timestamp.position(k, from: base, every: delta) else {
                            throw LineError("start-timestamp offset out of range", at: start)
                        }
                        out.append(offset)
                    }
                } else if let n = try readTimes(&s) {
                    out.append(contentsOf: repeatElement(Optional(base), count: n + 1))
                } else {
                    out.append(base)
                }
            }
            guard s.atEnd || s.peekIsSpace else { throw LineError("invalid start-timestamp item", at: start) }
        }
    }

    private static func readSignedDuration(_ s: inout ByteScanner, allowSign: Bool = true) throws(LineError) -> Int64 {
        let start = s.offset
        var negative = false
        if allowSign, let c = s.peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            negative = c == UInt8(ascii: "-")
            s.advance()
        }
        let bodyStart = s.offset
        while let c = s.peek, c.isDigit { s.advance() }
        guard s.offset > bodyStart else { throw LineError("expected digits in duration", at: start) }
        while let c = s.peek, c.isLetter, c != UInt8(ascii: "x") { s.advance() }
        let text = String(decoding: s.bytes[bodyStart..<s.offset], as: UTF8.self)
        let ms: Int64
        do {
            ms = try PromDuration.parse(text)
        } catch {
            throw LineError("invalid duration \(GoQuote.quote(text))", at: bodyStart)
        }
        return negative ? -ms : ms
    }
}

/// A cursor over the UTF-8 bytes of one line.
struct ByteScanner {
    let bytes: [UInt8]
    var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { offset >= bytes.count }
    var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }
    var peekIsSpace: Bool { peek.map { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } ?? false }

    func peek(at distance: Int) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    mutating func advance(by n: Int = 1) { offset = Swift.min(offset + n, bytes.count) }

    mutating func skipSpaces() {
        while peekIsSpace { offset += 1 }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, with `:` when `allowColon` (metric names).
    mutating func readIdentifier(allowColon: Bool) -> String {
        let start = offset
        while let c = peek, c.isLetter || c.isDigit || c == UInt8(ascii: "_") || (allowColon && c == UInt8(ascii: ":")) {
            offset += 1
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isLetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }
    var isIdentifierHead: Bool { isLetter || self == UInt8(ascii: "_") || self == UInt8(ascii: ":") }
    var isQuote: Bool { self == UInt8(ascii: "\"") || self == UInt8(ascii: "'") || self == UInt8(ascii: "`") }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line-break characters.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
