import KlaxonModel

extension Lexer {
    // MARK: - Numbers and durations

    /// A number (`1`, `0x1f`, `1e3`, `.5`, `5.`, `1_000`) or a duration (`5m`, `1h30m`).
    mutating func numberOrDuration(from start: Int) throws(ParseError) -> Token {
        var scanner = NumberScanner(source: source, offset: start, seriesDescription: false)
        if scanner.scan() {
            offset = scanner.offset
            return Token(.number, start..<scanner.offset, text(start..<scanner.offset))
        }
        var i = scanner.offset
        if Lexer.acceptRemainingDuration(source, &i) {
            offset = i
            return Token(.duration, start..<i, text(start..<i))
        }
        throw error("bad number or duration syntax: \(GoQuote.quote(text(start..<i)))", from: start)
    }

    /// After the digits of a duration: units (`ms` `s` `m` `h` `d` `w` `y`), more digit+unit groups, and no
    /// letter or digit after it. `i` ends one past the first byte that was looked at and rejected.
    static func acceptRemainingDuration(_ s: [UInt8], _ i: inout Int) -> Bool {
        func accept(_ set: String) -> Bool {
            if i < s.count, set.utf8.contains(s[i]) {
                i += 1
                return true
            }
            return false
        }
        if !accept("smhdwy") { return false }
        _ = accept("s")
        while accept("0123456789") {
            while accept("0123456789") {}
            if !accept("smhdw") { return false }
            _ = accept("s")
        }
        if i < s.count, isAlphaNumeric(s[i]) {
            i += 1
            return false
        }
        return true
    }

    // MARK: - Strings

    /// A `"…"` or `'…'` string with Go escapes; the token text keeps the quotes.
    mutating func quotedString(quote: UInt8, from start: Int) throws(ParseError) -> Token {
        var i = start + 1
        while true {
            guard i < source.count else { throw error("unterminated quoted string", from: start) }
            let b = source[i]
            i += 1
            if b == quote { break }
            if b == UInt8(ascii: "\n") { throw error("unterminated quoted string", from: start) }
            if b == UInt8(ascii: "\\") {
                if let message = Lexer.checkEscape(source, &i, quote: quote) { throw error(message, from: start) }
            }
        }
        offset = i
        return Token(.string, start..<i, text(start..<i))
    }

    /// A `` `…` `` raw string: no escapes, may span lines.
    mutating func rawString(from start: Int) throws(ParseError) -> Token {
        var i = start + 1
        while true {
            guard i < source.count else { throw error("unterminated raw string", from: start) }
            i += 1
            if source[i - 1] == UInt8(ascii: "`") { break }
        }
        offset = i
        return Token(.string, start..<i, text(start..<i))
    }

    /// Validates one escape sequence after `\` (Prometheus's `lexEscape`); returns an error message or nil.
    static func checkEscape(_ s: [UInt8], _ i: inout Int, quote: UInt8) -> String? {
        guard i < s.count else { return "escape sequence not terminated" }
        let c = s[i]
        i += 1
        var count = 0
        var base: UInt32 = 0
        var maxValue: UInt32 = 0
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
            UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), quote:
            return nil
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            (count, base, maxValue) = (3, 8, 255)
            i -= 1
        case UInt8(ascii: "x"): (count, base, maxValue) = (2, 16, 255)
        case UInt8(ascii: "u"): (count, base, maxValue) = (4, 16, 0x10FFFF)
        case UInt8(ascii: "U"): (count, base, maxValue) = (8, 16, 0x10FFFF)
        default:
            i -= 1
            return "unknown escape sequence \(runeDescription(s, &i))"
        }
        var x: UInt32 = 0
        for _ in 0..<count {
            guard i < s.count else { return "escape sequence not terminated" }
            let d = digitValue(s[i])
            if d >= base { return "illegal character \(runeDescription(s, &i)) in escape sequence" }
            x = x &* base &+ d
            i += 1
        }
        if x > maxValue || (0xD800..<0xE000).contains(x) { return "escape sequence is an invalid Unicode code point" }
        return nil
    }

    /// Go's `%#U`: `U+0071 'q'`.
    private static func runeDescription(_ s: [UInt8], _ i: inout Int) -> String {
        var end = i + 1
        while end < s.count, s[end] & 0xC0 == 0x80 { end += 1 }
        let str = String(decoding: s[i..<min(end, s.count)], as: UTF8.self)
        let scalar = str.unicodeScalars.first ?? "\u{FFFD}"
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if GoQuote.isPrintableScalar(scalar) { return code + " '" + String(scalar) + "'" }
        return code
    }

    static func digitValue(_ b: UInt8) -> UInt32 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: 16
        }
    }
}

extension GoQuote {
    /// Whether Go would print the scalar as is in `%q`/`%#U`.
    static func isPrintableScalar(_ scalar: Unicode.Scalar) -> Bool {
        let quoted = GoQuote.quote(String(scalar))
        return quoted.unicodeScalars.count == 3
    }
}

/// Prometheus's `scanNumber`: decimal, hexadecimal (`0x…`, not in series descriptions), fractions,
/// exponents and `_` digit separators. The text is not necessarily a valid number; the parser checks.
struct NumberScanner {
    let source: [UInt8]
    var offset: Int
    let seriesDescription: Bool

    private func peek() -> UInt8? { offset < source.count ? source[offset] : nil }

    private mutating func accept(_ set: String) -> Bool {
        if let b = peek(), set.utf8.contains(b) {
            offset += 1
            return true
        }
        return false
    }

    private func peekIs(_ set: String) -> Bool {
        if let b = peek() { return set.utf8.contains(b) }
        return false
    }

    /// True when a number was scanned and is not followed by a letter or digit (`x` is allowed after a
    /// number in series descriptions).
    mutating func scan() -> Bool {
        let initial = offset
        var digits = "0123456789"
        if !seriesDescription, accept("0"), accept("xX") {
            _ = accept("_")
            digits = "0123456789abcdefABCDEF"
        }
        _ = accept(".")
        _ = accept(digits)
        var dotConsumed = false
        var exponentConsumed = false
        while peekIs(digits + "._eE") {
            if peekIs("."), dotConsumed {
                _ = accept(".")
                return false
            }
            if peekIs("eE"), exponentConsumed {
                _ = accept("eE")
                return false
            }
            if accept(".") {
                dotConsumed = true
                if accept("_.") { return false }
                if digits.count > 10 { return false }
                continue
            }
            if accept("eE") {
                exponentConsumed = true
                _ = accept("+-")
                if accept("._eE") || peek() == nil { return false }
                continue
            }
            if accept("_") {
                if accept("._eE") || peek() == nil { return false }
                continue
            }
            while accept(digits) {}
        }
        if offset == initial { return false }
        guard let next = peek() else { return true }
        if seriesDescription, next == UInt8(ascii: "x") { return true }
        return !isAlphaNumeric(next)
    }
}
