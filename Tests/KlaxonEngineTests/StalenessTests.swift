import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// Lookback, staleness markers, offsets and `@`.
@Suite struct StalenessTests {
    /// 1 at 0s, 2 at 60s, stale at 120s, 4 at 600s.
    static let source = TestQueries.source(interval: 60_000, [
        (["__name__": "m"], [1, 2, .stale, nil, nil, nil, nil, nil, nil, nil, 4])
    ])

    @Test(
        "instant selector at various times",
        arguments: [
            (Int64(0), 1.0 as Double?),
            (90, 2),
            (119, 2),
            (120, nil),  // the staleness marker ends the series
            (300, nil),
            (600, 4),
            (899, 4),  // (599s, 899s] still holds the sample at 600s
            (900, nil),  // a sample exactly lookback before the evaluation time is out (3.x left-open window)
        ])
    func lookback(atSeconds t: Int64, expected: Double?) throws {
        let result = try TestQueries.instant("m", at: t * 1000, Self.source)
        #expect(TestQueries.single(result) == expected)
    }

    @Test("range selectors leave staleness markers out")
    func rangeSkipsStale() throws {
        let result = try TestQueries.instant("count_over_time(m[3m])", at: 170_000, Self.source)
        #expect(TestQueries.single(result) == 2)
    }

    @Test("offset and @ move the evaluation time")
    func offsetAndAt() throws {
        #expect(TestQueries.single(try TestQueries.instant("m offset 1m", at: 120_000, Self.source)) == 2)
        #expect(TestQueries.single(try TestQueries.instant("m offset -8m", at: 120_000, Self.source)) == 4)
        #expect(TestQueries.single(try TestQueries.instant("m @ 60", at: 900_000, Self.source)) == 2)
        let range = try TestQueries.range("m @ end()", start: 0, end: 600_000, step: 300_000, Self.source)
        guard case .matrix(let series) = range.value else {
            Issue.record("expected a matrix")
            return
        }
        #expect(series.first?.points.map(\.v) == [4, 4, 4])
    }

    @Test("a range query evaluates each step like an instant query")
    func rangeQuery() throws {
        let result = try TestQueries.range("m", start: 0, end: 900_000, step: 60_000, Self.source)
        guard case .matrix(let series) = result.value else {
            Issue.record("expected a matrix")
            return
        }
        #expect(series.count == 1)
        #expect(series.first?.points.map(\.t) == [0, 60_000] + (10...14).map { Int64($0) * 60_000 })
    }

    @Test("subqueries step on absolute multiples of their step")
    func subqueryAlignment() throws {
        let source = TestQueries.source(interval: 10_000, [(["__name__": "c"], (0...30).map(Double.init))])
        // At 95s, [30s:20s] evaluates at the multiples of 20s inside (65s, 95s]: 80s only.
        let result = try TestQueries.instant("count_over_time(c[30s:20s])", at: 95_000, source)
        #expect(TestQueries.single(result) == 1)
        let values = try TestQueries.instant("sum_over_time(c[60s:20s])", at: 100_000, source)
        // Steps at 60s, 80s, 100s read 6, 8, 10.
        #expect(TestQueries.single(values) == 24)
    }
}
