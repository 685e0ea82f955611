extension HealthReport {
    /// The report as JSON, keys in this order:
    /// `{"status": …, "checks": {"<name>": {"component", "status", "message", "last_check", "duration_ms"}},
    /// "timestamp", "uptime_seconds"}`. Times are RFC 3339 UTC with milliseconds; `duration_ms` is fractional
    /// milliseconds (microsecond resolution), `uptime_seconds` fractional seconds.
    public var json: String {
        var out = "{\"status\":\(JSON.string(status.rawValue)),\"checks\":{"
        for (i, check) in checks.enumerated() {
            if i > 0 { out += "," }
            out += JSON.string(check.name)
            out += ":{\"component\":\(JSON.string(check.component))"
            out += ",\"status\":\(JSON.string(check.status.rawValue))"
            out += ",\"message\":\(JSON.string(check.message))"
            out += ",\"last_check\":\(JSON.string(RFC3339.format(check.lastCheck)))"
            out += ",\"duration_ms\":\(JSON.number(check.duration.fractionalMilliseconds, decimals: 3))}"
        }
        out += "},\"timestamp\":\(JSON.string(RFC3339.format(timestamp)))"
        out += ",\"uptime_seconds\":\(JSON.number(uptimeSeconds, decimals: 3))}"
        return out
    }
}

/// The little JSON writing the report needs (no Foundation).
enum JSON {
    /// A JSON string literal: `"`, `\` and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON number rounded to `decimals` places, without trailing zeros (`12.5`, `0`, `3.001`); non-finite
    /// values, which JSON cannot carry, become 0.
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(Int64(value.rounded())) }
        let units = Int64(scaled)
        let factor = Int64(scale)
        var text = String(units / factor)
        var fraction = String(units % factor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return (value < 0 && units != 0 ? "-" : "") + text
    }
}

extension Duration {
    /// The duration in fractional milliseconds.
    var fractionalMilliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
