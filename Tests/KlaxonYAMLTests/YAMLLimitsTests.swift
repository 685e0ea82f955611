import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct YAMLLimitsTests {
    private func limitError(_ text: String, _ limits: YAMLLimits = .default) throws -> YAMLError {
        let error = try #require(throws: YAMLError.self) { try YAML.parseAll(text, file: "f.yaml", limits: limits) }
        #expect(error.kind == .limitExceeded)
        #expect(error.diagnostic.code == "yaml.limit-exceeded")
        return error
    }

    @Test("the defaults are 32 MiB, depth 256, 1M alias-expanded nodes and 4 MiB scalars")
    func defaults() {
        #expect(
            YAMLLimits.default
                == YAMLLimits(
                    maxDocumentBytes: 33_554_432, maxDepth: 256, maxAliasExpansion: 1_000_000, maxScalarBytes: 4_194_304
                ))
    }

    @Test("a document over the size limit is rejected before parsing")
    func documentSize() throws {
        let error = try limitError("k: 123456\n", YAMLLimits(maxDocumentBytes: 5))
        #expect(error.message == "document of 10 bytes exceeds the limit of 5 bytes")
        #expect(error.position == SourcePosition(line: 1, column: 1))
        #expect(try YAML.parse("k: 1\n", file: "f.yaml", limits: YAMLLimits(maxDocumentBytes: 5)) != nil)
    }

    @Test("nesting deeper than the limit is an error at the first collection too deep")
    func depth() throws {
        let m = Marked("a: {b: {c: 1️⃣{d: 1}}}\n")
        let error = try limitError(m.text, YAMLLimits(maxDepth: 3))
        #expect(error.message == "nesting exceeds the limit of 3 levels")
        #expect(error.position == m[1])
        #expect(try YAML.parse("a: {b: {c: 1}}\n", file: "f.yaml", limits: YAMLLimits(maxDepth: 3)) != nil)
    }

    @Test("an alias cannot smuggle in nesting beyond the limit")
    func depthThroughAlias() throws {
        let m = Marked("a: &x [[[1]]]\nb: [[1️⃣*x]]\n")
        let error = try limitError(m.text, YAMLLimits(maxDepth: 5))
        #expect(error.position == m[1])
        #expect(try YAML.parse("a: &x [[[1]]]\nb: [*x]\n", file: "f.yaml", limits: YAMLLimits(maxDepth: 5)) != nil)
    }

    @Test("very deep flow nesting fails fast with the default limit, without exhausting the stack")
    func veryDeep() throws {
        let text = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let error = try limitError(text)
        #expect(error.position == SourcePosition(line: 1, column: 257))
        let blocks = (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        #expect(try limitError(blocks).message == "nesting exceeds the limit of 256 levels")
    }

    @Test("a scalar over the length limit is an error at the scalar")
    func scalarLength() throws {
        let error = try limitError("a: 1\nk: \"123456\"\n", YAMLLimits(maxScalarBytes: 5))
        #expect(error.message == "scalar of 6 bytes exceeds the limit of 5 bytes")
        #expect(error.position == SourcePosition(line: 2, column: 4))
    }

    @Test("billion laughs stops at the alias-expansion budget")
    func billionLaughs() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let error = try limitError(text)
        #expect(error.message == "alias expansion exceeds the limit of 1000000 nodes")
        #expect(error.position.line == 7)  // 10^6 is crossed while expanding *f inside g
    }

    @Test("aliases within the budget are fine, and the budget counts every copied node")
    func aliasBudget() throws {
        let text = "a: &a [1, 2]\nb: [*a, *a, *a]\n"  // each *a copies 3 nodes
        #expect(
            try YAML.parse(text, file: "f.yaml", limits: YAMLLimits(maxAliasExpansion: 9))?["b"]?[2]?[1]?.scalar?.value
                == "2")
        let error = try limitError(text, YAMLLimits(maxAliasExpansion: 8))
        #expect(error.position == SourcePosition(line: 2, column: 13))
    }

    @Test("the alias budget is shared by all documents of a stream")
    func budgetPerStream() throws {
        let text = "a: &a [1, 2]\nb: *a\n---\na: &a [1, 2]\nb: *a\n"
        #expect(try YAML.parseAll(text, file: "f.yaml", limits: YAMLLimits(maxAliasExpansion: 6)).count == 2)
        _ = try limitError(text, YAMLLimits(maxAliasExpansion: 5))
    }
}
