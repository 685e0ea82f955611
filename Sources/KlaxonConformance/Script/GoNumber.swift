/// Go's number parsing as the script format uses it for scalar result lines: `strconv.ParseInt(s, 0, 64)`, and
/// when that fails `strconv.ParseFloat(s, 64)`.
enum GoNumber {
    /// The value of `text`, or nil when it is not a number (then the line is a series row).
    static func parse(_ text: String) -> Double? {
        if let i = parseInteger(text) { return Double(i) }
        return parseFloat(text)
    }

    /// `ParseInt(s, 0, 64)`: optional sign, then `0x…`, `0o…`, `0b…`, `0…` (octal) or decimal digits.
    static func parseInteger(_ text: String) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var radix = 10
        let lower = Array(bytes.prefix(2)).map { $0 | 0x20 }
        if lower.count == 2, lower[0] == UInt8(ascii: "0") {
            switch lower[1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { bytes = bytes.dropFirst(2) }
        }
        if radix == 10, bytes.count > 1, bytes.first == UInt8(ascii: "0") {
            radix = 8
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        let digits = String(decoding: bytes, as: UTF8.self)
        guard digits.utf8.allSatisfy({ $0.isDigit || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "f")) }),
            let magnitude = UInt64(digits, radix: radix)
        else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// `ParseFloat(s, 64)` for decimal syntax and the special names (`Inf`, `+Inf`, `infinity`, `NaN`, any case).
    static func parseFloat(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // digits [. digits] | . digits, then an optional exponent
        var i = body.utf8.startIndex
        let utf8 = body.utf8
        var mantissaDigits = 0
        while i < utf8.endIndex, utf8[i].isDigit {
            mantissaDigits += 1
            i = utf8.index(after: i)
        }
        if i < utf8.endIndex, utf8[i] == UInt8(ascii: ".") {
            i = utf8.index(after: i)
            while i < utf8.endIndex, utf8[i].isDigit {
                mantissaDigits += 1
                i = utf8.index(after: i)
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < utf8.endIndex, utf8[i] | 0x20 == UInt8(ascii: "e") {
            i = utf8.index(after: i)
            if i < utf8.endIndex, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i = utf8.index(after: i) }
            var exponentDigits = 0
            while i < utf8.endIndex, utf8[i].isDigit {
                exponentDigits += 1
                i = utf8.index(after: i)
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard i == utf8.endIndex, let v = Double(String(body)) else { return nil }
        return negative ? -v : v
    }
}
