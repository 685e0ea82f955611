import Foundation
import KlaxonModel
import Testing

@testable import KlaxonConfig

/// A seeded generator, so that a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations that keep some structure: byte flips, YAML punctuation, PromQL fragments, line duplications.
enum Mutator {
    static let fragments = [
        ":", "- ", "{", "}", "[", "]", "\"", "'", "|", ">", "&a", "*a", "<<: *a", "!!str ", "\t", "\n", "  ", "#",
        "(", ")", "sum(", "by (", "[5m]", "{{", "}}", "$labels.", " == ", " offset -5m", " @ 1", "\u{FEFF}", "é",
        "expr: ", "for: ", "labels:", "annotations:", "record: ", "alert: ", "groups:", "rules:", "x1000000000",
        "values: ", "eval_time: ", "exp_alerts:", "match: regex", "---\n", "~", "null", "0x", "1e9999",
    ]

    static func mutate(_ text: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = text
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &rng)))
            case 2:
                let fragment = fragments.randomElement(using: &rng) ?? ""
                bytes.insert(contentsOf: Array(fragment.utf8), at: position)
            case 3:
                let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                guard let line = lines.randomElement(using: &rng) else { break }
                bytes.insert(contentsOf: Array(line) + [UInt8(ascii: "\n")], at: position)
            default:
                bytes.insert(contentsOf: Array(String(Int.random(in: -5...100_000, using: &rng)).utf8), at: position)
            }
        }
        return bytes
    }
}

@Suite struct RuleFileFuzzTests {
    static let seeds: [UInt64] = Array(1...8)

    /// Every problem must be located inside the file (line ≥ 1, column ≥ 1, at most one line past the end).
    static func checkPositions(_ diagnostics: [Diagnostic], lines: Int) {
        for diagnostic in diagnostics + diagnostics.flatMap(\.notes) {
            #expect(diagnostic.span.start.line >= 1 && diagnostic.span.start.column >= 1, "\(diagnostic)")
            #expect(diagnostic.span.start.line <= lines + 1, "\(diagnostic)")
        }
    }

    @Test("mutated rule files never crash the loader and every error has a position", arguments: seeds)
    func mutatedRuleFiles(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let sources = try Fixtures.names(in: "rules", suffix: ".yaml").map { try Fixtures.data("rules", $0) }
        for _ in 0..<400 {
            guard let source = sources.randomElement(using: &rng) else { return }
            let mutated = Mutator.mutate(source, using: &rng)
            let file = RuleFileLoader().load(mutated, path: "fuzz.yaml")
            let lines = mutated.filter { $0 == UInt8(ascii: "\n") }.count + 1
            Self.checkPositions(file.diagnostics, lines: lines)
            #expect(
                file.hasErrors == !file.diagnostics.filter { $0.severity == .error }.isEmpty, "\(file.promtoolErrors)")
            if !file.hasErrors {
                _ = RuleLinter.lint(file, options: RuleLintOptions(checks: Set(RuleCheck.allCases)))
                _ = DuplicateRules.find(in: file.groups)
            }
        }
    }
}
