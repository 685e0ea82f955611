public import KlaxonModel

/// RFC 3339 timestamps exactly as the Go code on the other end of a notification writes them, always in UTC
/// (Prometheus evaluates rules in UTC, and Alertmanager keeps the zone it parsed).
public enum GoTimeFormat {
    /// Go's zero `time.Time` as `encoding/json` writes it: what Alertmanager puts in `endsAt` of a firing alert.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// go-openapi `strfmt.DateTime` (Prometheus's Alertmanager API v2 client): always three fraction digits,
    /// `2024-03-01T12:00:00.000Z`.
    public static func rfc3339Millis(_ time: Timestamp) -> String {
        let (civil, millisecond) = split(time)
        return civil + "." + pad(millisecond, 3) + "Z"
    }

    /// Go's `time.Time.MarshalJSON` (`RFC3339Nano`): the fraction without trailing zeros, and none at all on
    /// a whole second, `2024-03-01T12:00:00Z`, `2024-03-01T12:00:00.5Z`.
    public static func rfc3339Nano(_ time: Timestamp) -> String {
        let (civil, millisecond) = split(time)
        guard millisecond != 0 else { return civil + "Z" }
        var fraction = pad(millisecond, 3)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return civil + "." + fraction + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC and the millisecond of the second (floor division, so times before 1970
    /// work too).
    private static func split(_ time: Timestamp) -> (String, Int64) {
        let (days, msOfDay) = floorDivide(time, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let second = msOfDay / 1000
        let civilText =
            formatYear(year) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(second / 3600, 2) + ":"
            + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2)
        return (civilText, msOfDay % 1000)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Go pads the year to four digits and writes a minus sign before negative years.
    private static func formatYear(_ year: Int64) -> String {
        year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
