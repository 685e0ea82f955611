import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct MergeKeyTests {
    private func pairs(_ text: String, key: String = "m") throws -> [String] {
        let root = try #require(try YAML.parse(text, file: "f.yaml"))
        let mapping = try #require(root[key]?.mapping)
        return mapping.pairs.map { "\($0.key.scalar?.value ?? "?")=\($0.value.scalar?.value ?? "?")" }
    }

    @Test("a single merged mapping's pairs take the merge key's place")
    func single() throws {
        let text = "base: &b {x: 1, y: 2}\nm:\n  a: 0\n  <<: *b\n  z: 3\n"
        #expect(try pairs(text) == ["a=0", "x=1", "y=2", "z=3"])
    }

    @Test("explicit keys override merged ones, wherever they appear")
    func explicitWins() throws {
        let text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 10\n"
        #expect(try pairs(text) == ["y=2", "x=10"])
        let before = "base: &b {x: 1, y: 2}\nm:\n  x: 10\n  <<: *b\n"
        #expect(try pairs(before) == ["x=10", "y=2"])
    }

    @Test("in a list of merged mappings the earlier ones win")
    func listEarlierWins() throws {
        let text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nm:\n  <<: [*a, *b]\n  z: 3\n"
        #expect(try pairs(text) == ["x=1", "y=2", "z=3"])
    }

    @Test("an inline mapping can be merged, and merges chain through anchors")
    func inlineAndChained() throws {
        #expect(try pairs("m:\n  <<: {p: 1}\n  q: 2\n") == ["p=1", "q=2"])
        let chained = "a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nm:\n  <<: *b\n"
        #expect(try pairs(chained) == ["x=1", "y=2"])
    }

    @Test("merged pairs keep the positions of the text they came from")
    func positions() throws {
        let m = Marked("base: &b {1️⃣x: 2️⃣1}\nm:\n  <<: *b\n")
        let root = try #require(try YAML.parse(m.text, file: "f.yaml"))
        let pair = try #require(root["m"]?.mapping?.pairs.first)
        #expect(pair.key.start == m[1])
        #expect(pair.value.start == m[2])
    }

    @Test("a quoted or tagged-as-string << is an ordinary key")
    func quotedIsNotMerge() throws {
        #expect(try pairs("m:\n  '<<': {x: 1}\n") == ["<<=?"])
        #expect(try pairs("m:\n  !!str <<: {x: 1}\n") == ["<<=?"])
        #expect(try pairs("m:\n  !!merge <<: {x: 1}\n") == ["x=1"])
    }

    @Test(
        "a merge value that is not a mapping or a list of mappings is an error at the value",
        arguments: ["m:\n  <<: 1️⃣1\n", "m:\n  <<: [{a: 1}, 1️⃣x]\n", "s: &s [1️⃣1]\nm:\n  <<: *s\n"])
    func invalid(marked: String) throws {
        let m = Marked(marked)
        let error = try #require(throws: YAMLError.self) { try YAML.parse(m.text, file: "f.yaml") }
        #expect(error.kind == .invalidMerge)
        #expect(error.message == "map merge requires map or sequence of maps as the value")
        // An alias is already resolved, so the error points into the anchored node's text.
        #expect(error.position == m[1])
    }

    @Test("explicit duplicate keys survive merging, for strict decoding to report")
    func duplicatesKept() throws {
        #expect(try pairs("b: &b {y: 1}\nm:\n  x: 1\n  <<: *b\n  x: 2\n") == ["x=1", "y=1", "x=2"])
    }
}
