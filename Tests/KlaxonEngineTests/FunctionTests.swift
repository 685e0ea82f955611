import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// Instant-vector and range-vector functions on a small gauge.
@Suite struct FunctionTests {
    /// 1, 4, 2, 8, 5 at 0s, 60s, 120s, 180s, 240s.
    static let source = TestQueries.source(interval: 60_000, [(["__name__": "g", "job": "a"], [1, 4, 2, 8, 5])])

    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var expected: Double
        var testDescription: String { query }
        init(_ query: String, _ expected: Double) {
            self.query = query
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        Case("avg_over_time(g[5m])", 4),
        Case("sum_over_time(g[5m])", 20),
        Case("min_over_time(g[5m])", 1),
        Case("max_over_time(g[5m])", 8),
        Case("count_over_time(g[5m])", 5),
        Case("last_over_time(g[5m])", 5),
        Case("first_over_time(g[5m])", 1),
        Case("ts_of_max_over_time(g[5m])", 180),
        Case("ts_of_min_over_time(g[5m])", 0),
        Case("ts_of_first_over_time(g[5m])", 0),
        Case("ts_of_last_over_time(g[5m])", 240),
        Case("quantile_over_time(0.5, g[5m])", 4),
        Case("stdvar_over_time(g[5m])", 6),
        Case("mad_over_time(g[5m])", 2),
        Case("changes(g[5m])", 4),
        Case("resets(g[5m])", 2),
        Case("present_over_time(g[5m])", 1),
        Case("deriv(g[5m])", 0.02),
        Case("predict_linear(g[5m], 60)", 7.6),
        Case("idelta(g[5m])", -3),
        Case("clamp(g, 0, 3)", 3),
        Case("clamp_min(g, 6)", 6),
        Case("clamp_max(g, 2)", 2),
        Case("round(g / 3, 0.5)", 1.5),
        Case("sqrt(g + 11)", 4),
        Case("ln(g - 4)", 0),
        Case("sgn(g - 6)", -1),
        Case("scalar(g)", 5),
        Case("timestamp(g)", 240),
        Case("timestamp(g offset 2m)", 120),
        Case("time()", 240),
        Case("vector(2) + 1", 3),
        Case("year(vector(1136239445))", 2006),
        Case("day_of_week(vector(1136239445))", 1),
        Case("days_in_month(vector(1454284800))", 29),
        Case("double_exponential_smoothing(g[5m], 0.5, 0.5)", 7.15625),
        Case("sum_over_time(g[4m:2m])", 7),
        Case("count_over_time(g[4m:])", 4),
        Case("max_of(1, min_of(2, 3))", 2),
        Case("absent(nothing{job=\"x\"})", 1),
        Case("absent_over_time(nothing[1m])", 1),
        Case("count(count_values(\"v\", g))", 1),
        Case("limitk(1, g)", 5),
    ]

    @Test("function values", arguments: cases)
    func value(_ c: Case) throws {
        let result = try TestQueries.instant(c.query, at: 240_000, Self.source)
        let v = try #require(TestQueries.single(result), "no single value for \(c.query)")
        #expect(Swift.abs(v - c.expected) <= 1e-12 * Swift.max(1, Swift.abs(c.expected)), "\(c.query) = \(v)")
    }

    @Test("label_replace, label_join and their errors")
    func labelFunctions() throws {
        let replaced = try TestQueries.instant("label_replace(g, \"dst\", \"x-$1\", \"job\", \"(.*)\")", at: 0, Self.source)
        #expect(Array(TestQueries.vector(replaced).keys) == ["g{dst=\"x-a\", job=\"a\"}"])
        let joined = try TestQueries.instant("label_join(g, \"dst\", \"-\", \"job\", \"__name__\")", at: 0, Self.source)
        #expect(Array(TestQueries.vector(joined).keys) == ["g{dst=\"a-g\", job=\"a\"}"])
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant("label_replace(g, \"dst\", \"\", \"job\", \"(.*\")", at: 0, Self.source)
        }
        #expect(error.message == "invalid regular expression in label_replace(): (.*")
    }

    @Test("sort and sort_desc order an instant vector, NaN last")
    func sorting() throws {
        let source = TestQueries.source(interval: 60_000, [
            (["__name__": "s", "i": "1"], [3]), (["__name__": "s", "i": "2"], [.nan]), (["__name__": "s", "i": "3"], [1]),
        ])
        for (query, expected) in [("sort(s)", ["3", "1", "2"]), ("sort_desc(s)", ["1", "3", "2"])] {
            guard case .vector(let v) = try TestQueries.instant(query, at: 0, source).value else {
                Issue.record("expected a vector")
                continue
            }
            #expect(v.map { $0.labels["i"] } == expected, "\(query)")
        }
        let byLabel = try TestQueries.instant("sort_by_label_desc(s, \"i\")", at: 0, source)
        guard case .vector(let v) = byLabel.value else { return }
        #expect(v.map { $0.labels["i"] } == ["3", "2", "1"])
    }

    @Test("double_exponential_smoothing rejects factors outside (0, 1)")
    func smoothingFactors() throws {
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant("double_exponential_smoothing(g[5m], 1, 0.5)", at: 240_000, Self.source)
        }
        #expect(error.message == "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000")
    }

    @Test("natural sort compares digit runs as numbers")
    func naturalSort() {
        #expect(NaturalSort.less("a2", "a10"))
        #expect(!NaturalSort.less("a10", "a2"))
        #expect(NaturalSort.less("a01", "a2"))
        #expect(NaturalSort.less("abc", "abd"))
    }
}
