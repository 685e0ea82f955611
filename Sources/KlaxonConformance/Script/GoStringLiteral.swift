/// Reads PromQL/Go string literals: `"…"` and `'…'` with Go escapes, and raw `` `…` `` strings.
///
/// Octal and `\x` escapes produce bytes; a sequence that is not valid UTF-8 is repaired with U+FFFD,
/// since a Swift `String` cannot hold it.
enum GoStringLiteral {
    /// Reads one literal starting at `bytes[start]` (which must be a quote character) and returns the decoded
    /// value and the index just past the closing quote.
    static func read(_ bytes: [UInt8], from start: Int) throws(LineError) -> (value: String, end: Int) {
        guard start < bytes.count else { throw LineError("expected a string literal", at: start) }
        let quote = bytes[start]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") else {
            throw LineError("expected a string literal", at: start)
        }
        var out: [UInt8] = []
        var i = start + 1
        if quote == UInt8(ascii: "`") {
            while i < bytes.count, bytes[i] != quote {
                if bytes[i] != UInt8(ascii: "\r") { out.append(bytes[i]) }
                i += 1
            }
            guard i < bytes.count else { throw LineError("unterminated raw string", at: start) }
            return (String(decoding: out, as: UTF8.self), i + 1)
        }
        while i < bytes.count, bytes[i] != quote {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") { throw LineError("unterminated quoted string", at: start) }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            i = try readEscape(bytes, at: i, quote: quote, into: &out)
        }
        guard i < bytes.count else { throw LineError("unterminated quoted string", at: start) }
        return (String(decoding: out, as: UTF8.self), i + 1)
    }

    /// Decodes a whole literal (`"a\tb"`, `'x'`, `` `raw` ``); the text must hold exactly one literal.
    static func unquote(_ text: String) throws(LineError) -> String {
        let bytes = Array(text.utf8)
        let (value, end) = try read(bytes, from: 0)
        guard end == bytes.count else { throw LineError("unexpected text after string literal", at: end) }
        return value
    }

    /// Reads the escape starting at the backslash `bytes[i]`; returns the index after it.
    private static func readEscape(_ bytes: [UInt8], at i: Int, quote: UInt8, into out: inout [UInt8]) throws(LineError)
        -> Int
    {
        guard i + 1 < bytes.count else { throw LineError("escape sequence not terminated", at: i) }
        let c = bytes[i + 1]
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
            UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11, UInt8(ascii: "\\"): 92,
        ]
        if let s = simple[c] {
            out.append(s)
            return i + 2
        }
        if c == quote {
            out.append(c)
            return i + 2
        }
        let (count, base, maximum): (Int, UInt32, UInt32)
        var digitsStart = i + 1
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "7"): (count, base, maximum) = (3, 8, 255)
        case UInt8(ascii: "x"): (count, base, maximum) = (2, 16, 255); digitsStart = i + 2
        case UInt8(ascii: "u"): (count, base, maximum) = (4, 16, 0x10FFFF); digitsStart = i + 2
        case UInt8(ascii: "U"): (count, base, maximum) = (8, 16, 0x10FFFF); digitsStart = i + 2
        default: throw LineError("unknown escape sequence", at: i)
        }
        var value: UInt32 = 0
        for k in 0..<count {
            let p = digitsStart + k
            guard p < bytes.count, let d = digitValue(bytes[p]), d < base else {
                throw LineError("illegal character in escape sequence", at: i)
            }
            value = value * base + d
        }
        guard value <= maximum, !(0xD800...0xDFFF).contains(value) else {
            throw LineError("escape sequence is an invalid Unicode code point", at: i)
        }
        if c == UInt8(ascii: "u") || c == UInt8(ascii: "U") {
            guard let scalar = Unicode.Scalar(value) else {
                throw LineError("escape sequence is an invalid Unicode code point", at: i)
            }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        } else {
            out.append(UInt8(value))
        }
        return digitsStart + count
    }

    private static func digitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
