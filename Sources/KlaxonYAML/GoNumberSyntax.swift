/// The number syntax of Go's `strconv.ParseInt(s, 0, 64)`, `ParseUint(s, 0, 64)` and decimal `ParseFloat`,
/// which Go's YAML decoders use to resolve plain scalars.
enum GoNumberSyntax {
    /// `ParseInt(s, 0, 64)`: optional sign, then `0x`/`0X` hex, `0o`/`0O` or a leading `0` octal, `0b`/`0B`
    /// binary, or decimal digits. Nil on syntax errors and on overflow.
    static func parseInt(_ s: Substring.UTF8View) -> Int64? {
        var bytes = s[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let magnitude = parseUnsigned(bytes) else { return nil }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `ParseUint(s, 0, 64)`: like `parseInt` but no sign is allowed.
    static func parseUInt(_ s: Substring.UTF8View) -> UInt64? {
        parseUnsigned(s[...])
    }

    private static func parseUnsigned(_ bytes: Substring.UTF8View.SubSequence) -> UInt64? {
        var digits = bytes
        var base: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            let marker = digits[digits.index(after: digits.startIndex)] | 0x20  // lowercase
            switch marker {
            case UInt8(ascii: "x"): base = 16; digits = digits.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; digits = digits.dropFirst(2)
            case UInt8(ascii: "b"): base = 2; digits = digits.dropFirst(2)
            default: base = 8; digits = digits.dropFirst(1)
            }
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (product, o1) = value.multipliedReportingOverflow(by: base)
            let (sum, o2) = product.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// Go YAML's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat(_ s: Substring.UTF8View) -> Bool {
        var i = s.startIndex
        func peek() -> UInt8? { i < s.endIndex ? s[i] : nil }
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func skipDigits() -> Int {
            var n = 0
            while isDigit(peek()) {
                i = s.index(after: i)
                n += 1
            }
            return n
        }
        if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i = s.index(after: i) }
        if peek() == UInt8(ascii: ".") {
            i = s.index(after: i)
            guard skipDigits() > 0 else { return false }
        } else {
            guard skipDigits() > 0 else { return false }
            if peek() == UInt8(ascii: ".") {
                i = s.index(after: i)
                _ = skipDigits()
            }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i = s.index(after: i)
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i = s.index(after: i) }
            guard skipDigits() > 0 else { return false }
        }
        return i == s.endIndex
    }

    /// A decimal float already known to match `isYAMLStyleFloat`. Nil when Go's `ParseFloat` reports a range
    /// error (the magnitude overflows to infinity); underflow to zero is accepted, as in Go.
    static func parseDecimalFloat(_ s: Substring) -> Double? {
        guard let value = Double(s), value.isFinite else { return nil }
        return value
    }
}
