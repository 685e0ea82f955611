/// A Go `time.Time` in UTC (all Prometheus template times are UTC): whole Unix seconds plus nanoseconds.
public struct GoTime: Sendable, Hashable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanoseconds: Int64

    /// Normalises any nanosecond count into `0..<1e9`.
    public init(seconds: Int64, nanoseconds: Int64) {
        var s = seconds
        var n = nanoseconds
        s = s &+ n / 1_000_000_000
        n %= 1_000_000_000
        if n < 0 {
            n += 1_000_000_000
            s = s &- 1
        }
        self.seconds = s
        self.nanoseconds = n
    }

    /// `time.Unix(0, ns)`.
    public init(unixNanoseconds ns: Int64) {
        self.init(seconds: ns / 1_000_000_000, nanoseconds: ns % 1_000_000_000)
    }

    var unixNano: Int64 { seconds &* 1_000_000_000 &+ nanoseconds }

    func adding(nanoseconds d: Int64) -> GoTime {
        GoTime(seconds: seconds &+ d / 1_000_000_000, nanoseconds: nanoseconds + d % 1_000_000_000)
    }

    /// `t.Sub(u)`, saturating like Go.
    func sub(_ u: GoTime) -> Int64 {
        let ds = Double(seconds) - Double(u.seconds)
        if abs(ds) > 9.2e9 { return ds > 0 ? Int64.max : Int64.min }
        return (seconds - u.seconds) * 1_000_000_000 + (nanoseconds - u.nanoseconds)
    }

    // MARK: civil calendar (proleptic Gregorian, UTC)

    struct Civil {
        var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
        var weekday: Int64, yearDay: Int64
    }

    var civil: Civil {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        var weekday = (days + 4) % 7  // 1970-01-01 was a Thursday
        if weekday < 0 { weekday += 7 }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let cumulative: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let yearDay = cumulative[Int(m - 1)] + d + (leap && m > 2 ? 1 : 0)
        return Civil(
            year: y, month: m, day: d, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60,
            weekday: weekday, yearDay: yearDay)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `time.Time.String()`: `2006-01-02 15:04:05.999999999 +0000 UTC`.
    public var description: String { format("2006-01-02 15:04:05.999999999 -0700 MST") }

    /// `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
    static func durationString(_ d: Int64) -> String {
        let negative = d < 0
        var u = d.magnitude
        var out = ""
        if u < 1_000_000_000 {
            if u == 0 { return "0s" }
            let (unit, prec): (String, Int) =
                u < 1000 ? ("ns", 0) : (u < 1_000_000 ? ("\u{B5}s", 3) : ("ms", 6))
            let (frac, whole) = fraction(u, prec)
            u = whole
            out = String(u) + frac + unit
        } else {
            let (frac, whole) = fraction(u, 9)
            u = whole
            out = String(u % 60) + frac + "s"
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return (negative ? "-" : "") + out
    }

    /// Go's `fmtFrac`: the fraction `v / 10^prec` without trailing zeros (and no dot when zero).
    private static func fraction(_ v: UInt64, _ prec: Int) -> (String, UInt64) {
        var v = v
        var digits: [Character] = []
        var printed = false
        for _ in 0..<prec {
            let digit = v % 10
            printed = printed || digit != 0
            if printed { digits.append(Character(Unicode.Scalar(UInt8(48 + digit)))) }
            v /= 10
        }
        if !printed { return ("", v) }
        return ("." + String(digits.reversed()), v)
    }
}
