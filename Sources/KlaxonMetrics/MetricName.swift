/// Turns arbitrary strings (swift-metrics labels such as `"http.server.requests"`) into valid Prometheus names.
public enum MetricName {
    /// A metric name matching `[a-zA-Z_:][a-zA-Z0-9_:]*`: every other character becomes `_`, and a
    /// leading digit gets a `_` prefix. An empty name becomes `_`.
    public static func sanitize(_ name: String) -> String {
        sanitized(name, allowColon: true)
    }

    /// A label name matching `[a-zA-Z_][a-zA-Z0-9_]*`. Names Prometheus reserves (a leading `__`) and, for
    /// histograms, `le` get the `exported_` prefix Prometheus itself uses when a scraped label collides.
    public static func sanitizeLabel(_ name: String, reservingBucketLabel: Bool = false) -> String {
        let clean = sanitized(name, allowColon: false)
        if clean.hasPrefix("__") || (reservingBucketLabel && clean == "le") { return "exported_" + clean }
        return clean
    }

    private static func sanitized(_ name: String, allowColon: Bool) -> String {
        if isValid(name, allowColon: allowColon) { return name }
        var out = ""
        out.reserveCapacity(name.utf8.count + 1)
        for scalar in name.unicodeScalars {
            let value = scalar.value
            let isDigit = value >= 48 && value <= 57
            if out.isEmpty && isDigit { out.append("_") }
            out.unicodeScalars.append(isAllowed(value, allowColon: allowColon) ? scalar : "_")
        }
        return out.isEmpty ? "_" : out
    }

    private static func isValid(_ name: String, allowColon: Bool) -> Bool {
        var first = true
        for byte in name.utf8 {
            if first && byte >= 48 && byte <= 57 { return false }
            if !isAllowed(UInt32(byte), allowColon: allowColon) { return false }
            first = false
        }
        return !first
    }

    @inline(__always) private static func isAllowed(_ value: UInt32, allowColon: Bool) -> Bool {
        (value >= 97 && value <= 122) || (value >= 65 && value <= 90) || value == 95 || (value >= 48 && value <= 57)
            || (allowColon && value == 58)
    }
}
