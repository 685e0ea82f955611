import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// `rate`, `increase` and `delta` extrapolate to the window edges the way Prometheus does.
@Suite struct ExtrapolationTests {
    /// A counter 0, 10, 20, … 100 sampled every 10s.
    static let linear = TestQueries.source(interval: 10_000, [(["__name__": "c_total"], (0...10).map { Double($0 * 10) })])

    @Test(
        "extrapolation on an evenly sampled counter",
        arguments: [
            // Window (50s, 100s] holds 60…100: 40 over 40s, extended by 10s at the start.
            ("increase(c_total[50s])", Int64(100), 50.0),
            ("rate(c_total[50s])", 100, 1.0),
            ("delta(c_total[50s])", 100, 50.0),
            // Window (45s, 100s]: 10s to the start is within 1.1 × the 10s interval, 0s to the end.
            ("increase(c_total[55s])", 100, 55.0),
            // Window (20s, 75s]: 30…70, extended by 10s at the start and 5s at the end.
            ("increase(c_total[55s])", 75, 55.0),
            ("irate(c_total[1m])", 100, 1.0),
            ("idelta(c_total[1m])", 100, 10.0),
        ])
    func evenlySampled(query: String, atSeconds t: Int64, expected: Double) throws {
        let result = try TestQueries.instant(query, at: TestQueries.seconds(t), Self.linear)
        let v = try #require(TestQueries.single(result))
        #expect(Swift.abs(v - expected) <= 1e-14 * expected)
    }

    @Test("a counter reset adds the value before the reset")
    func counterReset() throws {
        let source = TestQueries.source(interval: 10_000, [(["__name__": "c_total"], [0, 10, 20, 5, 15])])
        // Window (0s, 40s] holds 10, 20, 5, 15: raw increase 5 + 20 = 25 over 30s, extended by 10s at the start.
        let result = try TestQueries.instant("increase(c_total[40s])", at: 40_000, source)
        let v = try #require(TestQueries.single(result))
        #expect(Swift.abs(v - 25.0 * 40 / 30) < 1e-12)
        #expect(TestQueries.single(try TestQueries.instant("resets(c_total[40s])", at: 40_000, source)) == 1)
        #expect(TestQueries.single(try TestQueries.instant("irate(c_total[40s])", at: 40_000, source)) == 1)
    }

    @Test("a counter is not extrapolated below zero")
    func zeroPoint() throws {
        // 5, 15, 25 at 40s, 50s, 60s: extrapolating 10s back would reach -5, so it stops at the zero point (5s).
        let source = TestQueries.source(interval: 10_000, [(["__name__": "c_total"], [nil, nil, nil, nil, 5, 15, 25])])
        let result = try TestQueries.instant("increase(c_total[30s])", at: 60_000, source)
        #expect(TestQueries.single(result) == 25)
        // delta is not a counter function: it extrapolates the full 10s.
        let delta = try TestQueries.instant("delta(c_total[30s])", at: 60_000, source)
        #expect(TestQueries.single(delta) == 30)
    }

    @Test("a series that starts inside the window is extrapolated by half an interval")
    func halfInterval() throws {
        // 100, 110, 120 at 70s, 80s, 90s; window (0, 90s]: 70s to the start is far beyond 11s.
        let source = TestQueries.source(interval: 10_000, [(["__name__": "g"], [nil, nil, nil, nil, nil, nil, nil, 100, 110, 120])])
        let result = try TestQueries.instant("delta(g[90s])", at: 90_000, source)
        #expect(TestQueries.single(result) == 25)
    }

    @Test("one sample in the window gives no rate")
    func singleSample() throws {
        let result = try TestQueries.instant("rate(c_total[10s])", at: 100_000, Self.linear)
        #expect(TestQueries.vector(result).isEmpty)
    }

    @Test("a sample exactly at the window's left edge is excluded, one at the right edge included")
    func leftOpenWindow() throws {
        let result = try TestQueries.instant("count_over_time(c_total[30s])", at: 60_000, Self.linear)
        #expect(TestQueries.single(result) == 3)
    }

    @Test("rate over a series without a counter suffix adds an info annotation")
    func possibleNonCounter() throws {
        let source = TestQueries.source(interval: 10_000, [(["__name__": "requests"], [0, 1, 2, 3])])
        let result = try TestQueries.instant("rate(requests[30s])", at: 30_000, source)
        #expect(
            result.annotations.infos == [
                "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"requests\""
            ])
    }

    @Test(
        "anchored and smoothed windows",
        arguments: [
            // anchored: the sample at or before the window start (30 at 30s) is the baseline: 70 - 30.
            ("increase(c_total[40s] anchored)", Int64(70), 40.0),
            // smoothed: values interpolated at both edges, 25s → 25 and 65s → 65.
            ("increase(c_total[40s] smoothed)", 65, 40.0),
            ("rate(c_total[40s] smoothed)", 65, 1.0),
        ])
    func extendedWindows(query: String, atSeconds t: Int64, expected: Double) throws {
        let result = try TestQueries.instant(query, at: TestQueries.seconds(t), Self.linear)
        #expect(TestQueries.single(result) == expected)
    }

    @Test("functions that do not support anchored windows fail with Prometheus's message")
    func anchoredUnsupported() throws {
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant("max_over_time(c_total[40s] anchored)", at: 70_000, Self.linear)
        }
        #expect(
            error.message
                == "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with max_over_time")
    }
}
