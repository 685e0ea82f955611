/// Character classes (`[a-z]`, `[^\d.]`, `[[:alpha:]]`, `[\p{Greek}]`) with Go's meaning and errors.
extension GoRegexTranslator.Translator {
    /// ASCII POSIX classes, as Go defines them.
    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x{0}-\\x{7f}", "blank": "\\x{9}\\x{20}",
        "cntrl": "\\x{0}-\\x{1f}\\x{7f}", "digit": "0-9", "graph": "\\x{21}-\\x{7e}", "lower": "a-z",
        "print": "\\x{20}-\\x{7e}", "punct": "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}",
        "space": "\\x{9}-\\x{d}\\x{20}", "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
    ]

    mutating func characterClass() throws(TemplateFunctionError) {
        let start = i
        i += 1
        var swift = "["
        if i < p.count && p[i] == "^" {
            swift += "^"
            i += 1
        }
        var first = true
        var items = 0
        while i >= p.count || p[i] != "]" || first {
            first = false
            guard i < p.count else { throw fail("missing closing ]", text(start..<p.count)) }
            if p[i] == "[", i + 1 < p.count, p[i + 1] == ":", let (item, end) = try namedClass(at: i) {
                swift += item
                i = end
                items += 1
                continue
            }
            if p[i] == "\\", i + 1 < p.count, "dDsSwWpP".unicodeScalars.contains(p[i + 1]) {
                swift += try classEscape(inClass: true)
                items += 1
                continue
            }
            let rangeStart = i
            let lo = try classChar(start)
            var hi = lo
            if i + 1 < p.count && p[i] == "-" && p[i + 1] != "]" {
                i += 1
                hi = try classChar(start)
                if hi.value < lo.value { throw fail("invalid character class range", text(rangeStart..<i)) }
            }
            swift += Self.literal(lo) + (hi == lo ? "" : "-" + Self.literal(hi))
            items += 1
        }
        i += 1
        _ = items
        emitAtom(swift + "]")
    }

    /// One character of a class, possibly escaped.
    private mutating func classChar(_ classStart: Int) throws(TemplateFunctionError) -> Unicode.Scalar {
        guard i < p.count else { throw fail("missing closing ]", text(classStart..<p.count)) }
        if p[i] == "\\" {
            let escapeStart = i
            let translated = try classEscape(inClass: true)
            // Single characters come back as a literal: "a" or "\x{…}".
            if translated.hasPrefix("\\x{"), let v = UInt32(translated.dropFirst(3).dropLast(), radix: 16),
                let s = Unicode.Scalar(v)
            {
                return s
            }
            if translated.unicodeScalars.count == 1, let s = translated.unicodeScalars.first { return s }
            throw fail("invalid character class range", text(escapeStart..<i))
        }
        let c = p[i]
        i += 1
        return c
    }

    /// `[:name:]` or `[:^name:]`; nil when the text is not a POSIX class (then `[` is an ordinary character).
    private mutating func namedClass(at start: Int) throws(TemplateFunctionError) -> (String, Int)? {
        var j = start + 2
        while j + 1 < p.count && !(p[j] == ":" && p[j + 1] == "]") { j += 1 }
        guard j + 1 < p.count else { return nil }
        var name = text((start + 2)..<j)
        var negate = false
        if name.hasPrefix("^") {
            negate = true
            name.removeFirst()
        }
        guard let ranges = Self.posixClasses[name] else {
            throw fail("invalid character class range", text(start..<(j + 2)))
        }
        return ((negate ? "[^" : "[") + ranges + "]", j + 2)
    }
}
