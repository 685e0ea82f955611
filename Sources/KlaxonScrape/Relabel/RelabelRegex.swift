import KlaxonModel

/// A relabelling regex, anchored at both ends as Prometheus compiles it (`^(?s:pattern)$`), with Go's
/// `Regexp.Expand` for `$1`, `${1}`, `$name` and `${name}` in replacements.
///
/// Matching alone goes through `PromRegex` and its literal fast paths; submatches use Swift's `Regex`. The
/// default `(.*)` never touches a regex engine.
struct RelabelRegex: Sendable {
    let pattern: String
    let matcher: PromRegex
    /// Submatch engine; nil for `(.*)`, whose only group is the whole input.
    // SAFETY: a compiled Regex is immutable and matching it does not mutate shared state.
    nonisolated(unsafe) let regex: Regex<AnyRegexOutput>?

    init(_ pattern: String) throws(RelabelConfigError) {
        self.pattern = pattern
        do {
            matcher = try PromRegex(pattern)
        } catch {
            throw RelabelConfigError(error.message)
        }
        if pattern == RelabelConfig.defaultRegex {
            regex = nil
        } else {
            do {
                regex = try Regex("(?s:" + RelabelRegex.translate(pattern) + ")")
            } catch {
                throw RelabelConfigError("error parsing regexp: invalid regular expression: `\(pattern)`")
            }
        }
    }

    /// True when the whole of `s` matches.
    func matches(_ s: String) -> Bool { matcher.matches(s) }

    /// The submatches of a whole match of `s` (index 0 is the whole match) with their group names, or nil.
    func submatches(_ s: String) -> (groups: [Substring?], names: [String?])? {
        guard let regex else { return ([s[...], s[...]], [nil, nil]) }
        // Matching errors only come from custom regex components, which a pattern string cannot contain.
        guard let match = try? regex.wholeMatch(in: s) else { return nil }
        var groups: [Substring?] = []
        var names: [String?] = []
        groups.reserveCapacity(match.output.count)
        for element in match.output {
            groups.append(element.substring)
            names.append(element.name)
        }
        return (groups, names)
    }

    /// Go's `Regexp.ExpandString`: `template` with `$n`/`${n}`/`$name`/`${name}` replaced by submatches
    /// (empty when the group does not exist or did not take part), `$$` as `$`, and a malformed `$` kept.
    static func expand(_ template: String, groups: [Substring?], names: [String?]) -> String {
        guard template.contains("$") else { return template }
        let scalars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "$" else {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            if i < scalars.count && scalars[i] == "$" {
                out.append("$")
                i += 1
                continue
            }
            guard let (name, next) = extractName(scalars, from: i) else {
                out.append("$")
                continue
            }
            i = next
            if let number = groupNumber(name) {
                if number < groups.count, let group = groups[number] { out.append(contentsOf: group.unicodeScalars) }
            } else if let index = names.firstIndex(where: { $0 == name }), let group = groups[index] {
                out.append(contentsOf: group.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Go's `extract`: a name of letters, digits and `_`, optionally in braces; nil when malformed.
    private static func extractName(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var i = start
        let brace = i < scalars.count && scalars[i] == "{"
        if brace { i += 1 }
        let nameStart = i
        while i < scalars.count && isNameScalar(scalars[i]) { i += 1 }
        guard i > nameStart else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[nameStart..<i])
        if brace {
            guard i < scalars.count && scalars[i] == "}" else { return nil }
            i += 1
        }
        return (String(name), i)
    }

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// The group number `name` denotes: ASCII digits without a leading zero, below 10⁸; nil for a named group.
    private static func groupNumber(_ name: String) -> Int? {
        var number = 0
        for byte in name.utf8 {
            guard byte >= 48 && byte <= 57 && number < 100_000_000 else { return nil }
            number = number * 10 + Int(byte - 48)
        }
        if name.utf8.count > 1 && name.utf8.first == UInt8(ascii: "0") { return nil }
        return number
    }

    /// Rewrites the RE2 spellings Swift's regex syntax reads differently: `\z` (end of text) and `\C` (any byte).
    static func translate(_ pattern: String) -> String {
        guard pattern.contains("\\") else { return pattern }
        var out = ""
        var escaped = false
        for c in pattern {
            if escaped {
                switch c {
                case "C": out += "(?s:.)"
                default: out += "\\" + String(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out += "\\" }
        return out
    }
}
