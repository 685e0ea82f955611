/// Go's `strconv.FormatFloat(v, fmt, prec, 64)` for the formats `fmt` uses: `e E f F g G b x X`.
///
/// Shortest forms (`prec < 0`) use the shortest round-trip digits (as Go's Ryū does). Fixed precisions round the
/// exact binary value half-to-even, as Go's exact decimal conversion does, so `%.2f` and `%.4g` match Go digit for
/// digit (`humanize` depends on this). The exact expansion is only computed when the shortest digits cannot
/// decide the rounding (ties, denormals, more than 15 digits); tests check both paths agree.
enum GoFloatFormat {
    /// Decimal digits of a value: `0.d₁d₂…dₙ × 10^dp`, without trailing zeros; zero has no digits and `dp == 0`.
    struct Decimal {
        var digits: [UInt8]
        var dp: Int
    }

    /// `strconv.FormatFloat(v, fmt, prec, 64)`.
    static func format(_ v: Double, _ fmt: Character, _ prec: Int) -> String {
        let f = fmt.asciiValue ?? UInt8(ascii: "g")
        return String(decoding: bytes(v, f, prec), as: UTF8.self)
    }

    /// `exactOnly` skips the shortest-digits shortcut (tests compare both paths).
    static func bytes(_ v: Double, _ fmt: UInt8, _ precision: Int, exactOnly: Bool = false) -> [UInt8] {
        if v.isNaN { return Array("NaN".utf8) }
        if v.isInfinite { return Array((v < 0 ? "-Inf" : "+Inf").utf8) }
        let negative = v.sign == .minus
        var exp = Int(v.exponentBitPattern)
        var mant = v.significandBitPattern
        if exp == 0 {
            exp += 1
        } else {
            mant |= 1 << 52
        }
        exp -= 1023
        switch fmt {
        case UInt8(ascii: "b"): return formatBinary(negative, mant, exp)
        case UInt8(ascii: "x"), UInt8(ascii: "X"): return formatHex(precision, fmt, negative, mant, exp)
        default: break
        }
        var prec = precision
        var digits: Decimal
        let shortest = prec < 0
        if shortest {
            digits = shortestDecimal(v)
            switch fmt {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): prec = max(digits.digits.count - 1, 0)
            case UInt8(ascii: "f"), UInt8(ascii: "F"): prec = max(digits.digits.count - digits.dp, 0)
            default: prec = digits.digits.count
            }
        } else {
            var wanted: Int
            switch fmt {
            case UInt8(ascii: "e"), UInt8(ascii: "E"): wanted = prec + 1
            case UInt8(ascii: "f"), UInt8(ascii: "F"): wanted = Int.min  // depends on dp, computed below
            default:
                if prec == 0 { prec = 1 }
                wanted = prec
            }
            let quick = shortestDecimal(v)
            if wanted == Int.min { wanted = quick.dp + prec }
            let n = quick.digits.count
            if v == 0 || (!exactOnly && v.isNormal && wanted >= 1 && wanted <= 15 && n <= wanted) {
                digits = quick  // the shortest digits are already the correctly rounded ones (see type comment)
            } else if !exactOnly && v.isNormal && wanted >= 1 && n > wanted
                && !(n == wanted + 1 && quick.digits[n - 1] == UInt8(ascii: "5"))
            {
                // No rounding midpoint can lie between the shortest digits and the exact value unless the shortest
                // digits are that midpoint, so rounding them gives the exact value's rounding.
                digits = quick
                round(&digits, to: wanted)
            } else {
                digits = exactDecimal(mant: mant, exp2: exp - 52)
                if fmt == UInt8(ascii: "f") || fmt == UInt8(ascii: "F") { wanted = digits.dp + prec }
                round(&digits, to: wanted)
            }
        }
        return formatDigits(shortest: shortest, negative: negative, digits, prec: prec, fmt: fmt)
    }

    // MARK: digit generation

    /// The shortest round-trip digits, read from Swift's `description` (which prints exactly those).
    static func shortestDecimal(_ v: Double) -> Decimal {
        if v == 0 || !v.isFinite { return Decimal(digits: [], dp: 0) }
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointAt: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for b in v.magnitude.description.utf8 {
            switch b {
            case UInt8(ascii: "."): pointAt = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent { exponent = exponent * 10 + Int(b - 48) } else { digits.append(b) }
            default: break
            }
        }
        var dp = (pointAt ?? digits.count) + exponentSign * exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == UInt8(ascii: "0") { leading += 1 }
        if leading > 0 {
            digits.removeFirst(leading)
            dp -= leading
        }
        while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return Decimal(digits: digits, dp: dp)
    }

    /// The exact decimal expansion of `mant × 2^exp2` (a finite double is a dyadic rational).
    static func exactDecimal(mant: UInt64, exp2: Int) -> Decimal {
        if mant == 0 { return Decimal(digits: [], dp: 0) }
        let base: UInt64 = 1_000_000_000
        var limbs: [UInt64] = [mant % base, (mant / base) % base, mant / (base * base)]
        func multiply(by m: UInt64) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let p = limbs[i] * m + carry
                limbs[i] = p % base
                carry = p / base
            }
            while carry > 0 {
                limbs.append(carry % base)
                carry /= base
            }
        }
        var shift = 0
        if exp2 >= 0 {
            var e = exp2
            while e >= 32 {
                multiply(by: 1 << 32)
                e -= 32
            }
            if e > 0 { multiply(by: 1 << UInt64(e)) }
        } else {
            var k = -exp2
            shift = k
            while k >= 13 {
                multiply(by: 1_220_703_125)  // 5^13
                k -= 13
            }
            var p: UInt64 = 1
            for _ in 0..<k { p *= 5 }
            if p > 1 { multiply(by: p) }
        }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var digits: [UInt8] = Array(String(limbs[limbs.count - 1]).utf8)
        for limb in limbs.dropLast().reversed() {
            let s = Array(String(limb).utf8)
            digits.append(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: 9 - s.count))
            digits.append(contentsOf: s)
        }
        let dp = digits.count - shift
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return Decimal(digits: digits, dp: dp)
    }

    /// Go's `decimal.Round(nd)`: half-to-even on exact ties (the expansion is exact).
    static func round(_ d: inout Decimal, to nd: Int) {
        if nd < 0 || nd >= d.digits.count { return }
        let digit = d.digits[nd]
        let roundUp: Bool
        if digit == UInt8(ascii: "5") && nd + 1 == d.digits.count {
            roundUp = nd > 0 && (d.digits[nd - 1] - 48) % 2 == 1
        } else {
            roundUp = digit >= UInt8(ascii: "5")
        }
        if roundUp {
            var i = nd - 1
            while i >= 0 {
                if d.digits[i] < UInt8(ascii: "9") {
                    d.digits[i] += 1
                    d.digits.removeSubrange((i + 1)...)
                    return
                }
                i -= 1
            }
            d.digits = [UInt8(ascii: "1")]
            d.dp += 1
        } else {
            d.digits.removeSubrange(nd...)
            while d.digits.last == UInt8(ascii: "0") { d.digits.removeLast() }
            if d.digits.isEmpty { d.dp = 0 }
        }
    }

    // MARK: layout

    static func formatDigits(shortest: Bool, negative: Bool, _ d: Decimal, prec: Int, fmt: UInt8) -> [UInt8] {
        switch fmt {
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
            return formatE(negative, d, prec, fmt)
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return formatF(negative, d, prec)
        default:
            var prec = prec
            var eprec = prec
            if eprec > d.digits.count && d.digits.count >= d.dp { eprec = d.digits.count }
            if shortest { eprec = 6 }
            let exp = d.dp - 1
            let e = fmt == UInt8(ascii: "G") ? UInt8(ascii: "E") : UInt8(ascii: "e")
            if exp < -4 || exp >= eprec {
                if prec > d.digits.count { prec = d.digits.count }
                return formatE(negative, d, prec - 1, e)
            }
            if prec > d.dp { prec = d.digits.count }
            return formatF(negative, d, max(prec - d.dp, 0))
        }
    }

    static func formatE(_ negative: Bool, _ d: Decimal, _ prec: Int, _ fmt: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(d.digits.first ?? UInt8(ascii: "0"))
        if prec > 0 {
            out.append(UInt8(ascii: "."))
            var i = 1
            let m = min(d.digits.count, prec + 1)
            if i < m {
                out.append(contentsOf: d.digits[i..<m])
                i = m
            }
            while i <= prec {
                out.append(UInt8(ascii: "0"))
                i += 1
            }
        }
        out.append(fmt)
        var exp = d.digits.isEmpty ? 0 : d.dp - 1
        if exp < 0 {
            out.append(UInt8(ascii: "-"))
            exp = -exp
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exp < 10 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(48 + exp))
        } else {
            out.append(contentsOf: Array(String(exp).utf8))
        }
        return out
    }

    static func formatF(_ negative: Bool, _ d: Decimal, _ prec: Int) -> [UInt8] {
        var out: [UInt8] = []
        if negative { out.append(UInt8(ascii: "-")) }
        if d.dp > 0 {
            let m = min(d.digits.count, d.dp)
            out.append(contentsOf: d.digits[0..<m])
            if m < d.dp { out.append(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: d.dp - m)) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        if prec > 0 {
            out.append(UInt8(ascii: "."))
            for i in 1...prec {
                let j = d.dp + i - 1
                out.append(j >= 0 && j < d.digits.count ? d.digits[j] : UInt8(ascii: "0"))
            }
        }
        return out
    }

    /// `%b`: decimal mantissa, `p`, binary exponent (`4503599627370496p-52`).
    static func formatBinary(_ negative: Bool, _ mant: UInt64, _ exp: Int) -> [UInt8] {
        let e = exp - 52
        let text = (negative ? "-" : "") + String(mant) + "p" + (e >= 0 ? "+" : "") + String(e)
        return Array(text.utf8)
    }

    /// `%x`/`%X`: `-0x1.yyyyp±dd` with the mantissa in hexadecimal, rounded to `prec` hex digits if given.
    static func formatHex(_ prec: Int, _ fmt: UInt8, _ negative: Bool, _ mantissa: UInt64, _ exponent: Int) -> [UInt8] {
        var mant = mantissa
        var exp = mant == 0 ? 0 : exponent
        mant <<= 60 - 52
        while mant != 0 && mant & (1 << 60) == 0 {
            mant <<= 1
            exp -= 1
        }
        if prec >= 0 && prec < 15 {
            let shift = UInt64(prec * 4)
            let extra = (mant << shift) & ((1 << 60) - 1)
            mant >>= 60 - shift
            if extra | (mant & 1) > 1 << 59 { mant += 1 }
            mant <<= 60 - shift
            if mant & (1 << 61) != 0 {
                mant >>= 1
                exp += 1
            }
        }
        let hex = Array((fmt == UInt8(ascii: "X") ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: [UInt8(ascii: "0"), fmt, UInt8(48 + (mant >> 60) & 1)])
        mant <<= 4
        if prec < 0 && mant != 0 {
            out.append(UInt8(ascii: "."))
            while mant != 0 {
                out.append(hex[Int((mant >> 60) & 15)])
                mant <<= 4
            }
        } else if prec > 0 {
            out.append(UInt8(ascii: "."))
            for _ in 0..<prec {
                out.append(hex[Int((mant >> 60) & 15)])
                mant <<= 4
            }
        }
        out.append(fmt == UInt8(ascii: "X") ? UInt8(ascii: "P") : UInt8(ascii: "p"))
        if exp < 0 {
            out.append(UInt8(ascii: "-"))
            exp = -exp
        } else {
            out.append(UInt8(ascii: "+"))
        }
        let text = String(exp)
        if text.count < 2 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: Array(text.utf8))
        return out
    }
}
