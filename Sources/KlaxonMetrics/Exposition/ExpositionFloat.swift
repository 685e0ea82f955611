import KlaxonModel

/// Number formatting exactly as client_golang's expfmt writes it.
public enum ExpositionFloat {
    /// Prometheus text format: `strconv.FormatFloat(v, 'g', -1, 64)` with `+Inf`, `-Inf`, `NaN`
    /// (`1`, `0.005`, `1e+06`, `-0` printed as `0`).
    public static func text(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == 1 { return "1" }
        if value == -1 { return "-1" }
        return GoFloat.formatG(value)
    }

    /// OpenMetrics: like `text`, but a number that has neither `.` nor `e` gets `.0` (`1.0`, `10.0`, `1e+06`).
    /// This is also the form Prometheus 3.x normalises `le` label values to when it scrapes.
    public static func openMetrics(_ value: Double) -> String {
        if value == 0 { return "0.0" }
        if value == 1 { return "1.0" }
        if value == -1 { return "-1.0" }
        if !value.isFinite { return GoFloat.formatG(value) }
        let formatted = GoFloat.formatG(value)
        if formatted.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) { return formatted }
        return formatted + ".0"
    }
}
