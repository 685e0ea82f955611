/// Go's float formatting, so that numbers print byte-for-byte as Prometheus prints them.
public enum GoFloat {
    /// `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest decimal that round-trips, never in exponent form.
    /// Used by the HTTP API for sample values (`"1.5"`, `"NaN"`, `"+Inf"`, `"-Inf"`).
    public static func formatAPI(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let (negative, digits, exponent) = shortestDigits(v)
        var out = negative ? "-" : ""
        // value = 0.digits × 10^exponent
        if exponent <= 0 {
            out += "0." + String(repeating: "0", count: -exponent) + digits
        } else if exponent >= digits.count {
            out += digits + String(repeating: "0", count: exponent - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: exponent)
            out += digits[..<i] + "." + digits[i...]
        }
        return out
    }

    /// `fmt`'s `%v` (and `fmt.Sprint`) for a float64, which is `strconv.FormatFloat(v, 'g', -1, 64)`:
    /// `1e+06`, `1.23456789e+08`, `0.0001`, `1e-05`.
    public static func formatV(_ v: Double) -> String { formatG(v) }

    /// `strconv.FormatFloat(v, 'g', -1, 64)` proper: exponent form when the exponent is < -4 or >= the
    /// number of significant digits' default of 6 (`1e+06`).
    public static func formatG(_ v: Double) -> String { formatShortest(v, exponentThreshold: 6) }

    static func formatShortest(_ v: Double, exponentThreshold: Int) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let (negative, digits, exponent) = shortestDigits(v)
        let x = exponent - 1  // scientific exponent
        if x < -4 || x >= exponentThreshold {
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let sign = x < 0 ? "-" : "+"
            let ax = abs(x)
            return (negative ? "-" : "") + mantissa + "e" + sign + (ax < 10 ? "0" : "") + String(ax)
        }
        return formatAPI(v)
    }

    /// Splits `v` (finite) into sign, shortest round-trip decimal digits without leading/trailing zeros,
    /// and the decimal exponent such that |v| = 0.d1d2… × 10^exponent. Zero gives ("0", 1).
    public static func shortestDigits(_ v: Double) -> (negative: Bool, digits: String, exponent: Int) {
        let negative = v.sign == .minus
        if v == 0 { return (negative, "0", 1) }
        // Swift's description is the shortest round-trip representation; parse it.
        let text = abs(v).description
        var mantissa = Substring(text)
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp10 = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = Substring(mantissa)
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(fracPart)
        var exponent = intPart.count + exp10
        // strip leading zeros
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (negative, digits, exponent)
    }
}
