import KlaxonModel

/// JSON text as Go's `encoding/json` (Go 1.22 and later) writes it, which is what Prometheus and Alertmanager
/// send: HTML-sensitive characters and U+2028/U+2029 escaped, `\b` `\f` `\n` `\r` `\t` short escapes, other
/// control characters as `\u00XX`, map keys in byte order, no spaces.
enum PayloadJSON {
    static func quote(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "<": out.append("\\u003c")
            case ">": out.append("\\u003e")
            case "&": out.append("\\u0026")
            case "\u{2028}": out.append("\\u2028")
            case "\u{2029}": out.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// A Go `map[string]string` (Alertmanager's `KV`, the API's `LabelSet`): keys in byte order. `pairs` must
    /// already be sorted by name with unique names.
    static func object(_ pairs: some Sequence<Label>, into out: inout String) {
        out.append("{")
        var first = true
        for pair in pairs {
            if !first { out.append(",") }
            first = false
            quote(pair.name, into: &out)
            out.append(":")
            quote(pair.value, into: &out)
        }
        out.append("}")
    }
}
