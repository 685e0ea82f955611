public import KlaxonModel

extension Alert {
    /// The alert's value as Prometheus's API prints it: `strconv.FormatFloat(v, 'e', -1, 64)`, e.g. `1e+00`,
    /// `2.5e-01`, `NaN`, `+Inf`.
    public var formattedValue: String { AlertAPIFormat.exponent(value) }

    /// `activeAt` as Go marshals a `time.Time` to JSON (RFC 3339 with trimmed fractional seconds, UTC).
    public var formattedActiveAt: String { AlertAPIFormat.rfc3339(activeAt) }

    /// `keepFiringSince` formatted like `formattedActiveAt`; nil when not keeping an alert firing.
    public var formattedKeepFiringSince: String? { keepFiringSince.map(AlertAPIFormat.rfc3339) }
}

/// Go's formatting of the values the alerts and rules API shows.
public enum AlertAPIFormat {
    /// `strconv.FormatFloat(v, 'e', -1, 64)`: shortest round-trip digits, `d.ddde±XX`.
    public static func exponent(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let (negative, digits, exponent) = GoFloat.shortestDigits(v)
        var out = negative ? "-" : ""
        out += String(digits.prefix(1))
        if digits.count > 1 { out += "." + digits.dropFirst() }
        let x = v == 0 ? 0 : exponent - 1
        out += x < 0 ? "e-" : "e+"
        let magnitude = String(x.magnitude)
        out += magnitude.count < 2 ? "0" + magnitude : magnitude
        return out
    }

    /// A timestamp as Go's `time.Time.MarshalJSON` writes it in UTC (RFC 3339, nanosecond layout with
    /// trailing zeros removed): `1970-01-01T00:00:00Z`, `2024-05-01T12:30:00.25Z`.
    public static func rfc3339(_ t: Timestamp) -> String {
        let (secondsTotal, millis) = floorDivide(t, 1000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        out += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if millis != 0 {
            var fraction = pad(millis, 3)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += "." + fraction
        }
        return out + "Z"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
