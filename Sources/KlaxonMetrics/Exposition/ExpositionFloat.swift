/// Number formatting exactly as client_golang's expfmt writes it, fast enough for every sample of a scrape
/// (a few dozen nanoseconds: whole numbers print directly, others reshape Swift's shortest round-trip digits).
public enum ExpositionFloat {
    /// Prometheus text format: Go's `strconv.FormatFloat(v, 'g', -1, 64)` with `+Inf`, `-Inf`, `NaN`
    /// (`1`, `0.005`, `123456`, `1e+06`, `2.4313856e+07`; `-0` prints as `0`).
    public static func text(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if abs(value) < 1_000_000, value.rounded(.towardZero) == value { return String(Int64(value)) }
        return String(decoding: goShortestG(value), as: UTF8.self)
    }

    /// OpenMetrics: like `text`, but a number that has neither `.` nor `e` gets `.0` (`1.0`, `10.0`, `1e+06`).
    /// This is also the form Prometheus 3.x normalises `le` label values to when it scrapes.
    public static func openMetrics(_ value: Double) -> String {
        if value == 0 { return "0.0" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if abs(value) < 1_000_000, value.rounded(.towardZero) == value { return String(Int64(value)) + ".0" }
        var bytes = goShortestG(value)
        if !bytes.contains(UInt8(ascii: ".")) && !bytes.contains(UInt8(ascii: "e")) { bytes += [UInt8(ascii: "."), UInt8(ascii: "0")] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Go's `'g'` format with the shortest round-trip digits for a finite, non-zero `value`: exponent form
    /// when the decimal exponent is < -4 or >= 6 (Go uses precision 6 for that choice when printing shortest).
    static func goShortestG(_ value: Double) -> [UInt8] {
        // Swift's description is the shortest round-trip decimal: "0.012", "1234567.0", "1e-05", "1.5e+20".
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointPosition = 0  // digits before the decimal point, before the exponent is applied
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if !seenPoint { pointPosition += 1 }
                }
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break  // "+" of the exponent
            }
        }
        var decimalPoint = pointPosition + exponentSign * exponent  // value = 0.digits × 10^decimalPoint
        var leading = 0
        while leading < digits.count - 1, digits[leading] == UInt8(ascii: "0") { leading += 1 }
        if leading > 0 {
            digits.removeFirst(leading)
            decimalPoint -= leading
        }
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }

        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 8)
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let scientific = decimalPoint - 1
        if scientific < -4 || scientific >= 6 {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = abs(scientific)
            if magnitude < 10 { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: String(magnitude).utf8)
        } else if decimalPoint <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -decimalPoint))
            out.append(contentsOf: digits)
        } else if decimalPoint >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: decimalPoint - digits.count))
        } else {
            out.append(contentsOf: digits[..<decimalPoint])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[decimalPoint...])
        }
        return out
    }
}
