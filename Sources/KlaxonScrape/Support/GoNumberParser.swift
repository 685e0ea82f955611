#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Go's `strconv.ParseFloat(s, 64)` and `strconv.ParseInt(s, 10, 64)` as Prometheus's text parsers use them,
/// over raw bytes and without allocating on the common paths.
///
/// Accepted floats: an optional sign, then `inf`/`infinity` (any case), or `nan` (any case, no sign), or a
/// decimal with optional fraction and exponent. Prometheus rejects `_`, `p` and `P` up front ("unsupported
/// character in float"), which also rules out Go's hexadecimal floats; `0x…` without them is a syntax error in
/// Go as well. Overflow is a range error; underflow rounds to zero, as in Go.
enum GoNumberParser {
    enum FloatError: Error, Equatable {
        case unsupportedCharacter
        case syntax
        case range

        /// Prometheus's wording for the value text `quoted` (already Go-quoted).
        func message(quoted: String) -> String {
            switch self {
            case .unsupportedCharacter: "unsupported character in float"
            case .syntax: "strconv.ParseFloat: parsing \(quoted): invalid syntax"
            case .range: "strconv.ParseFloat: parsing \(quoted): value out of range"
            }
        }
    }

    /// Prometheus's canonical NaN (`value.NormalNaN`): every scraped NaN is stored with this bit pattern.
    static let normalNaN = Double(bitPattern: 0x7ff8_0000_0000_0001)

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `base[range]` as a float.
    static func parseFloat(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Result<Double, FloatError> {
        var i = range.lowerBound
        let end = range.upperBound
        for k in i..<end {
            let c = base[k]
            if c == UInt8(ascii: "_") || c == UInt8(ascii: "p") || c == UInt8(ascii: "P") {
                return .failure(.unsupportedCharacter)
            }
        }
        guard i < end else { return .failure(.syntax) }
        var negative = false
        var hasSign = false
        if base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") {
            negative = base[i] == UInt8(ascii: "-")
            hasSign = true
            i += 1
        }
        guard i < end else { return .failure(.syntax) }
        let first = base[i] | 0x20
        if first == UInt8(ascii: "i") {
            let n = end - i
            if (n == 3 && matchesIgnoringCase(base, i, "inf")) || (n == 8 && matchesIgnoringCase(base, i, "infinity")) {
                return .success(negative ? -.infinity : .infinity)
            }
            return .failure(.syntax)
        }
        if first == UInt8(ascii: "n") {
            if !hasSign && end - i == 3 && matchesIgnoringCase(base, i, "nan") { return .success(normalNaN) }
            return .failure(.syntax)
        }
        // Decimal: digits [. digits] [e [sign] digits], at least one mantissa digit.
        var mantissa: UInt64 = 0
        var significant = 0  // digits accumulated in `mantissa` (after leading zeros)
        var dropped = false  // a nonzero digit did not fit
        var exponent10 = 0
        var sawDigits = false
        var sawDot = false
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: ".") {
                if sawDot { return .failure(.syntax) }
                sawDot = true
                i += 1
                continue
            }
            guard c >= 48 && c <= 57 else { break }
            sawDigits = true
            let digit = UInt64(c - 48)
            if significant < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ digit
                    significant += 1
                }
                if sawDot { exponent10 -= 1 }
            } else {
                if digit != 0 { dropped = true }
                if !sawDot { exponent10 += 1 }
            }
            i += 1
        }
        guard sawDigits else { return .failure(.syntax) }
        if i < end {
            guard base[i] | 0x20 == UInt8(ascii: "e") else { return .failure(.syntax) }
            i += 1
            var expNegative = false
            if i < end && (base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-")) {
                expNegative = base[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end else { return .failure(.syntax) }
            var e = 0
            while i < end {
                let c = base[i]
                guard c >= 48 && c <= 57 else { return .failure(.syntax) }
                if e < 10000 { e = e * 10 + Int(c - 48) }
                i += 1
            }
            exponent10 += expNegative ? -e : e
        }
        // Clinger's fast path: both the mantissa and the power of ten are exact doubles.
        if !dropped && mantissa < (1 << 53) && exponent10 >= -22 && exponent10 <= 22 {
            var value = Double(mantissa)
            if exponent10 < 0 { value /= exactPowersOfTen[-exponent10] } else { value *= exactPowersOfTen[exponent10] }
            return .success(negative ? -value : value)
        }
        if mantissa == 0 && !dropped { return .success(negative ? -0.0 : 0.0) }
        return slowPath(base, range)
    }

    /// Correctly rounded conversion through `strtod` for long mantissas and large exponents (syntax already
    /// checked, so `strtod` sees only a plain decimal).
    private static func slowPath(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Result<Double, FloatError> {
        var text = [CChar](repeating: 0, count: range.count + 1)
        for k in 0..<range.count { text[k] = CChar(bitPattern: base[range.lowerBound + k]) }
        let value = text.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { strtod($0, nil) } ?? 0 }
        if value.isInfinite { return .failure(.range) }
        return .success(value)
    }

    private static func matchesIgnoringCase(_ base: UnsafePointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let pointer = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where base[start + k] | 0x20 != pointer[k] { return false }
        return true
    }

    /// `strconv.ParseInt(s, 10, 64)` for a run of ASCII digits (the text format's timestamp token); nil on overflow.
    static func parseDigits(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int64? {
        var value: Int64 = 0
        for k in range {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(base[k] - 48))
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }

    /// Go's `int64(f)` for a finite float, saturating instead of wrapping.
    static func truncatingToInt64(_ f: Double) -> Int64 {
        if f >= 9.223372036854775807e18 { return .max }
        if f <= -9.223372036854775808e18 { return .min }
        return Int64(f)
    }
}
