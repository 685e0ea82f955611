import Foundation
import KlaxonConfig
import KlaxonModel
import Testing

@testable import KlaxonRuleTest

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

@Suite struct TestFileFuzzTests {
    static let fragments = [
        ":", "- ", "{", "}", "[", "]", "\"", "'", "\n", "  ", "#", "_", "stale", "x3", "+1x2", "-", "{{", "}}",
        "eval_time: ", "exp_alerts: []", "exp_samples:", "values: ", "series: ", "interval: 0s", "1e30", "NaN",
        "match: partial", "exp_state: pending", "start_timestamp: ", "~", "\u{0}", "é", "*", "&x",
    ]

    static func mutate(_ text: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = text
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty: bytes.remove(at: position)
            case 2: bytes.insert(contentsOf: Array((fragments.randomElement(using: &rng) ?? "").utf8), at: position)
            default: bytes.insert(contentsOf: Array(String(Int.random(in: 0...999, using: &rng)).utf8), at: position)
            }
        }
        return bytes
    }

    @Test(
        "mutated test files never crash; decoding errors have positions; small ones run",
        arguments: Array(UInt64(1)...6))
    func mutatedTestFiles(seed: UInt64) async throws {
        var rng = SplitMix64(state: seed)
        let names = Fixtures.names(in: "ruletest", suffix: ".yml").filter { !$0.hasSuffix(".rules.yml") }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }  // best effort cleanup
        for name in Fixtures.names(in: "ruletest", suffix: ".rules.yml") {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("ruletest", name), toPath: directory.appendingPathComponent(name).path)
        }
        for round in 0..<40 {
            guard let name = names.randomElement(using: &rng) else { return }
            let source = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("ruletest", name))))
            let mutated = Self.mutate(source, using: &rng)
            let decoded = UnitTestFileDecoder.decode(mutated, path: "fuzz.yml")
            for diagnostic in decoded.diagnostics {
                #expect(diagnostic.span.start.line >= 1 && diagnostic.span.start.column >= 1, "\(diagnostic)")
            }
            #expect((decoded.file == nil) == (decoded.promtoolMessage != nil))
            // Run what stays small: few evaluation steps and samples.
            guard let file = decoded.file else { continue }
            let small = file.tests.allSatisfy { group in
                let interval = max(file.evaluationInterval, 1_000)
                return group.maxEvalTime / interval < 2_000
                    && group.inputSeries.allSatisfy { FixtureSeriesSet.expansionSize($0.values) < 100_000 }
            }
            guard small else { continue }
            let path = directory.appendingPathComponent("fuzz\(round).yml")
            try Data(mutated).write(to: path)
            let summary = await RuleTestSession().run(files: [path.path], output: CapturedOutput())
            #expect(summary.exitCode == 0 || summary.exitCode == 1)
        }
    }
}
