import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct YAMLReaderTests {
    /// (marked text, expected value of `k`, style): 1️⃣ marks where `k`'s value starts, 2️⃣ where it ends.
    @Test(
        "scalars have their decoded value, style, start and end",
        arguments: [
            ("k: 1️⃣hello world2️⃣\n", "hello world", YAMLScalarStyle.plain),
            ("k: 1️⃣'it''s'2️⃣\n", "it's", .singleQuoted),
            ("k: 1️⃣\"a\\tb\\u00e9\"2️⃣\n", "a\tbé", .doubleQuoted),
            ("k: 1️⃣|\n  l1\n  l2\n2️⃣x: 1\n", "l1\nl2\n", .literal),
            ("k: 1️⃣|-\n  l1\n\n2️⃣x: 1\n", "l1", .literal),
            ("k: 1️⃣|+\n  l1\n\n2️⃣x: 1\n", "l1\n\n", .literal),
            ("k: 1️⃣|2\n    indented\n  l2\n2️⃣", "  indented\nl2\n", .literal),
            ("k: 1️⃣>\n  a\n  b\n\n  c\n2️⃣", "a b\nc\n", .folded),
            ("k: 1️⃣>-\n  a\n    more\n  b\n2️⃣", "a\n  more\nb", .folded),
            ("k: 1️⃣a\n  b\n\n  c2️⃣\n", "a b\nc", .plain),
            ("k: 1️⃣\"a\n  b\"2️⃣\n", "a b", .doubleQuoted),
            ("k: 1️⃣'a\n\n  b'2️⃣\n", "a\nb", .singleQuoted),
            ("k: 1️⃣héllo wörld2️⃣", "héllo wörld", .plain),
            ("k: 1️⃣&x v2️⃣\n", "v", .plain),
            ("k: 1️⃣!!str 52️⃣\n", "5", .plain),
            ("k:1️⃣2️⃣\nx: 1\n", "", .plain),
            ("k: 1️⃣v2️⃣ # a comment\n# another\n", "v", .plain),
            ("k: 1️⃣v2️⃣\r\nx: 1\r\n", "v", .plain),
        ])
    func scalar(marked: String, value: String, style: YAMLScalarStyle) throws {
        let m = Marked(marked)
        let root = try #require(try YAML.parse(m.text, file: "f.yaml"))
        let node = try #require(root["k"])
        #expect(node.scalar == YAMLScalar(value: value, style: style))
        #expect(node.start == m[1])
        #expect(node.end == m[2])
        #expect(node.file == "f.yaml")
        #expect(node.span == SourceSpan(file: "f.yaml", start: m[1], end: m[2]))
    }

    @Test(
        "collections have their style, start and end",
        arguments: [
            ("k: 1️⃣[a, b]2️⃣\n", YAMLCollectionStyle.flow, 2),
            ("k: 1️⃣{a: 1, b: 2}2️⃣\n", .flow, 2),
            ("k:\n  1️⃣- a\n  - b2️⃣\n", .block, 2),
            ("k:\n1️⃣- a\n- b2️⃣\nx: 1\n", .block, 2),
            ("k:\n  1️⃣a: 1\n  b: [2, 3]2️⃣\n\nx: 1\n", .block, 2),
            ("k: 1️⃣&anchor\n  a: 12️⃣\n", .block, 1),
            ("k: 1️⃣[]2️⃣\n", .flow, 0),
            ("k: 1️⃣{\n  a: 1,\n  b: 2\n}2️⃣\n", .flow, 2),
        ])
    func collection(marked: String, style: YAMLCollectionStyle, count: Int) throws {
        let m = Marked(marked)
        let root = try #require(try YAML.parse(m.text, file: "f.yaml"))
        let node = try #require(root["k"])
        switch node.content {
        case .scalar: Issue.record("expected a collection, got \(node)")
        case .sequence(let s):
            #expect(s.style == style)
            #expect(s.items.count == count)
        case .mapping(let map):
            #expect(map.style == style)
            #expect(map.pairs.count == count)
        }
        #expect(node.start == m[1])
        #expect(node.end == m[2])
    }

    @Test("mapping pairs keep file order and every key has its position")
    func mappingOrder() throws {
        let m = Marked("1️⃣zeta: 1\n2️⃣alpha: 2\n3️⃣mid: {4️⃣x: 5️⃣y}\n")
        let root = try #require(try YAML.parse(m.text, file: "f.yaml"))
        let mapping = try #require(root.mapping)
        #expect(mapping.keys == ["zeta", "alpha", "mid"])
        #expect(mapping.pairs.map(\.key.start) == [m[1], m[2], m[3]])
        let inner = try #require(root["mid"]?.mapping?.pairs.first)
        #expect(inner.key.start == m[4])
        #expect(inner.value.start == m[5])
        #expect(root.start == m[1])
    }

    @Test("sequence items are reachable by index, out-of-range indexes give nil")
    func sequenceIndex() throws {
        let root = try #require(try YAML.parse("- a\n- [b, c]\n", file: "f.yaml"))
        #expect(root[0]?.scalar?.value == "a")
        #expect(root[1]?[1]?.scalar?.value == "c")
        #expect(root[2] == nil)
        #expect(root["a"] == nil)
    }

    @Test("an empty stream and a comment-only stream have no document")
    func emptyStream() throws {
        #expect(try YAML.parse("", file: "f.yaml") == nil)
        #expect(try YAML.parse("# only a comment\n\n", file: "f.yaml") == nil)
        #expect(try YAML.parseAll("", file: "f.yaml").isEmpty)
    }

    @Test("an empty document is a null scalar")
    func emptyDocument() throws {
        let root = try #require(try YAML.parse("---\n", file: "f.yaml"))
        #expect(root.scalar == YAMLScalar(value: "", style: .plain))
        #expect(root.isNull)
    }

    @Test("every document of a stream is returned in order, the first alone on request")
    func multipleDocuments() throws {
        let text = "a: 1\n---\nb: 2\n--- 3\n...\n---\n"
        let all = try YAML.parseAll(text, file: "f.yaml")
        #expect(all.count == 4)
        #expect(all[0]["a"]?.scalar?.value == "1")
        #expect(all[1]["b"]?.start == SourcePosition(line: 3, column: 4))
        #expect(all[2].scalar?.value == "3")
        #expect(all[3].isNull)
        #expect(try YAML.parse(text, file: "f.yaml") == all[0])
    }

    @Test("only the first document is scanned by parse, so later syntax errors are not reported")
    func laterDocumentNotScanned() throws {
        let text = "a: 1\n---\nb: [\n"
        #expect(try YAML.parse(text, file: "f.yaml")?["a"] != nil)
        #expect(throws: YAMLError.self) { try YAML.parseAll(text, file: "f.yaml") }
    }

    @Test(
        "the first document comes with whether more follow, as Prometheus's multi-document warning needs",
        arguments: [
            ("a: 1\n", false), ("a: 1\n...\n# trailing comment\n", false), ("a: 1\n---\n", true),
            ("a: 1\n---\nb: 2\n", true), ("a: 1\n--- [\n", true), ("", false),
        ])
    func firstDocument(text: String, more: Bool) throws {
        let (root, hasMore) = try YAML.parseFirstDocument(text, file: "f.yaml")
        #expect(hasMore == more)
        #expect(root?["a"]?.scalar?.value == (text.isEmpty ? nil : "1"))
    }

    @Test("explicit tags are expanded, the non-specific tag is dropped")
    func tags() throws {
        let root = try #require(try YAML.parse("a: !!str 1\nb: !custom x\nc: ! 2\nd: !!map {}\n", file: "f.yaml"))
        #expect(root["a"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["a"]?.shortTag == "!!str")
        #expect(root["b"]?.tag == "!custom")
        #expect(root["b"]?.shortTag == "!custom")
        #expect(root["c"]?.tag == nil)
        #expect(root["d"]?.shortTag == "!!map")
    }

    @Test("a byte order mark is skipped and does not count as a column")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("k: v\n".utf8)
        let root = try #require(try YAML.parse(bytes, file: "f.yaml"))
        #expect(root["k"]?.start == SourcePosition(line: 1, column: 4))
        #expect(root["k"]?.sourceMap?.position(ofUTF8Offset: 0) == SourcePosition(line: 1, column: 4))
    }

    @Test("libyaml's line breaks (CR, CR LF, NEL, LS) all start a new line")
    func lineBreaks() throws {
        let root = try #require(try YAML.parse("a: 1\rb: 2\r\nc: x\u{85} y\nd: 4\u{2028}e: 5", file: "f.yaml"))
        #expect(root["b"]?.start == SourcePosition(line: 2, column: 4))
        #expect(root["c"]?.start == SourcePosition(line: 3, column: 4))
        #expect(root["d"]?.start == SourcePosition(line: 5, column: 4))
        #expect(root["e"]?.start == SourcePosition(line: 6, column: 4))
    }

    @Test("nodes print as file:line:col and a summary")
    func description() throws {
        let root = try #require(try YAML.parse("k: [1]\n", file: "f.yaml"))
        #expect(root.description == "f.yaml:1:1: mapping of 1")
        #expect(root["k"]?.description == "f.yaml:1:4: sequence of 1")
        #expect(root.mapping?.pairs[0].key.description == "f.yaml:1:1: scalar \"k\"")
    }
}
