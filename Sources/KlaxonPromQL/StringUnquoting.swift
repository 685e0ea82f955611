/// Decodes the text of a string token (Prometheus's `strutil.Unquote`): `"…"` and `'…'` with Go escapes,
/// `` `…` `` verbatim. The lexer has already validated the escapes, so this only fails on malformed input
/// that did not come from the lexer.
enum StringUnquoting {
    /// The unescaped value, or nil when `text` is not a well-formed quoted string. `\x`/octal escapes
    /// produce raw bytes; bytes that do not form valid UTF-8 become U+FFFD (a Swift `String` is always valid).
    static func unquote(_ text: String) -> String? {
        let s = Array(text.utf8)
        guard s.count >= 2, let quote = s.first, s.last == quote else { return nil }
        let body = s[1..<(s.count - 1)]
        if quote == UInt8(ascii: "`") {
            if body.contains(UInt8(ascii: "`")) { return nil }
            return String(decoding: body, as: UTF8.self)
        }
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            i += 1
            if b == quote || b == UInt8(ascii: "\n") { return nil }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                continue
            }
            guard i < body.endIndex else { return nil }
            let c = body[i]
            i += 1
            switch c {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"): out.append(c)
            case quote: out.append(c)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard let v = digits(body, &i, count: 2, base: 8, first: UInt32(c - UInt8(ascii: "0"))), v <= 255
                else { return nil }
                out.append(UInt8(v))
            case UInt8(ascii: "x"):
                guard let v = digits(body, &i, count: 2, base: 16, first: 0) else { return nil }
                out.append(UInt8(v))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let n = c == UInt8(ascii: "u") ? 4 : 8
                guard let v = digits(body, &i, count: n, base: 16, first: 0), let scalar = Unicode.Scalar(v) else {
                    return nil
                }
                out.append(contentsOf: Array(String(scalar).utf8))
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digits(
        _ s: ArraySlice<UInt8>, _ i: inout Int, count: Int, base: UInt32, first: UInt32
    ) -> UInt32? {
        var v = first
        for _ in 0..<count {
            guard i < s.endIndex else { return nil }
            let d = Lexer.digitValue(s[i])
            guard d < base else { return nil }
            v = v * base + d
            i += 1
        }
        return v
    }
}
