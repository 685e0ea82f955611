/// Go's `filepath.Glob` and `filepath.Match`, which promtool applies to `rule_files` entries: `*` matches
/// any run of characters except `/`, `?` one character, `[a-z]`/`[^a-z]` a class, `\` escapes; matches in a
/// directory come out sorted by name; a pattern without metacharacters is returned as is when the path exists.
public enum FileGlob {
    /// `filepath.ErrBadPattern`.
    public struct BadPattern: Error, Sendable, Equatable, CustomStringConvertible {
        public init() {}
        public var description: String { "syntax error in pattern" }
    }

    /// The paths matching `pattern`, spelled as Go spells them (`dir/name` joined and cleaned).
    public static func expand(_ pattern: String) throws(BadPattern) -> [String] {
        try expand(pattern, depth: 0)
    }

    private static func expand(_ pattern: String, depth: Int) throws(BadPattern) -> [String] {
        // Go limits the pattern's length to avoid stack exhaustion; a deep recursion is a bad pattern too.
        guard depth < 10_000, pattern.utf8.count <= 10_000 else { throw BadPattern() }
        guard hasMeta(pattern) else { return SourceFile.exists(pattern) ? [pattern] : [] }
        var (dir, file) = GoPath.split(pattern)
        dir = cleanGlobPath(dir)
        guard hasMeta(dir) else { return try matches(in: dir, pattern: file) }
        guard dir != pattern else { throw BadPattern() }
        var result: [String] = []
        for directory in try expand(dir, depth: depth + 1) {
            result += try matches(in: directory, pattern: file)
        }
        return result
    }

    private static func cleanGlobPath(_ path: String) -> String {
        switch path {
        case "": return "."
        case "/": return path
        default: return String(path.dropLast())  // the trailing separator
        }
    }

    private static func matches(in directory: String, pattern: String) throws(BadPattern) -> [String] {
        // Go checks the pattern even when the directory cannot be read only after a successful read; a
        // missing directory gives no matches and no error.
        guard SourceFile.isDirectory(directory), let names = SourceFile.directoryEntries(directory) else { return [] }
        var result: [String] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if try match(pattern, name) { result.append(GoPath.join(directory, name)) }
        }
        return result
    }

    /// True when `pattern` contains `*`, `?`, `[` or `\`.
    public static func hasMeta(_ pattern: String) -> Bool {
        pattern.unicodeScalars.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
    }

    /// `filepath.Match`: whether `name` matches the whole of `pattern`.
    public static func match(_ pattern: String, _ name: String) throws(BadPattern) -> Bool {
        var pattern = Substring.UnicodeScalarView(pattern.unicodeScalars)
        var name = Substring.UnicodeScalarView(name.unicodeScalars)
        patterns: while !pattern.isEmpty {
            let (star, chunk, rest) = scanChunk(pattern)
            pattern = rest
            if star && chunk.isEmpty {
                return !name.contains("/")  // a trailing * matches the rest unless it has a separator
            }
            let (remaining, ok) = try matchChunk(chunk, name)
            if ok && (remaining.isEmpty || !pattern.isEmpty) {
                name = remaining
                continue
            }
            if star {
                // Let the star absorb more characters (never a separator), trying each split point.
                var index = name.startIndex
                while index < name.endIndex, name[index] != "/" {
                    index = name.index(after: index)
                    let (remaining, ok) = try matchChunk(chunk, name[index...])
                    if ok {
                        if pattern.isEmpty && !remaining.isEmpty { continue }
                        name = remaining
                        continue patterns
                    }
                }
            }
            // Go goes on checking the rest of the pattern for syntax errors before answering false.
            while !pattern.isEmpty {
                let (_, chunk, rest) = scanChunk(pattern)
                pattern = rest
                _ = try matchChunk(chunk, Substring.UnicodeScalarView())
            }
            return false
        }
        return name.isEmpty
    }

    /// Splits off a leading run of stars and the chunk up to the next unbracketed star.
    private static func scanChunk(_ pattern: Substring.UnicodeScalarView)
        -> (star: Bool, chunk: Substring.UnicodeScalarView, rest: Substring.UnicodeScalarView)
    {
        var pattern = pattern
        var star = false
        while pattern.first == "*" {
            pattern.removeFirst()
            star = true
        }
        var inRange = false
        var index = pattern.startIndex
        scan: while index < pattern.endIndex {
            switch pattern[index] {
            case "\\":
                let next = pattern.index(after: index)
                if next < pattern.endIndex { index = next }
            case "[": inRange = true
            case "]": inRange = false
            case "*" where !inRange: break scan
            default: break
            }
            index = pattern.index(after: index)
        }
        return (star, pattern[..<index], pattern[index...])
    }

    /// Matches `chunk` (no stars) against the start of `name`; returns what is left of `name`.
    private static func matchChunk(_ chunk: Substring.UnicodeScalarView, _ name: Substring.UnicodeScalarView)
        throws(BadPattern) -> (Substring.UnicodeScalarView, Bool)
    {
        var chunk = chunk
        var name = name
        var failed = false
        while !chunk.isEmpty {
            if !failed && name.isEmpty { failed = true }
            switch chunk.first {
            case "[":
                var character: Unicode.Scalar = "\0"
                if !failed {
                    character = name.removeFirst()
                }
                chunk.removeFirst()
                var negated = false
                if chunk.first == "^" {
                    negated = true
                    chunk.removeFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if !chunk.isEmpty && chunk.first == "]" && ranges > 0 {
                        chunk.removeFirst()
                        break
                    }
                    let low = try classCharacter(&chunk)
                    var high = low
                    if chunk.first == "-" {
                        chunk.removeFirst()
                        high = try classCharacter(&chunk)
                    }
                    if low.value <= character.value && character.value <= high.value { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case "?":
                if !failed {
                    if name.first == "/" { failed = true }
                    if !failed { name.removeFirst() }
                }
                chunk.removeFirst()
            case "\\":
                chunk.removeFirst()
                guard let escaped = chunk.first else { throw BadPattern() }
                if !failed {
                    if escaped != name.first { failed = true } else { name.removeFirst() }
                }
                chunk.removeFirst()
            default:
                let literal = chunk.removeFirst()
                if !failed {
                    if literal != name.first { failed = true } else { name.removeFirst() }
                }
            }
        }
        if failed { return (name, false) }
        return (name, true)
    }

    private static func classCharacter(_ chunk: inout Substring.UnicodeScalarView) throws(BadPattern)
        -> Unicode.Scalar
    {
        guard let first = chunk.first, first != "-", first != "]" else { throw BadPattern() }
        chunk.removeFirst()
        if first == "\\" {
            guard let escaped = chunk.first else { throw BadPattern() }
            chunk.removeFirst()
            guard !chunk.isEmpty else { throw BadPattern() }
            return escaped
        }
        guard !chunk.isEmpty else { throw BadPattern() }
        return first
    }
}
