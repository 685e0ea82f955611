import KlaxonModel
import KlaxonStorage
import Testing

@testable import KlaxonRuleTest

@Suite struct FixtureSeriesSetTests {
    static func points(_ storage: MemoryStorage, _ name: String) throws -> [FPoint] {
        try storage.select([.equal(WellKnown.metricName, name)], mint: .min, maxt: .max).first?.points ?? []
    }

    @Test("values land every interval from the start; _ skips, stale marks")
    func expansion() throws {
        var set = try FixtureSeriesSet(
            [InputSeries(series: "a", values: "1 _ stale 2x1"), InputSeries(series: "b", values: "0+5x2")],
            interval: 10_000, start: 1_000)
        #expect(set.sampleCount == 7)
        #expect(set.seriesCount == 2)
        let storage = MemoryStorage()
        #expect(set.appendAll(to: storage) == nil)
        let a = try Self.points(storage, "a")
        #expect(a.map(\.t) == [1_000, 21_000, 31_000, 41_000])
        #expect(StaleMarker.isStale(a[1].v))
        #expect(try Self.points(storage, "b").map(\.v) == [0, 5, 10])
    }

    @Test("samples are appended only up to the requested time")
    func lazy() throws {
        var set = try FixtureSeriesSet([InputSeries(series: "a", values: "1 2 3 4")], interval: 60_000)
        let storage = MemoryStorage()
        set.append(through: 60_000, to: storage)
        #expect(try Self.points(storage, "a").map(\.v) == [1, 2])
        set.append(through: 60_000, to: storage)
        #expect(try Self.points(storage, "a").count == 2)
        set.append(through: 200_000, to: storage)
        #expect(try Self.points(storage, "a").map(\.v) == [1, 2, 3, 4])
    }

    @Test("a series defined twice keeps its last definition")
    func redefinition() throws {
        var set = try FixtureSeriesSet(
            [InputSeries(series: "a", values: "1 1"), InputSeries(series: "a", values: "7")], interval: 1_000)
        #expect(set.sampleCount == 1)
        let storage = MemoryStorage()
        set.appendAll(to: storage)
        #expect(try Self.points(storage, "a").map(\.v) == [7])
    }

    @Test("an empty line ends the series, as in promtool's load command")
    func emptyLineEnds() throws {
        let set = try FixtureSeriesSet(
            [
                InputSeries(series: "a", values: "1"), InputSeries(series: "", values: ""),
                InputSeries(series: "b", values: "1"),
            ], interval: 1_000)
        #expect(set.seriesCount == 1)
    }

    @Test("parse errors count lines from promtool's load command")
    func parseError() {
        #expect(
            throws: InputSeriesError(message: "3:5: parse error: unexpected end of input inside braces", position: nil)
        ) {
            try FixtureSeriesSet(
                [InputSeries(series: "a", values: "1"), InputSeries(series: "b{x=", values: "")], interval: 1_000)
        }
    }

    @Test("native histograms and huge expansions are errors, not crashes")
    func refusals() {
        #expect(throws: InputSeriesError.self) {
            try FixtureSeriesSet([InputSeries(series: "h", values: "{{count:1 sum:1}}")], interval: 1_000)
        }
        #expect(throws: InputSeriesError.self) {
            try FixtureSeriesSet([InputSeries(series: "a", values: "1x100000000000")], interval: 1_000)
        }
    }

    @Test("appending step by step gives what appending at once gives", arguments: [Int64(1_000), 7_000, 60_000, 1])
    func stepwise(stride: Int64) throws {
        let inputs = [
            InputSeries(series: "ramp", values: "0+1.5x20 _x3 4 _ stale -1-0.5x4"),
            InputSeries(series: "list", values: "1 2 3 _ _ 6 7x3 Inf"),
            InputSeries(series: "gaps", values: "_x10 1 _x2 2"),
        ]
        var once = try FixtureSeriesSet(inputs, interval: 5_000, start: -20_000)
        var steps = try FixtureSeriesSet(inputs, interval: 5_000, start: -20_000)
        let a = MemoryStorage()
        let b = MemoryStorage()
        once.appendAll(to: a)
        var ts: Int64 = -30_000
        while ts < 300_000 {
            steps.append(through: ts, to: b)
            ts += stride == 1 ? 1 : stride
            if stride == 1 && ts > -10_000 { ts = 300_000 }  // a single early step, then the rest at once
        }
        steps.appendAll(to: b)
        for name in ["ramp", "list", "gaps"] {
            #expect(try Self.points(a, name) == Self.points(b, name))
        }
        #expect(try Self.points(a, "ramp").count == 21 + 1 + 1 + 5)
    }
}
