import KlaxonModel
import Testing

@testable import KlaxonPromQL

/// SplitMix64: a small seeded generator so every run mutates the same way.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FuzzTests {
    /// Fragments that steer mutations towards interesting grammar.
    static let fragments: [String] = [
        "(", ")", "[", "]", "{", "}", ",", ":", "@", "offset", "bool", "on", "ignoring", "group_left", "group_right",
        "by", "without", "sum", "topk", "count_values", "rate", "step()", "range()", "start()", "end()", "min_of(",
        "fill(", "fill_left", "anchored", "smoothed", "[5m]", "[5m:1m]", "[1h/2]", "offset -5m", "@ 100", "=~", "!~",
        "!=", "==", "^", "-", "+", "*", "/", "%", "and", "or", "unless", "atan2", "</", ">/", "0x1f", "1e3", ".5",
        "Inf", "NaN", "\"a\\x41\"", "'q'", "`raw`", "#c\n", "\"", "\\", "1h30m", "5y1hs", "é", "😀", "\n", " ",
    ]

    static func mutate(_ base: [UInt8], corpus: [[UInt8]], rng: inout SeededGenerator) -> [UInt8] {
        var bytes = base
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes = Array(bytes.prefix(at))  // truncate
            case 1:  // splice with another expression
                let other = corpus.randomElement(using: &rng) ?? []
                let from = other.isEmpty ? 0 : Int.random(in: 0...other.count, using: &rng)
                bytes = Array(bytes.prefix(at)) + other.suffix(from: min(from, other.count))
            case 2:  // insert a fragment
                bytes.insert(contentsOf: Array((fragments.randomElement(using: &rng) ?? "").utf8), at: at)
            case 3:  // delete a run
                if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...4, using: &rng))) }
            case 4:  // replace a byte with a random one
                if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &rng) }
            case 5:  // duplicate a slice
                if at < bytes.count {
                    let end = min(bytes.count, at + Int.random(in: 1...12, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: end)
                }
            default:  // insert random printable ASCII
                bytes.insert(UInt8.random(in: 32...126, using: &rng), at: at)
            }
        }
        return bytes
    }

    static func checkInvariants(_ text: String, _ problems: inout [String]) {
        let count = text.utf8.count
        do {
            let tree = try PromQL.parse(text)
            // A successful parse must print to text that parses to the same tree.
            let printed = tree.description
            do {
                let again = try PromQL.parse(printed)
                if again.normalized != tree.normalized { problems.append("round trip changed \(text.debugDescription) -> \(printed)") }
            } catch {
                problems.append("printed form of \(text.debugDescription) does not parse: \(printed): \(error)")
            }
        } catch {
            if error.range.lowerBound < 0 || error.range.upperBound > count || error.message.isEmpty {
                problems.append("bad error for \(text.debugDescription): \(error.range) \(error.message)")
            }
            _ = error.description  // line and column computation must not trap either
        }
    }

    @Test("20,000 mutated, truncated and spliced expressions never crash and report ranges inside the input")
    func mutatedExpressions() {
        var rng = SeededGenerator(seed: 0x6B6C_6178_6F6E)
        var corpus = ConformanceCorpus.evals.map { Array($0.expr.utf8) }
        if corpus.isEmpty { corpus = [Array("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) > bool 0.1".utf8)] }
        var problems: [String] = []
        var parsed = 0
        for i in 0..<20_000 {
            let bytes: [UInt8]
            if i % 10 == 9 {
                bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                let base = corpus.randomElement(using: &rng) ?? []
                bytes = Self.mutate(base, corpus: corpus, rng: &rng)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if (try? PromQL.parse(text)) != nil { parsed += 1 }  // counted only; invariants checked below
            Self.checkInvariants(text, &problems)
        }
        print("fuzz: 20000 inputs, \(parsed) parsed, \(problems.count) problems")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test("mutated series descriptions never crash and report ranges inside the input")
    func mutatedSeriesDescriptions() {
        var rng = SeededGenerator(seed: 42)
        var corpus = ConformanceCorpus.series.map { Array($0.text.utf8) }
        if corpus.isEmpty { corpus = [Array("metric{a=\"b\"} 1+2x3 _ stale {{schema:0 sum:5}}x2".utf8)] }
        var problems: [String] = []
        for _ in 0..<5_000 {
            let text = String(decoding: Self.mutate(corpus.randomElement(using: &rng) ?? [], corpus: corpus, rng: &rng), as: UTF8.self)
            do {
                _ = try PromQL.parseSeriesDescription(text)
            } catch {
                if error.range.lowerBound < 0 || error.range.upperBound > text.utf8.count {
                    problems.append("\(text.debugDescription): \(error.range) \(error.message)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test("deeply nested input is refused with an error instead of exhausting the stack", arguments: [
        String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000),
        "1" + String(repeating: " + 1", count: 5000),
        "2" + String(repeating: " ^ 2", count: 5000),
        String(repeating: "-", count: 5000) + "1",
        "foo" + String(repeating: "[5m:]", count: 1200),
        "foo[" + String(repeating: "(", count: 1200) + "1" + String(repeating: ")", count: 1200) + "]",
    ])
    func deepNesting(text: String) {
        #expect(throws: ParseError.self) { try PromQL.parse(text) }
    }

    @Test("nesting of over a hundred levels still parses, prints and compares")
    func moderateNesting() throws {
        let text = String(repeating: "(", count: 120) + "1" + String(repeating: " + 1", count: 120)
            + String(repeating: ")", count: 120)
        let tree = try PromQL.parse(text)
        #expect(try PromQL.parse(tree.description).normalized == tree.normalized)
    }
}
