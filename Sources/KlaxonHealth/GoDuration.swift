/// Durations printed the way Go's `time.Duration.String` prints them (`5s`, `1.5s`, `10ms`, `250µs`,
/// `1m30s`), the form Prometheus users read in its messages.
public enum GoDuration {
    /// `duration` in Go's notation (rounded to the nanosecond).
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        let nanoseconds = overflow || carry ? (seconds < 0 ? Int64.min : Int64.max) : total
        return format(nanoseconds: nanoseconds)
    }

    /// `nanoseconds` in Go's notation.
    public static func format(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000 {
            text = "\(magnitude)ns"
        } else if magnitude < 1_000_000 {
            text = decimal(magnitude, unit: 1_000) + "µs"
        } else if magnitude < 1_000_000_000 {
            text = decimal(magnitude, unit: 1_000_000) + "ms"
        } else {
            let totalSeconds = magnitude / 1_000_000_000
            let hours = totalSeconds / 3600
            let minutes = totalSeconds / 60 % 60
            let secondsPart = decimal(magnitude % 60_000_000_000, unit: 1_000_000_000) + "s"
            text = hours > 0 ? "\(hours)h\(minutes)m\(secondsPart)" : (minutes > 0 ? "\(minutes)m\(secondsPart)" : secondsPart)
        }
        return negative ? "-" + text : text
    }

    /// `value / unit` with the fraction's trailing zeros dropped.
    private static func decimal(_ value: UInt64, unit: UInt64) -> String {
        let whole = value / unit
        var fraction = String(value % unit)
        let width = String(unit).count - 1
        fraction = String(repeating: "0", count: width - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}
