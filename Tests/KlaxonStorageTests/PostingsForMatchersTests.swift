import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct PostingsForMatchersTests {
    static let names = ["__name__", "job", "instance", "le", "code"]
    static let values = ["", "a", "b", "ab", "abc", "b.c", "0.5", "+Inf", "x|y"]

    static func randomLabels(using rng: inout SeededGenerator) -> Labels {
        var pairs: [Label] = []
        for name in names where Bool.random(using: &rng) || name == "__name__" {
            let value = values.randomElement(using: &rng)!
            pairs.append(Label(name, value.isEmpty ? "metric" : value))
        }
        return Labels(pairs)
    }

    static func randomMatcher(using rng: inout SeededGenerator) throws -> LabelMatcher {
        let name = (names + ["absent"]).randomElement(using: &rng)!
        let type = MatchType.allCases.randomElement(using: &rng)!
        let patterns = [
            "", "a", "b", "ab", "abc", "b.c", "b\\.c", "0\\.5", "\\+Inf", "x\\|y", ".*", ".+", "a.*", "a|b", "(ab|b.c)",
            "a?", "[ab]+", "|a", ".*c", "metric|a",
        ]
        let value = (type == .equal || type == .notEqual ? values : patterns).randomElement(using: &rng)!
        return try LabelMatcher(type, name, value)
    }

    @Test("selection equals a brute-force filter for random matcher sets", arguments: 0..<8)
    func randomMatcherSets(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &* 7919 &+ 1)
        let storage = MemoryStorage()
        var all = Set<Labels>()
        for _ in 0..<300 {
            let labels = Self.randomLabels(using: &rng)
            all.insert(labels)
            try storage.append(labels, t: 1, v: 1)
        }
        for _ in 0..<150 {
            let matchers = try (0..<Int.random(in: 1...3, using: &rng)).map { _ in try Self.randomMatcher(using: &rng) }
            let expected = all.filter { labels in matchers.allSatisfy { $0.matches(labels[$0.name]) } }
                .sorted { Labels.compare($0, $1) < 0 }
            let got = try storage.select(matchers, mint: .min, maxt: .max).map(\.labels)
            #expect(got == expected, "matchers \(matchers)")
        }
    }

    @Test(
        "matchers that accept the empty value select series without the label",
        arguments: [
            ("job", MatchType.equal, "", ["c"]),
            ("job", .notEqual, "a", ["b", "c"]),
            ("job", .regexMatch, "a|", ["a", "c"]),
            ("job", .regexNoMatch, "a", ["b", "c"]),
            ("job", .regexNoMatch, ".+", ["c"]),
            ("job", .regexMatch, ".+", ["a", "b"]),
            ("job", .notEqual, "", ["a", "b"]),
            ("absent", .equal, "", ["a", "b", "c"]),
            ("absent", .regexMatch, ".*", ["a", "b", "c"]),
            ("absent", .regexNoMatch, ".*", []),
        ])
    func emptyMatching(name: String, type: MatchType, value: String, expected: [String]) throws {
        let storage = MemoryStorage()
        try storage.append(["__name__": "m", "id": "a", "job": "a"], t: 1, v: 1)
        try storage.append(["__name__": "m", "id": "b", "job": "b"], t: 1, v: 1)
        try storage.append(["__name__": "m", "id": "c"], t: 1, v: 1)
        let matchers = [try LabelMatcher(type, name, value), .equal("__name__", "m")]
        #expect(try storage.select(matchers, mint: .min, maxt: .max).map { $0.labels["id"] } == expected)
    }

    @Test("postings intersection, subtraction and union agree with set algebra")
    func postingsAlgebra() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let a = Set((0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt32.random(in: 0..<500, using: &rng) })
            let b = Set((0..<Int.random(in: 0...5, using: &rng)).map { _ in UInt32.random(in: 0..<500, using: &rng) })
            let (sa, sb) = (a.sorted(), b.sorted())
            #expect(Postings.intersect(sa, sb) == a.intersection(b).sorted())
            #expect(Postings.intersect(sb, sa) == a.intersection(b).sorted())
            #expect(Postings.subtract(sa, sb) == a.subtracting(b).sorted())
            #expect(Postings.union([sa, sb]) == a.union(b).sorted())
        }
    }
}
