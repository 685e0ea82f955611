/// JSON string quoting as Go's `encoding/json` (and jsoniter's standard-library-compatible mode, which
/// Prometheus's API uses) writes it: HTML-sensitive characters and U+2028/U+2029 escaped, control characters
/// as `\uXXXX` except `\n`, `\r`, `\t`.
public enum GoJSON {
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A JSON object of labels, keys in label order (sorted), as Prometheus writes `metric`.
    public static func labels(_ labels: Labels) -> String {
        var out = "{"
        var first = true
        for label in labels {
            if !first { out += "," }
            first = false
            out += quote(label.name) + ":" + quote(label.value)
        }
        return out + "}"
    }

    /// A timestamp as Prometheus's API writes it: seconds, with the milliseconds as a 3-digit fraction
    /// when non-zero (`1435781451.781`, `60`, `0.005`).
    public static func timestamp(_ t: Timestamp) -> String {
        var ms = t
        var out = ""
        if ms < 0 {
            out = "-"
            ms = ms == Int64.min ? Int64.max : -ms
        }
        out += String(ms / 1000)
        let fraction = ms % 1000
        if fraction != 0 {
            out += "."
            if fraction < 100 { out += "0" }
            if fraction < 10 { out += "0" }
            out += String(fraction)
        }
        return out
    }
}
