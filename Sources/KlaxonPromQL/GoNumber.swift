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

    /// Go's `strconv.FormatFloat(v, 'f', decimals, 64)` for finite values (correctly rounded).
    static func formatFixed(_ v: Double, decimals: Int) -> String {
        let (negative, digits, exponent) = GoFloat.shortestDigits(v)
        // Work on the exact shortest digits; rounding them to `decimals` places (half to even on ties of
        // the shortest representation) is what Go does for the values Prometheus prints (timestamps).
        var ds = Array(digits.utf8).map { Int($0 - UInt8(ascii: "0")) }
        var exp = exponent
        let keep = exp + decimals  // digits to keep
        if keep < 0 {
            ds = [0]
            exp = 1
        } else if keep < ds.count {
            let roundUp: Bool
            let rest = ds[keep...]
            if rest.first! > 5 || (rest.first! == 5 && rest.dropFirst().contains(where: { $0 != 0 })) {
                roundUp = true
            } else if rest.first! == 5 {
                roundUp = keep > 0 && ds[keep - 1] % 2 == 1
            } else {
                roundUp = false
            }
            ds = Array(ds[..<keep])
            if roundUp {
                var j = ds.count - 1
                while j >= 0 {
                    ds[j] += 1
                    if ds[j] < 10 { break }
                    ds[j] = 0
                    j -= 1
                }
                if j < 0 {
                    ds.insert(1, at: 0)
                    exp += 1
                }
            }
            if ds.isEmpty {
                ds = [roundUp ? 1 : 0]
                if roundUp { exp += 1 }
            }
        }
        var intPart = ""
        var fracPart = ""
        for k in 0..<max(exp, 1) {
            let idx = k
            intPart += idx < ds.count && exp > 0 ? String(ds[idx]) : "0"
        }
        for k in 0..<decimals {
            let idx = exp + k
            fracPart += idx >= 0 && idx < ds.count ? String(ds[idx]) : "0"
        }
        let body = decimals > 0 ? intPart + "." + fracPart : intPart
        return (negative ? "-" : "") + body
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
