/// Go's `strconv` and `unicode` helpers that template output depends on byte for byte: quoting, unquoting
/// string and character literals, integer and float parsing (with Go's error texts), and `unicode.IsPrint`.
enum GoStrconv {
    /// Why a Go number conversion failed, spelled as `strconv.NumError` prints it.
    enum NumError: Error, Equatable {
        case syntax
        case range

        var text: String {
            switch self {
            case .syntax: "invalid syntax"
            case .range: "value out of range"
            }
        }
    }

    // MARK: unicode.IsPrint

    /// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x20 && v < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    // MARK: Quoting

    /// `strconv.Quote` (or `QuoteToASCII` when `asciiOnly`).
    static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars { appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out) }
        out += "\""
        return out
    }

    /// `strconv.QuoteRune` (or `QuoteRuneToASCII`); values that are not valid scalars print as U+FFFD.
    static func quoteRune(_ value: Int64, asciiOnly: Bool = false) -> String {
        var scalar: Unicode.Scalar = "\u{FFFD}"
        if value >= 0, value <= 0x10FFFF, let s = Unicode.Scalar(UInt32(value)) { scalar = s }
        var out = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
        out += "'"
        return out
    }

    private static func appendEscaped(_ r: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool, to out: inout String) {
        if r == quote || r == "\\" {
            out += "\\"
            out.unicodeScalars.append(r)
            return
        }
        if asciiOnly {
            if r.value < 0x80 && isPrint(r) {
                out.unicodeScalars.append(r)
                return
            }
        } else if isPrint(r) {
            out.unicodeScalars.append(r)
            return
        }
        switch r {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if r.value < 0x20 || r.value == 0x7F {
                out += "\\x" + hex(r.value, width: 2)
            } else if r.value < 0x10000 {
                out += "\\u" + hex(r.value, width: 4)
            } else {
                out += "\\U" + hex(r.value, width: 8)
            }
        }
    }

    static func hex(_ v: UInt32, width: Int, uppercase: Bool = false) -> String {
        let digits = String(v, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `strconv.CanBackquote`: no control characters other than tab, no backquote, no U+FEFF.
    static func canBackquote(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v == 0x60 || v == 0xFEFF { return false }
            if v < 0x20 && v != 0x09 { return false }
            if v == 0x7F { return false }
        }
        return true
    }

    // MARK: Unquoting

    /// `strconv.Unquote` for a double-quoted or back-quoted literal, including its quotes. Byte escapes
    /// (`\xNN`, octal) that do not form valid UTF-8 decode as U+FFFD, since a Swift string holds only Unicode.
    static func unquote(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, let first = scalars.first, first == scalars.last else { return nil }
        if first == "`" {
            let body = scalars[1..<(scalars.count - 1)]
            if body.contains("`") { return nil }
            var out = String.UnicodeScalarView()
            for s in body where s != "\r" { out.append(s) }  // Go drops carriage returns from raw strings
            return String(out)
        }
        guard first == "\"" else { return nil }
        var bytes: [UInt8] = []
        var i = 1
        let end = scalars.count - 1
        while i < end {
            let c = scalars[i]
            if c == "\"" || c == "\n" { return nil }
            guard let decoded = unquoteChar(scalars, at: i, end: end, quote: "\"") else { return nil }
            if decoded.isByte {
                bytes.append(UInt8(decoded.value))
            } else if let scalar = Unicode.Scalar(decoded.value) {
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = decoded.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `strconv.UnquoteChar`: decodes one (possibly escaped) character starting at `start`. `isByte` marks
    /// `\xNN` and octal escapes, which stand for one byte rather than one character.
    static func unquoteChar(
        _ s: [Unicode.Scalar], at start: Int, end: Int, quote: Unicode.Scalar
    ) -> (value: UInt32, isByte: Bool, next: Int)? {
        var i = start
        guard i < end else { return nil }
        let c = s[i]
        if c == quote && (quote == "'" || quote == "\"") { return nil }
        if c != "\\" { return (c.value, false, i + 1) }
        i += 1
        guard i < end else { return nil }
        let e = s[i]
        i += 1
        switch e {
        case "a": return (0x07, false, i)
        case "b": return (0x08, false, i)
        case "f": return (0x0C, false, i)
        case "n": return (0x0A, false, i)
        case "r": return (0x0D, false, i)
        case "t": return (0x09, false, i)
        case "v": return (0x0B, false, i)
        case "\\": return (0x5C, false, i)
        case "'", "\"":
            guard e == quote else { return nil }
            return (e.value, false, i)
        case "x", "u", "U":
            let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
            guard i + n <= end else { return nil }
            var v: UInt32 = 0
            for k in 0..<n {
                guard let d = hexDigit(s[i + k]) else { return nil }
                v = v << 4 | d
            }
            i += n
            if e == "x" { return (v, true, i) }
            guard Unicode.Scalar(v) != nil else { return nil }
            return (v, false, i)
        case "0"..."7":
            guard i + 2 <= end else { return nil }
            var v = e.value - 48
            for k in 0..<2 {
                let d = s[i + k].value
                guard d >= 48, d <= 55 else { return nil }
                v = v * 8 + (d - 48)
            }
            i += 2
            guard v <= 255 else { return nil }
            return (v, true, i)
        default:
            return nil
        }
    }

    static func hexDigit(_ s: Unicode.Scalar) -> UInt32? {
        switch s.value {
        case 48...57: s.value - 48
        case 65...70: s.value - 55
        case 97...102: s.value - 87
        default: nil
        }
    }

    // MARK: Integers

    /// `strconv.ParseUint(s, 0, 64)`.
    static func parseUint(_ s: String) -> Result<UInt64, NumError> {
        var bytes = Array(s.utf8)
        guard !bytes.isEmpty else { return .failure(.syntax) }
        let original = bytes
        var base: UInt64 = 10
        var prefixed = false
        if bytes[0] == UInt8(ascii: "0") {
            if bytes.count >= 3 {
                switch bytes[1] | 0x20 {
                case UInt8(ascii: "b"): base = 2; bytes.removeFirst(2); prefixed = true
                case UInt8(ascii: "o"): base = 8; bytes.removeFirst(2); prefixed = true
                case UInt8(ascii: "x"): base = 16; bytes.removeFirst(2); prefixed = true
                default: base = 8; bytes.removeFirst(1)
                }
            } else {
                base = 8
                bytes.removeFirst(1)
            }
        }
        _ = prefixed
        var n: UInt64 = 0
        var underscores = false
        var sawDigit = base == 8 && !prefixed  // a lone "0" is a valid octal number
        for c in bytes {
            if c == UInt8(ascii: "_") {
                underscores = true
                continue
            }
            let d: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt64(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt64(c - 55)
            default: return .failure(.syntax)
            }
            if d >= base { return .failure(.syntax) }
            sawDigit = true
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return .failure(.range) }
            n = a
        }
        if !sawDigit { return .failure(.syntax) }
        if underscores && !underscoreOK(original) { return .failure(.syntax) }
        return .success(n)
    }

    /// `strconv.ParseInt(s, 0, 64)`.
    static func parseInt(_ s: String) -> Result<Int64, NumError> {
        var body = Substring(s)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        switch parseUint(String(body)) {
        case .failure(let e): return .failure(e)
        case .success(let u):
            if negative {
                if u > UInt64(Int64.max) + 1 { return .failure(.range) }
                return .success(u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u))
            }
            if u > UInt64(Int64.max) { return .failure(.range) }
            return .success(Int64(u))
        }
    }

    /// Go's `underscoreOK`: underscores only between digits, or between a base prefix and a digit.
    static func underscoreOK(_ bytes: [UInt8]) -> Bool {
        var s = bytes[...]
        var saw: UInt8 = UInt8(ascii: "^")
        if let f = s.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { s = s.dropFirst() }
        var hex = false
        var i = s.startIndex
        if s.count >= 2, s[i] == UInt8(ascii: "0") {
            let l = s[i + 1] | 0x20
            if l == UInt8(ascii: "b") || l == UInt8(ascii: "o") || l == UInt8(ascii: "x") {
                i += 2
                saw = UInt8(ascii: "0")
                hex = l == UInt8(ascii: "x")
            }
        }
        while i < s.endIndex {
            let c = s[i]
            let l = c | 0x20
            if (c >= 48 && c <= 57) || (hex && l >= 97 && l <= 102) {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
            i += 1
        }
        return saw != UInt8(ascii: "_")
    }

    // MARK: Floats

    /// `strconv.ParseFloat(s, 64)`: decimal and hexadecimal forms, underscores, `Inf`/`Infinity`/`NaN`.
    /// On overflow it returns `.range` (Go also returns ±Inf alongside that error).
    static func parseFloat(_ s: String) -> Result<Double, NumError> {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty else { return .failure(.syntax) }
        if let special = parseSpecial(bytes) { return .success(special) }
        var i = 0
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var hex = false
        if i + 2 < bytes.count, bytes[i] == UInt8(ascii: "0"), bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
            hex = true
            i += 2
        }
        var clean: [UInt8] = []
        var sawDigits = false
        var sawDot = false
        var underscores = false
        var sawExp = false
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "_") {
                underscores = true
                i += 1
                continue
            }
            if c == UInt8(ascii: ".") {
                if sawDot { break }
                sawDot = true
                clean.append(c)
            } else if (c >= 48 && c <= 57) || (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102) {
                sawDigits = true
                clean.append(c)
            } else {
                break
            }
            i += 1
        }
        guard sawDigits else { return .failure(.syntax) }
        if i < bytes.count, (bytes[i] | 0x20) == (hex ? UInt8(ascii: "p") : UInt8(ascii: "e")) {
            sawExp = true
            clean.append(hex ? UInt8(ascii: "p") : UInt8(ascii: "e"))
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                clean.append(bytes[i])
                i += 1
            }
            var expDigits = false
            while i < bytes.count, (bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == UInt8(ascii: "_") {
                if bytes[i] == UInt8(ascii: "_") {
                    underscores = true
                } else {
                    expDigits = true
                    clean.append(bytes[i])
                }
                i += 1
            }
            guard expDigits else { return .failure(.syntax) }
        }
        guard i == bytes.count else { return .failure(.syntax) }
        if hex && !sawExp { return .failure(.syntax) }  // hexadecimal mantissa requires a 'p' exponent
        if underscores && !underscoreOK(bytes) { return .failure(.syntax) }
        let text = (negative ? "-" : "") + (hex ? "0x" : "") + String(decoding: clean, as: UTF8.self)
        guard let value = Double(text) else { return .failure(.syntax) }
        if value.isInfinite { return .failure(.range) }
        return .success(value)
    }

    private static func parseSpecial(_ bytes: [UInt8]) -> Double? {
        var body = bytes[...]
        var sign = 1.0
        var signed = false
        if let f = body.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            sign = f == UInt8(ascii: "-") ? -1 : 1
            signed = true
            body = body.dropFirst()
        }
        let lower = String(decoding: body.map { $0 | 0x20 }, as: UTF8.self)
        if lower == "inf" || lower == "infinity" { return sign * .infinity }
        if lower == "nan" && !signed { return .nan }
        return nil
    }
}
