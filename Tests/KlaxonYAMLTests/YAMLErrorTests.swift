import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct YAMLErrorTests {
    /// (marked text, libyaml's problem, Go v3's line, Go v2's line); 1️⃣ marks libyaml's problem position.
    @Test(
        "syntax errors carry libyaml's problem text and position",
        arguments: [
            ("a: 1\n b1️⃣: 2\n", "mapping values are not allowed in this context", 2, 2),
            ("a: [1, 2\n1️⃣", "did not find expected ',' or ']'", 1, 1),
            ("a:\n  - b\n 1️⃣c: d\n", "did not find expected key", 2, 2),
            ("a: \"unterminated\n1️⃣", "found unexpected end of stream", 2, 2),
            ("a: 1\n1️⃣@b: 2\n", "found character that cannot start any token", 2, 2),
            ("k: \"bad 1️⃣\\q escape\"\n", "found unknown escape character", nil, nil),
            ("k: |1️⃣0\n", "found an indentation indicator equal to 0", nil, nil),
        ] as [(String, String, Int?, Int?)])
    func syntaxError(marked: String, problem: String, goV3Line: Int?, goV2Line: Int?) throws {
        let m = Marked(marked)
        let error = try #require(throws: YAMLError.self) { try YAML.parse(m.text, file: "bad.yaml") }
        #expect(error.kind == .syntax)
        #expect(error.message == problem)
        #expect(error.file == "bad.yaml")
        #expect(error.position == m[1])
        #expect(error.description == "bad.yaml:\(m[1]): \(problem)")
        #expect(error.diagnostic.code == "yaml.syntax")
        #expect(error.diagnostic.span == SourceSpan(file: "bad.yaml", start: m[1]))
        let v3 = goV3Line.map { "yaml: line \($0): \(problem)" } ?? "yaml: \(problem)"
        let v2 = goV2Line.map { "yaml: line \($0): \(problem)" } ?? "yaml: \(problem)"
        #expect(error.goMessage(for: .goYAMLv3) == v3)
        #expect(error.goMessage(for: .goYAMLv2) == v2)
    }

    @Test("libyaml's context becomes a note at the context's position")
    func contextNote() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse("a:\n  - b\n c: d\n", file: "f.yaml") }
        #expect(error.context == "while parsing a block mapping")
        #expect(error.contextPosition == SourcePosition(line: 1, column: 1))
        let note = try #require(error.diagnostic.notes.first)
        #expect(note.severity == .note)
        #expect(note.message == "while parsing a block mapping")
        #expect(note.span.start == SourcePosition(line: 1, column: 1))
    }

    @Test("invalid UTF-8 and control characters are encoding errors at their position")
    func encoding() throws {
        let bytes = Array("a: 1\nb: ".utf8) + [0xFF] + Array("\n".utf8)
        let error = try #require(throws: YAMLError.self) { try YAML.parse(bytes, file: "f.yaml") }
        #expect(error.kind == .encoding)
        #expect(error.message == "invalid leading UTF-8 octet")
        #expect(error.position == SourcePosition(line: 2, column: 4))
        let control = try #require(throws: YAMLError.self) { try YAML.parse("a: \u{01}\n", file: "f.yaml") }
        #expect(control.kind == .encoding)
        #expect(control.message == "control characters are not allowed")
        #expect(control.position == SourcePosition(line: 1, column: 4))
    }

    @Test("an alias to an undefined anchor is an error at the alias")
    func unknownAnchor() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse("a: 1\nb: *nope\n", file: "f.yaml") }
        #expect(error.kind == .unknownAnchor)
        #expect(error.message == "unknown anchor 'nope' referenced")
        #expect(error.position == SourcePosition(line: 2, column: 4))
        #expect(error.diagnostic.code == "yaml.unknown-anchor")
        #expect(error.goMessage(for: .goYAMLv3) == "yaml: unknown anchor 'nope' referenced")
    }

    @Test(
        "an alias inside the node it names is a cycle",
        arguments: ["a: &x [1, *x]\n", "a: &x\n  b: *x\n", "&x [&y [*x]]\n"])
    func aliasCycle(text: String) throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse(text, file: "f.yaml") }
        #expect(error.kind == .aliasCycle)
        #expect(error.message == "anchor 'x' value contains itself")
    }

    @Test("an anchor redefined inside a collection with the same anchor is not a cycle")
    func redefinedAnchor() throws {
        let root = try #require(try YAML.parse("a: &x [&x 1, *x]\nb: *x\n", file: "f.yaml"))
        #expect(root["a"]?[1]?.scalar?.value == "1")
        #expect(root["b"]?.scalar?.value == "1")
    }
}

extension YAMLErrorTests {
    /// Cases from go-yaml's own decode tests, which pin the line Go prints.
    @Test(
        "Go's error line matches go-yaml's own test expectations",
        arguments: [
            ("v: [A,", "yaml: line 1: did not find expected node content"),
            ("v:\n- [A,", "yaml: line 2: did not find expected node content"),
            ("a:\n- b: *,", "yaml: line 2: did not find expected alphabetic or numeric character"),
            ("#\n-\n{", "yaml: line 3: could not find expected ':'"),
        ])
    func goLine(text: String, expected: String) throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse(text, file: "f.yaml") }
        #expect(error.goMessage(for: .goYAMLv3) == expected)
        if !text.hasPrefix("#") {  // go-yaml's v2 tests have the same expectations for the first three
            #expect(error.goMessage(for: .goYAMLv2) == expected)
        }
    }
}
