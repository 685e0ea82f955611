import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// 3.x delayed name removal: `__name__` (with `__type__` and `__unit__`) goes at the end of the query.
@Suite struct NameDroppingTests {
    static let source = TestQueries.source(interval: 60_000, [
        (["__name__": "m_total", "__type__": "counter", "__unit__": "seconds", "env": "1"], [0, 60, 120]),
        (["__name__": "n_total", "env": "1"], [60, 120, 180]),
    ])

    @Test(
        "which operations keep the metric name",
        arguments: [
            ("m_total", "m_total{__type__=\"counter\", __unit__=\"seconds\", env=\"1\"}"),
            ("-m_total", "{env=\"1\"}"),
            ("m_total * 2", "{env=\"1\"}"),
            ("m_total > 1", "m_total{__type__=\"counter\", __unit__=\"seconds\", env=\"1\"}"),
            ("m_total > bool 1", "{env=\"1\"}"),
            ("abs(m_total)", "{env=\"1\"}"),
            ("rate(m_total[2m])", "{env=\"1\"}"),
            ("last_over_time(m_total[2m])", "m_total{__type__=\"counter\", __unit__=\"seconds\", env=\"1\"}"),
            ("last_over_time(abs(m_total)[2m:1m])", "{env=\"1\"}"),
            ("sum by (__name__, env) (m_total)", "m_total{env=\"1\"}"),
            ("label_replace(rate(m_total[2m]), \"__name__\", \"r_$1\", \"__name__\", \"(.+)\")",
             "r_m_total{__type__=\"counter\", __unit__=\"seconds\", env=\"1\"}"),
        ])
    func kept(query: String, labels: String) throws {
        let result = try TestQueries.instant(query, at: 120_000, Self.source)
        #expect(Array(TestQueries.vector(result).keys) == [labels])
    }

    @Test("series whose labels collide once the names are gone are an error")
    func collision() throws {
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant("sum by (__name__) (rate({env=\"1\"}[2m]))", at: 120_000, Self.source)
        }
        #expect(error.message == "vector cannot contain metrics with the same labelset")
    }

    @Test("in a range query, series that collide without overlapping are merged")
    func mergeInRange() throws {
        let source = TestQueries.source(interval: 600_000, [(["__name__": "a"], [1, nil]), (["__name__": "b"], [3, 4])])
        let result = try TestQueries.range("-a or -b", start: 0, end: 1_200_000, step: 600_000, source)
        guard case .matrix(let series) = result.value else {
            Issue.record("expected a matrix")
            return
        }
        #expect(series.count == 1)
        #expect(series.first?.points.map(\.v) == [-1, -4])
    }
}
