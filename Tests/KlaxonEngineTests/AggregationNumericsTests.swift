import KlaxonModel
import KlaxonStorage
import KlaxonTestSupport
import Testing
@testable import KlaxonEngine

/// Aggregations use Prometheus's compensated sums, overflow handling and parameter checks.
@Suite struct AggregationNumericsTests {
    static func source(_ values: [Double]) -> ArraySeriesSource {
        TestQueries.source(interval: 60_000, values.enumerated().map { (["__name__": "v", "i": String($0.offset)], [$0.element]) })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var input: [Double]
        var expected: Double
        var testDescription: String { query }
    }

    static let max = Double.greatestFiniteMagnitude
    static let cases: [Case] = [
        Case(query: "sum(v)", input: [1e100, 1, -1e100], expected: 1),
        Case(query: "avg(v)", input: [1e100, 1, -1e100], expected: 1.0 / 3),
        Case(query: "avg(v)", input: [max, max], expected: max),
        Case(query: "sum(v)", input: [max, max], expected: .infinity),
        Case(query: "stdvar(v)", input: [2, 4, 4, 4, 5, 5, 7, 9], expected: 4),
        Case(query: "stddev(v)", input: [2, 4, 4, 4, 5, 5, 7, 9], expected: 2),
        Case(query: "count(v)", input: [1, 2, 3], expected: 3),
        Case(query: "group(v)", input: [5, 6], expected: 1),
        Case(query: "max(v)", input: [.nan, 1, 3], expected: 3),
        Case(query: "min(v)", input: [.nan, 1, 3], expected: 1),
        Case(query: "quantile(0.5, v)", input: [1, 2, 3, 4], expected: 2.5),
        Case(query: "quantile(0.9, v)", input: [1, 2, 3, 4], expected: 3.7),
        Case(query: "sum_over_time(v[1m])", input: [3], expected: 3),
    ]

    @Test("compensated and overflow-safe aggregations", arguments: cases)
    func values(_ c: Case) throws {
        let (query, input, expected) = (c.query, c.input, c.expected)
        let result = try TestQueries.instant(query, at: 0, Self.source(input))
        let v = try #require(TestQueries.single(result))
        #expect(v == expected || Swift.abs(v - expected) <= 1e-15 * Swift.abs(expected))
    }

    @Test("stddev of a set containing Inf or NaN is NaN")
    func stddevNonFinite() throws {
        let result = try TestQueries.instant("stddev(v)", at: 0, Self.source([.infinity, 1]))
        #expect(TestQueries.single(result)?.isNaN == true)
    }

    @Test("quantile outside [0, 1] warns and returns ±Inf")
    func quantileParameter() throws {
        let result = try TestQueries.instant("quantile(2, v)", at: 0, Self.source([1, 2]))
        #expect(TestQueries.single(result) == .infinity)
        #expect(result.annotations.warnings == ["PromQL warning: quantile value should be between 0 and 1, got 2"])
    }

    @Test(
        "topk/bottomk/limit parameter errors",
        arguments: [
            ("topk(NaN, v)", "Parameter value is NaN"),
            ("limit_ratio(NaN, v)", "Ratio value is NaN"),
            ("topk(1e20, v)", "Scalar value 1e+20 overflows int64"),
        ])
    func parameterErrors(query: String, message: String) throws {
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant(query, at: 0, Self.source([1, 2]))
        }
        #expect(error.message == message)
    }

    @Test("topk and bottomk return the k extreme series in order, NaN last")
    func topk() throws {
        let result = try TestQueries.instant("topk(2, v)", at: 0, Self.source([3, .nan, 7, 5]))
        guard case .vector(let samples) = result.value else {
            Issue.record("expected a vector")
            return
        }
        #expect(samples.map(\.v) == [7, 5])
        let bottom = try TestQueries.instant("bottomk(3, v)", at: 0, Self.source([3, .nan, 7, 5]))
        guard case .vector(let b) = bottom.value else { return }
        #expect(b.map(\.v) == [3, 5, 7])
    }

    @Test("limit_ratio warns about ratios beyond ±1 and keeps every series at 1")
    func limitRatio() throws {
        let result = try TestQueries.instant("limit_ratio(1.5, v)", at: 0, Self.source([1, 2, 3]))
        #expect(TestQueries.vector(result).count == 3)
        #expect(result.annotations.warnings == ["PromQL warning: ratio value should be between -1 and 1, got 1.5, capping to 1"])
    }

    @Test("count_values groups by the formatted value")
    func countValues() throws {
        let result = try TestQueries.instant("count_values(\"value\", v)", at: 0, Self.source([1, 1, 2.5]))
        #expect(TestQueries.vector(result) == ["{value=\"1\"}": 2, "{value=\"2.5\"}": 1])
    }

    @Test("grouping with by and without")
    func grouping() throws {
        let source = TestQueries.source(interval: 60_000, [
            (["__name__": "r", "job": "a", "i": "1"], [1]),
            (["__name__": "r", "job": "a", "i": "2"], [2]),
            (["__name__": "r", "job": "b", "i": "1"], [4]),
        ])
        #expect(TestQueries.vector(try TestQueries.instant("sum by (job) (r)", at: 0, source)) == ["{job=\"a\"}": 3, "{job=\"b\"}": 4])
        #expect(TestQueries.vector(try TestQueries.instant("sum without (job) (r)", at: 0, source)) == ["{i=\"1\"}": 5, "{i=\"2\"}": 2])
    }
}


