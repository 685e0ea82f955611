import KlaxonModel

/// Go's `encoding/json` spelling of a float64: shortest digits, plain notation unless the magnitude is below
/// 1e-6 or at least 1e21 (then `1e-7`, `1.5e+21`). Non-finite values, which Go refuses to encode, become 0.
enum JSONNumber {
    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let (negative, digits, exponent) = GoFloat.shortestDigits(v)
        let sign = negative ? "-" : ""
        let magnitude = Swift.abs(v)
        if magnitude < 1e-6 || magnitude >= 1e21 {
            var out = sign + String(digits.prefix(1))
            if digits.count > 1 { out += "." + digits.dropFirst() }
            let x = exponent - 1
            out += x < 0 ? "e-" : "e+"
            let text = String(x.magnitude)
            return out + (x >= 0 && text.count < 2 ? "0" + text : text)
        }
        if exponent <= 0 { return sign + "0." + String(repeating: "0", count: -exponent) + digits }
        if exponent >= digits.count { return sign + digits + String(repeating: "0", count: exponent - digits.count) }
        let split = digits.index(digits.startIndex, offsetBy: exponent)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
