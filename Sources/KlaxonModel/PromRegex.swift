/// A label-matcher regular expression with Prometheus 3.x semantics: fully anchored, and `.` matches newlines
/// (Prometheus compiles `^(?s:…)$`). Backed by Swift's `Regex`, whose syntax is a superset of RE2's for the
/// constructs label matchers use; common shapes (literals, alternations of literals, `prefix.*`, `.*`, `.+`)
/// take a fast path that never touches the regex engine, like Prometheus's `FastRegexMatcher`.
public struct PromRegex: Sendable, Hashable {
    /// The pattern as the user wrote it.
    public let pattern: String
    private let fast: FastPath
    // SAFETY: Regex is immutable after construction and matching does not mutate shared state.
    private nonisolated(unsafe) let regex: Regex<AnyRegexOutput>?

    enum FastPath: Sendable, Hashable {
        case matchAll  // .*
        case nonEmpty  // .+
        case literal(String)
        case literalSet(Set<String>)
        case prefix(String)  // literal.*
        case none
    }

    /// Errors compiling a pattern; `message` reads like Go's regexp errors where possible.
    public struct CompileError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(_ pattern: String) throws(CompileError) {
        self.pattern = pattern
        let fast = PromRegex.classify(pattern)
        self.fast = fast
        if case .none = fast {
            do {
                regex = try Regex("(?s:" + PromRegex.translate(pattern) + ")")
            } catch {
                throw CompileError(message: "error parsing regexp: invalid regular expression: `\(pattern)`")
            }
        } else {
            regex = nil
        }
    }

    /// True when the whole of `s` matches.
    public func matches(_ s: String) -> Bool {
        switch fast {
        case .matchAll: return true
        case .nonEmpty: return !s.isEmpty
        case .literal(let l): return s == l
        case .literalSet(let set): return set.contains(s)
        case .prefix(let p): return s.hasPrefix(p)
        case .none:
            guard let regex else { return false }
            return (try? regex.wholeMatch(in: s)) != nil  // matching errors only come from custom consumers: none here
        }
    }

    /// True when `s` matches anywhere (unanchored), for `match`/`reReplaceAll`-style callers.
    public static func == (a: PromRegex, b: PromRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    /// Strings the pattern can only match exactly, when it is a plain alternation of literals.
    public var literalAlternatives: [String]? {
        switch fast {
        case .literal(let l): return [l]
        case .literalSet(let set): return set.sorted()
        default: return nil
        }
    }

    static let metaCharacters: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]

    static func isLiteral<S: StringProtocol>(_ s: S) -> Bool { !s.contains(where: { metaCharacters.contains($0) }) }

    static func classify(_ pattern: String) -> FastPath {
        if pattern == ".*" { return .matchAll }
        if pattern == ".+" { return .nonEmpty }
        if isLiteral(pattern) { return .literal(pattern) }
        if pattern.hasSuffix(".*") {
            let head = pattern.dropLast(2)
            if isLiteral(head) { return .prefix(String(head)) }
        }
        var body = Substring(pattern)
        if body.hasPrefix("(") && body.hasSuffix(")") && !body.dropFirst().dropLast().contains(where: { $0 == "(" || $0 == ")" }) {
            body = body.dropFirst().dropLast()
        }
        let parts = body.split(separator: "|", omittingEmptySubsequences: false)
        if parts.count > 1 && parts.allSatisfy({ isLiteral($0) }) {
            return .literalSet(Set(parts.map(String.init)))
        }
        return .none
    }

    /// Rewrites RE2 spellings Swift's parser reads differently: `\z` (end of text) and `\C` (any byte).
    public static func translate(_ pattern: String) -> String {
        var out = ""
        var escaped = false
        for c in pattern {
            if escaped {
                switch c {
                case "z": out += "\\z"
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
