public import KlaxonModel

/// The few Go formatting functions whose output promtool's messages contain.
public enum GoFormat {
    /// Go's `time.Duration.String` of a duration in nanoseconds: `0s`, `1.5s`, `2m0s`, `473352h0m0s`, `1ms`.
    public static func duration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        var u = negative ? UInt64(bitPattern: 0 &- nanoseconds) : UInt64(nanoseconds)
        var out: String
        if u < 1_000_000_000 {
            let (unit, precision): (String, Int) =
                u < 1_000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6)
            out = fraction(&u, precision: precision) + unit
            out = String(u) + out
        } else {
            out = fraction(&u, precision: 9) + "s"
            out = String(u % 60) + out
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return negative ? "-" + out : out
    }

    /// Go's `time.Duration.String` of `ts - epoch` for a millisecond timestamp, saturating as Go's `Time.Sub`
    /// does when the difference does not fit in nanoseconds.
    public static func duration(sinceEpoch milliseconds: Int64) -> String {
        let (ns, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return duration(nanoseconds: milliseconds < 0 ? .min : .max) }
        return duration(nanoseconds: ns)
    }

    /// Splits off the fractional digits of `u / 10^precision` (`.25`, trailing zeros and the point dropped when
    /// zero) and leaves the integer part in `u`.
    private static func fraction(_ u: inout UInt64, precision: Int) -> String {
        var digits: [Character] = []
        var printed = false
        for _ in 0..<precision {
            let digit = u % 10
            printed = printed || digit != 0
            if printed { digits.append(Character(String(digit))) }
            u /= 10
        }
        return printed ? "." + String(digits.reversed()) : ""
    }

    /// Go's `strconv.FormatFloat(v, 'E', -1, 64)`: `1E+00`, `6E+01`, `1.7040672E+09`, `-2.5E-03`, `NaN`, `+Inf`.
    public static func floatE(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let (negative, digits, exponent) = GoFloat.shortestDigits(v)
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let x = v == 0 ? 0 : exponent - 1
        let magnitude = abs(x)
        return (negative ? "-" : "") + mantissa + "E" + (x < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "")
            + String(magnitude)
    }

    /// Prometheus's `labels.Labels.String`: `{__name__="up", job="x"}`; names that are not valid legacy
    /// metric names are quoted.
    public static func labels(_ labels: some Sequence<Label>) -> String {
        var out = "{"
        var first = true
        for label in labels {
            if !first { out += ", " }
            first = false
            out += Labels.isValidLegacyMetricName(label.name) ? label.name : GoQuote.quote(label.name)
            out += "=" + GoQuote.quote(label.value)
        }
        return out + "}"
    }

    /// Prometheus's `model.Duration.String` of milliseconds (`5m`, `1d`, `0s`).
    public static func promDuration(_ milliseconds: Int64) -> String { PromDuration.format(milliseconds) }
}
