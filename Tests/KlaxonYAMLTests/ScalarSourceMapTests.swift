import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct ScalarSourceMapTests {
    /// (marked text, needle): 1️⃣ marks where `needle` starts in the file; the map must send the needle's
    /// UTF-8 offset in `expr`'s decoded value there.
    @Test(
        "an offset inside the decoded value maps to its file position in every style",
        arguments: [
            ("expr: sum(1️⃣foo)\n", "foo"),
            ("expr: sum(\n  rate(x)) by\n  (1️⃣job)\n", "job"),
            ("expr: sum(\n\n\n    1️⃣x)\n", "x"),
            ("expr: label_replace(x, \"é\", \"ü\", 1️⃣y)\n", "y"),
            ("expr: 'a''b 1️⃣c'\n", "c"),
            ("expr: 'sum(x)\n   by (1️⃣job)'\n", "job"),
            ("expr: \"a\\tb\\u00e9\\\" 1️⃣c\"\n", "c"),
            ("expr: \"a\\\n    1️⃣b\"\n", "b"),
            ("expr: \"a\n\n  1️⃣b\"\n", "b"),
            ("expr: |\n  sum(x)\n    by (1️⃣job)\n", "job"),
            ("expr: |-\n  a\n\n  1️⃣b\n\n", "b"),
            ("expr: |+\n  a\n  1️⃣b\n\n", "b"),
            ("expr: >\n  sum(x)\n  by (1️⃣job)\n", "job"),
            ("expr: >\n  a\n\n    more\n  1️⃣b\n", "b"),
            ("k:\n  expr: |2\n      x\n    1️⃣y\n", "y"),
            ("- expr: >1\n   1️⃣lead\n", "lead"),
            ("expr: &a # why\n  1️⃣foo\n", "foo"),
            ("expr: !!str 1️⃣foo\n", "foo"),
            ("expr: a\r\n  1️⃣b\r\n", "b"),
            ("groups:\n- rules:\n  - expr: |\n      a +\n      1️⃣b\n", "b"),
            ("expr: ünï 1️⃣çødé\n", "çødé"),
            ("expr: \"1️⃣\\u00e9x\"\n", "é"),
            ("expr: \"\\u00e91️⃣x\"\n", "x"),
        ])
    func maps(marked: String, needle: String) throws {
        let m = Marked(marked)
        let root = try #require(try YAML.parse(m.text, file: "f.yaml"))
        let node = try #require(
            root["expr"] ?? root["k"]?["expr"] ?? root[0]?["expr"] ?? root["groups"]?[0]?["rules"]?[0]?["expr"])
        let value = try #require(node.scalar?.value)
        let map = try #require(node.sourceMap)
        #expect(map.isExact)
        let offset = try #require(value.utf8.firstRange(of: needle.utf8)?.lowerBound)
        let utf8Offset = value.utf8.distance(from: value.utf8.startIndex, to: offset)
        #expect(map.position(ofUTF8Offset: utf8Offset) == m[1])
        #expect(map.file == "f.yaml")
    }

    @Test("text that decoding produced maps to where it was written: folded breaks and escapes")
    func synthesized() throws {
        let root = try #require(try YAML.parse("a: x\n  y\nb: \"p\\nq\"\n", file: "f.yaml"))
        let folded = try #require(root["a"]?.sourceMap)
        #expect(folded.position(ofUTF8Offset: 1) == SourcePosition(line: 1, column: 5))  // the line break
        #expect(folded.position(ofUTF8Offset: 2) == SourcePosition(line: 2, column: 3))
        let escaped = try #require(root["b"]?.sourceMap)
        #expect(escaped.position(ofUTF8Offset: 1) == SourcePosition(line: 3, column: 6))  // the backslash
        #expect(escaped.position(ofUTF8Offset: 2) == SourcePosition(line: 3, column: 8))
    }

    @Test("spans map both ends; offsets past the value clamp to its end")
    func spans() throws {
        let root = try #require(try YAML.parse("expr: sum(x) by (job\n", file: "f.yaml"))
        let map = try #require(root["expr"]?.sourceMap)
        #expect(map.start == SourcePosition(line: 1, column: 7))
        #expect(
            map.span(of: 4..<5)
                == SourceSpan(file: "f.yaml", start: .init(line: 1, column: 11), end: .init(line: 1, column: 12)))
        #expect(map.position(ofUTF8Offset: 14) == SourcePosition(line: 1, column: 21))
        #expect(map.position(ofUTF8Offset: 999) == SourcePosition(line: 1, column: 21))
        #expect(map.position(ofUTF8Offset: -3) == SourcePosition(line: 1, column: 7))
    }

    @Test("an empty scalar maps everything to where it is")
    func empty() throws {
        let root = try #require(try YAML.parse("expr: ''\nother:\n", file: "f.yaml"))
        #expect(root["expr"]?.sourceMap?.position(ofUTF8Offset: 0) == SourcePosition(line: 1, column: 8))
        #expect(root["other"]?.sourceMap?.position(ofUTF8Offset: 0) == SourcePosition(line: 2, column: 7))
    }

    @Test("an aliased scalar maps into the anchored text")
    func alias() throws {
        let root = try #require(try YAML.parse("a: &x sum(y)\nb: *x\n", file: "f.yaml"))
        #expect(root["b"]?.sourceMap?.position(ofUTF8Offset: 4) == SourcePosition(line: 1, column: 11))
    }

    @Test("collections have no source map")
    func collections() throws {
        let root = try #require(try YAML.parse("a: [1]\n", file: "f.yaml"))
        #expect(root["a"]?.sourceMap == nil)
        #expect(root.sourceMap == nil)
    }

    @Test("a map that could not be rebuilt sends every offset to the scalar's start")
    func fallback() {
        let start = SourcePosition(line: 3, column: 9)
        let map = ScalarSourceMap(
            file: "f.yaml", value: "abc", segments: [.init(valueOffset: 0, position: start)], isExact: false)
        #expect(map.position(ofUTF8Offset: 2) == start)
        #expect(map.span(of: 1..<3) == SourceSpan(file: "f.yaml", start: start, end: start))
    }

    @Test("the strict-decoding cursor hands out the same map")
    func throughValue() throws {
        let root = try #require(try YAML.parse("expr: |\n  up ==\n  0\n", file: "f.yaml"))
        let value = YAMLDecodingContext().value(root).mapping("T", keys: ["expr"])?["expr"]
        #expect(value?.sourceMap?.position(ofUTF8Offset: 6) == SourcePosition(line: 3, column: 3))
    }
}
