/// Go's text helpers the template functions use: HTML and JavaScript escaping, simple case mapping
/// (`strings.ToUpper`/`ToLower`) and `golang.org/x/text/cases` title casing.
enum GoText {
    /// `template.HTMLEscapeString`.
    static func htmlEscape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0 })
        else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `template.JSEscapeString`.
    static func jsEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + GoStrconv.hex(scalar.value, width: 2, uppercase: true)
                } else if scalar.value >= 0x80 && !GoStrconv.isPrint(scalar) {
                    out += "\\u" + GoStrconv.hex(scalar.value, width: 4, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `strings.ToUpper`: Unicode simple case mapping, rune by rune.
    static func toUpper(_ s: String) -> String { mapCase(s, upper: true) }

    /// `strings.ToLower`.
    static func toLower(_ s: String) -> String { mapCase(s, upper: false) }

    /// Go's `unicode.ToUpper`/`ToLower` use the simple (one-to-one) mapping: a character whose full mapping is
    /// several characters (`ß` → `SS`) stays unchanged, except `İ`, whose simple lowercase is `i`.
    private static func mapCase(_ s: String, upper: Bool) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(s.utf8)
            for i in bytes.indices {
                let b = bytes[i]
                if upper && b >= 97 && b <= 122 { bytes[i] = b - 32 }
                if !upper && b >= 65 && b <= 90 { bytes[i] = b + 32 }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = (upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping).unicodeScalars
            if mapped.count == 1, let m = mapped.first {
                out.append(m)
            } else if !upper && scalar == "\u{130}" {
                out.append("i")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `cases.Title(language.AmericanEnglish, cases.NoLower).String`: the first cased letter of each word is
    /// title-cased, the rest is left alone. Words break as `x/text/cases` approximates Unicode word breaking:
    /// letters, digits, marks and connectors (`_`) continue a word; a single `.`, `'` or `:` (mid-word
    /// punctuation) does too, two in a row do not; anything else breaks.
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var midWord = false
        var previousWasMid = false
        for scalar in s.unicodeScalars {
            let category = wordCategory(scalar)
            if previousWasMid && category == .mid { midWord = false }
            if scalar.properties.isCased {
                if !midWord {
                    out.append(contentsOf: scalar.properties.titlecaseMapping.unicodeScalars)
                    midWord = true
                } else {
                    out.append(scalar)
                }
            } else {
                out.append(scalar)
                if category == .breaking { midWord = false }
            }
            previousWasMid = category == .mid
        }
        return String(out)
    }

    private enum WordCategory { case letter, mid, breaking }

    private static func wordCategory(_ s: Unicode.Scalar) -> WordCategory {
        switch s.value {
        case 0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55,
            0xFF07, 0xFF0E, 0xFF1A:
            return .mid
        default: break
        }
        let p = s.properties
        switch p.generalCategory {
        case .format: return .mid
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation, .decimalNumber, .letterNumber,
            .otherNumber, .modifierLetter:
            return .letter
        default:
            return p.isAlphabetic ? .letter : .breaking
        }
    }
}

/// Go's `net/url` escaping.
enum GoURL {
    /// `url.QueryEscape`: letters, digits and `-_.~` stay; space becomes `+`; other bytes become `%XX`.
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + GoStrconv.hex(UInt32(b), width: 2, uppercase: true)
            }
        }
        return out
    }

    /// Percent-decodes a URL path (malformed escapes are kept as written).
    static func unescapePath(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let h = GoStrconv.hexDigit(Unicode.Scalar(bytes[i + 1])),
                let l = GoStrconv.hexDigit(Unicode.Scalar(bytes[i + 2]))
            {
                out.append(UInt8(h << 4 | l))
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
