import KlaxonModel
import KlaxonPromQL
import Testing

@testable import KlaxonRuleTest

@Suite struct SeriesValuesFastPathTests {
    /// The general parser's expansion, for comparison.
    static func slow(_ values: String) -> [FPoint]? {
        guard let parsed = try? PromQL.parseSeriesValues(values) else { return nil }  // an error: nothing to compare
        var points: [FPoint] = []
        var t: Int64 = 0
        for value in parsed {
            switch value {
            case .value(let v): points.append(FPoint(t: t, v: v))
            case .stale: points.append(FPoint(t: t, v: StaleMarker.value))
            case .omitted: break
            case .histogram: return nil
            }
            t += 15_000
        }
        return points
    }

    static func fast(_ values: String) -> [FPoint]? {
        SeriesValuesFastPath.expand(values, start: 0, interval: 15_000)
    }

    @Test(
        "common forms take the fast path and agree with the parser",
        arguments: [
            "1", "0+10x959", "1x3", "_", "_x3", "stale", "1 _ stale 2", "-1-2x3", "1.5e3+0.25x2", "0.1+0.1x20",
            "  3   4 ", "", "1e-3x2", "-0", "-0-0x2", "-0+0x2", "1E+2", "010.5", "0.0", "1x999",
        ])
    func agrees(values: String) throws {
        let fast = try #require(Self.fast(values))
        #expect(fast == Self.slow(values))
    }

    @Test(
        "unusual forms fall back to the parser",
        arguments: [
            "Inf", "NaN", "0x1f", "1\t2", "{{count:1}}", "1+", "1+2", "x3", "1x", "_x", "1..2", ".5", "1.", "1e400",
            "stale+1x2", "1x99999999999", "# comment", "1 # comment", "1e-400", "+1+1x1x2", "007", "010", "1x10000001",
        ])
    func fallsBack(values: String) {
        #expect(Self.fast(values) == nil)
    }

    @Test("random value strings: the fast path never disagrees", arguments: Array(UInt64(1)...4))
    func randomAgreement(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let atoms = [
            "0", "1", "-2", "+3", "0.5", "1e2", "2.25e-1", "_", "stale", "x", "x2", "x0", "+", "-", "+1x3",
            "-0.5x2", " ", " ", "  ", "7", "10", "-0", ".", "e", "9", "08",
        ]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in atoms.randomElement(using: &rng) ?? "" }
                .joined()
            guard let fast = Self.fast(text) else { continue }
            #expect(fast == Self.slow(text), "\(text)")
        }
    }
}
