import KlaxonModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Number conversions that Prometheus delegates to Go's `strconv`.
enum GoNumber {
    /// Result of `parse`: the value or Go's error text (`strconv.ParseFloat: parsing "…": invalid syntax`).
    enum Parsed {
        case success(Double)
        case failure(String)
    }

    /// `strconv.ParseInt(s, 0, 64)` (decimal, `0x` hex, leading-`0` octal, `_` separators), and when that
    /// fails `strconv.ParseFloat(s, 64)`, as Prometheus's parser does for number literals.
    static func parse(_ s: String) -> Parsed {
        if let i = parseInt(s) { return .success(Double(i)) }
        let bytes = Array(s.utf8)
        let lower = s.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .success(.infinity)
        case "-inf", "-infinity": return .success(-.infinity)
        case "nan": return .success(.nan)
        default: break
        }
        let invalid = Parsed.failure("strconv.ParseFloat: parsing \(GoQuote.quote(s)): invalid syntax")
        // Only decimal floats reach this point (the lexer has no hex fractions or `p` exponents).
        if lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x") { return invalid }
        guard underscoresOK(bytes) else { return invalid }
        let cleaned = String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard isDecimalFloat(Array(cleaned.utf8)), let v = Double(cleaned) else { return invalid }
        if v.isInfinite {
            return .failure("strconv.ParseFloat: parsing \(GoQuote.quote(s)): value out of range")
        }
        return .success(v)
    }

    /// `[+-]digits[.digits][e[+-]digits]` with at least one mantissa digit.
    private static func isDecimalFloat(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < b.count, isDigit(b[i]) {
            i += 1
            digits += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) {
                i += 1
                digits += 1
            }
        }
        if digits == 0 { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < b.count, isDigit(b[i]) {
                i += 1
                expDigits += 1
            }
            if expDigits == 0 { return false }
        }
        return i == b.count
    }

    /// `strconv.ParseInt(s, 0, 64)`; nil on any error (syntax or range).
    static func parseInt(_ s: String) -> Int64? {
        var b = Array(s.utf8)
        var negative = false
        if let first = b.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            b.removeFirst()
        }
        guard !b.isEmpty, underscoresOK(b) else { return nil }
        var base: UInt64 = 10
        var i = 0
        if b[0] == UInt8(ascii: "0") && b.count > 1 {
            switch b[1] | 0x20 {
            case UInt8(ascii: "x"): (base, i) = (16, 2)
            case UInt8(ascii: "o"): (base, i) = (8, 2)
            case UInt8(ascii: "b"): (base, i) = (2, 2)
            default: (base, i) = (8, 1)
            }
        }
        var value: UInt64 = 0
        var sawDigit = i == 1  // the leading 0 of an octal number counts
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "_") { continue }
            let d = UInt64(Lexer.digitValue(c))
            guard d < base else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = a
            sawDigit = true
        }
        guard sawDigit else { return nil }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// Go's `underscoreOK`: underscores only between digits, or between a base prefix and a digit.
    private static func underscoresOK(_ b: [UInt8]) -> Bool {
        guard b.contains(UInt8(ascii: "_")) else { return true }
        var saw: UInt8 = UInt8(ascii: "^")
        var i = 0
        var s = b[...]
        if let f = s.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { s = s.dropFirst() }
        var hex = false
        let arr = Array(s)
        if arr.count >= 2, arr[0] == UInt8(ascii: "0"),
            [UInt8(ascii: "b"), UInt8(ascii: "o"), UInt8(ascii: "x")].contains(arr[1] | 0x20)
        {
            i = 2
            saw = UInt8(ascii: "0")
            hex = arr[1] | 0x20 == UInt8(ascii: "x")
        }
        while i < arr.count {
            let c = arr[i]
            if isDigit(c) || (hex && Lexer.digitValue(c) < 16) {
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

    /// Go's `%f` (six decimals) for a finite value. Exact for whole numbers of any size (the values
    /// Prometheus prints with it, out-of-range `@` timestamps, are all beyond 2^53); other values use the
    /// shortest round-trip digits, padded or cut to six decimals.
    static func formatFixed(_ v: Double) -> String {
        let sign = v.sign == .minus ? "-" : ""
        let magnitude = abs(v)
        if magnitude >= 9_007_199_254_740_992 {  // 2^53: an integer, m * 2^e with e >= 0
            var digits: [UInt8] = []  // little-endian decimal digits
            var m = (UInt64(1) << 52) | magnitude.significandBitPattern
            while m > 0 {
                digits.append(UInt8(m % 10))
                m /= 10
            }
            for _ in 0..<(Int(magnitude.exponent) - 52) {
                var carry: UInt8 = 0
                for i in digits.indices {
                    let d = digits[i] * 2 + carry
                    digits[i] = d % 10
                    carry = d / 10
                }
                if carry > 0 { digits.append(carry) }
            }
            return sign + String(decoding: digits.reversed().map { $0 + UInt8(ascii: "0") }, as: UTF8.self) + ".000000"
        }
        let text = GoFloat.formatAPI(magnitude)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? String(parts[1].prefix(6)) : ""
        return sign + whole + "." + fraction + String(repeating: "0", count: 6 - fraction.count)
    }
}

extension GoNumber {
    /// `math.Pow` (the C library's `pow`; Go's special cases agree with C99's).
    static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
            return powLibC(x, y)
        #else
            return .nan
        #endif
    }
}

#if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
    private func powLibC(_ x: Double, _ y: Double) -> Double { pow(x, y) }
#endif
