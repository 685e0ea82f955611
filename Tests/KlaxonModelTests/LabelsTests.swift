import KlaxonModel
import Testing

@Suite struct LabelsTests {
    @Test("labels sort by name, drop empty values, last duplicate wins")
    func normalises() {
        let labels = Labels([Label("b", "2"), Label("a", "1"), Label("c", ""), Label("a", "3")])
        #expect(labels.map(\.name) == ["a", "b"])
        #expect(labels["a"] == "3")
        #expect(labels["missing"] == "")
    }

    @Test("ordering compares pairs byte-wise and prefixes first")
    func ordering() {
        let a: Labels = ["a": "1"]
        let ab: Labels = ["a": "1", "b": "1"]
        let b: Labels = ["b": "0"]
        #expect(a < ab)
        #expect(ab < b)
        #expect(Labels.compare(["a": "Z"], ["a": "a"]) < 0)
    }

    @Test(
        "strings compare byte-wise, eight bytes at a time and byte by byte, a prefix first",
        arguments: [
            ("", "", 0), ("", "a", -1), ("a", "", 1), ("abc", "abc", 0), ("abc", "abd", -1),
            ("Z", "a", -1), ("z", "é", -1), ("é", "z", 1),
            ("load_http_requests_total", "load_http_requests_totax", -1),
            ("127.10.0.10:9500", "127.10.0.9:9500", -1), ("127.10.1.1:9500", "127.10.0.250:9500", 1),
            ("abcdefgh", "abcdefghi", -1), ("abcdefghij", "abcdefgh", 1), ("abcdefgh", "abcdefgh", 0),
            ("abcdefgHzzzzzzzz", "abcdefghaaaaaaaa", -1), ("aaaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaaa0", 1),
        ])
    func byteOrder(a: String, b: String, expected: Int) {
        #expect(UTF8Order.compare(a, b).signum() == expected)
        #expect(a.utf8.lexicographicallyPrecedes(b.utf8) == (expected < 0))
        #expect(Labels.compare(["x": a], ["x": b]).signum() == expected)
        #expect((Label(a, "v") < Label(b, "v")) == (expected < 0))
    }

    @Test("text form matches Prometheus")
    func text() {
        #expect((["__name__": "up", "job": "a\"b"] as Labels).description == #"up{job="a\"b"}"#)
        #expect(Labels().description == "{}")
        #expect((["__name__": "up"] as Labels).description == "up")
    }

    @Test("fingerprint is Alertmanager's FNV-1a")
    func fingerprint() {
        // FNV-1a 64 of the empty input is the offset basis.
        #expect(Labels().fingerprint == 14_695_981_039_346_656_037)
        #expect(Labels(["a": "b"]).fingerprintHex.count == 16)
        #expect(Labels(["a": "b"]).fingerprint != Labels(["a": "c"]).fingerprint)
    }

    @Test("regex matchers are anchored and dot matches newline", arguments: [
        ("foo.*", "foobar", true), ("foo", "foobar", false), ("a|b", "b", true), ("a.c", "a\nc", true),
        ("(?i)ABC", "abc", true), (".+", "", false), (".*", "", true), ("x[0-9]+", "x12", true), ("x[0-9]+", "x12y", false),
    ])
    func regex(pattern: String, input: String, matches: Bool) throws {
        let matcher = try LabelMatcher(.regexMatch, "l", pattern)
        #expect(matcher.matches(input) == matches)
    }

    @Test("an invalid regex is an error, not a crash")
    func invalidRegex() {
        #expect(throws: PromRegex.CompileError.self) { try LabelMatcher(.regexMatch, "l", "(unclosed") }
    }
}
