import Synchronization

/// A Go (RE2) regular expression for `match` and `reReplaceAll`: unanchored, leftmost-first, with Go's syntax
/// (ASCII `\d \s \w \b`, `.` not matching `\n` unless `(?s)`, `$` only at the end unless `(?m)`), Go's
/// `ReplaceAllString` semantics and `$1`/`${name}` expansion. The pattern is translated into Swift `Regex` syntax;
/// syntax errors are reported with Go's texts (`error parsing regexp: missing closing ): `(``).
struct GoRegex: @unchecked Sendable {
    // SAFETY: `Regex` is immutable after construction and matching does not mutate shared state; it is only
    // not declared Sendable because of its generic output type.
    private let regex: Regex<AnyRegexOutput>
    /// Go's `SubexpNames`: index 0 is the whole match; unnamed groups have "".
    let groupNames: [String]

    private init(regex: Regex<AnyRegexOutput>, groupNames: [String]) {
        self.regex = regex
        self.groupNames = groupNames
    }

    /// Compiles a Go pattern; the failure is Go's error text (without the `regexp: Compile(…)` prefix).
    static func compile(_ pattern: String) -> Result<GoRegex, TemplateFunctionError> {
        if let cached = cache.withLock({ $0[pattern] }) { return cached }
        let result: Result<GoRegex, TemplateFunctionError>
        switch GoRegexTranslator.translate(pattern) {
        case .failure(let e):
            result = .failure(e)
        case .success(let (swiftPattern, names)):
            do {
                let regex = try Regex(swiftPattern).matchingSemantics(.unicodeScalar).wordBoundaryKind(.simple)
                    .asciiOnlyWordCharacters()
                result = .success(GoRegex(regex: regex, groupNames: names))
            } catch {
                result = .failure(
                    TemplateFunctionError("error parsing regexp: invalid or unsupported Perl syntax: `\(pattern)`"))
            }
        }
        cache.withLock { entries in
            if entries.count >= 512 { entries.removeAll() }
            entries[pattern] = result
        }
        return result
    }

    private static let cache = Mutex<[String: Result<GoRegex, TemplateFunctionError>]>([:])

    /// `regexp.MatchString`: true when the pattern matches anywhere in `s`.
    func matches(_ s: String) -> Bool {
        // Matching can only throw from custom components, which translated patterns never contain.
        (try? regex.firstMatch(in: s)) != nil
    }

    /// `Regexp.ReplaceAllString(src, repl)` with `$` expansion in `repl`.
    func replaceAll(_ src: String, with repl: String) -> String {
        let bytes = Array(src.utf8)
        var out: [UInt8] = []
        var lastMatchEnd = 0
        let utf8 = src.utf8
        for match in src.matches(of: regex) {
            let start = utf8.distance(from: utf8.startIndex, to: match.range.lowerBound)
            let end = utf8.distance(from: utf8.startIndex, to: match.range.upperBound)
            out.append(contentsOf: bytes[lastMatchEnd..<max(lastMatchEnd, start)])
            if end > lastMatchEnd || start == 0 {
                var groups: [Range<Int>?] = []
                for i in 0..<match.output.count {
                    if let r = match.output[i].range {
                        groups.append(
                            utf8.distance(from: utf8.startIndex, to: r.lowerBound)..<utf8.distance(
                                from: utf8.startIndex, to: r.upperBound))
                    } else {
                        groups.append(nil)
                    }
                }
                expand(Array(repl.utf8), groups: groups, source: bytes, into: &out)
            }
            lastMatchEnd = max(lastMatchEnd, end)
        }
        out.append(contentsOf: bytes[lastMatchEnd...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `Regexp.expand`: `$$`, `$1`, `${1}`, `$name`, `${name}`; malformed references stay literal.
    private func expand(_ template: [UInt8], groups: [Range<Int>?], source: [UInt8], into out: inout [UInt8]) {
        var t = template[...]
        while let dollar = t.firstIndex(of: UInt8(ascii: "$")) {
            out.append(contentsOf: t[..<dollar])
            t = t[(dollar + 1)...]
            if t.first == UInt8(ascii: "$") {
                out.append(UInt8(ascii: "$"))
                t = t.dropFirst()
                continue
            }
            guard let (name, number, rest) = Self.extract(t) else {
                out.append(UInt8(ascii: "$"))
                continue
            }
            t = rest
            var index: Int?
            if let number {
                index = number
            } else {
                index = groupNames.firstIndex(of: name)
            }
            if let index, index < groups.count, let range = groups[index] { out.append(contentsOf: source[range]) }
        }
        out.append(contentsOf: t)
    }

    /// Go's `extract`: a leading `name` or `{name}`; `number` is set when the name is a decimal without a
    /// leading zero.
    private static func extract(_ s: ArraySlice<UInt8>) -> (String, Int?, ArraySlice<UInt8>)? {
        var str = s
        var brace = false
        if str.first == UInt8(ascii: "{") {
            brace = true
            str = str.dropFirst()
        }
        let text = String(decoding: str, as: UTF8.self)
        var nameBytes = 0
        for scalar in text.unicodeScalars {
            guard scalar == "_" || TemplateLexer.isAlphaNumeric(scalar) else { break }
            nameBytes += String(scalar).utf8.count
        }
        if nameBytes == 0 { return nil }
        let nameSlice = str.prefix(nameBytes)
        var rest = str.dropFirst(nameBytes)
        if brace {
            guard rest.first == UInt8(ascii: "}") else { return nil }
            rest = rest.dropFirst()
        }
        let name = String(decoding: nameSlice, as: UTF8.self)
        var number: Int? = 0
        for b in nameSlice {
            guard b >= 48, b <= 57, let n = number, n < 100_000_000 else {
                number = nil
                break
            }
            number = n * 10 + Int(b - 48)
        }
        if nameSlice.first == UInt8(ascii: "0") && nameSlice.count > 1 { number = nil }
        return (name, number, rest)
    }
}
