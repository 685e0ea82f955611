import Testing
@testable import KlaxonTemplate

/// Go (RE2) semantics that Swift's own regex syntax would get wrong if patterns were passed through.
@Suite struct GoRegexTests {
    static func matches(_ pattern: String, _ s: String) -> Bool? {
        guard case .success(let re) = GoRegex.compile(pattern) else { return nil }
        return re.matches(s)
    }

    @Test("matching follows Go's syntax", arguments: [
        ("a.b", "a\nb", false), ("(?s)a.b", "a\nb", true), ("a.b", "a\rb", true),
        ("a$", "a\n", false), ("(?m)a$", "a\nb", true), ("^b", "a\nb", false), ("(?m)^b", "a\nb", true),
        ("\\d", "٣", false), ("\\w", "é", false), ("\\s", "\u{0B}", false), ("\\bfoo\\b", "a foo b", true),
        ("(?i)ABC", "xabcx", true), ("(?i:A)b", "aB", false), ("[[:alpha:]]+", "é", false), ("[^[:digit:]]", "5", false),
        ("\\pL", "é", true), ("\\p{Greek}", "α", true), ("\\PL", "1", true), ("[\\d.]", ".", true),
        ("\\Qa.b\\E", "axb", false), ("\\Qa.b\\E", "a.b", true), ("x{2}", "xx", true), ("x{", "x{", true),
        ("\\x41\\x{42}", "AB", true), ("\\101", "A", true), ("a|b", "b", true), ("[]a]", "]", true), ("[a-]", "-", true),
        ("&&", "&&", true), ("[a&&b]", "&", true), ("~", "~", true),
    ])
    func matching(pattern: String, subject: String, expected: Bool) {
        #expect(Self.matches(pattern, subject) == expected)
    }

    @Test("ReplaceAllString and $ expansion follow Go", arguments: [
        ("a*", "-", "baaac", "-b-c-"), ("x*", "-", "abc", "-a-b-c-"), ("(a)(b)?", "[$1|$2]", "ab a", "[a|b] [a|]"),
        ("(?P<n>\\w+)@", "${n}!", "me@x", "me!x"), ("(a)", "$1x", "a", ""), ("(a)", "${1}x", "a", "ax"),
        ("(a)", "$$1", "a", "$1"), ("(a)", "$", "a", "$"), ("(a)", "$9", "a", ""), ("(?P<n>a)", "$n", "a", "a"),
        (":[0-9]+$", "", "host:9100", "host"), ("^", ">", "ab", ">ab"), ("$", "<", "ab", "ab<"), ("", "-", "é", "-é-"),
    ])
    func replace(pattern: String, replacement: String, subject: String, expected: String) throws {
        guard case .success(let re) = GoRegex.compile(pattern) else {
            Issue.record("pattern failed to compile")
            return
        }
        #expect(re.replaceAll(subject, with: replacement) == expected)
    }

    @Test("syntax errors carry Go's code and fragment", arguments: [
        ("a(b", "missing closing ): `a(b`"), ("\\", "trailing backslash at end of expression: ``"),
        ("\\1", "invalid escape sequence: `\\1`"), ("a{2,1}", "invalid repeat count: `{2,1}`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"), ("(?z)", "invalid or unsupported Perl syntax: `(?z`"),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"), ("x++", "invalid nested repetition operator: `++`"),
        ("(?i)*", "missing argument to repetition operator: `*`"), ("a|*", "missing argument to repetition operator: `*`"),
    ])
    func errors(pattern: String, message: String) {
        guard case .failure(let e) = GoRegex.compile(pattern) else {
            Issue.record("\(pattern) compiled")
            return
        }
        #expect(e.message == "error parsing regexp: " + message)
    }
}
