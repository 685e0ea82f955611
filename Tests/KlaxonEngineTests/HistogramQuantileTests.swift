import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// `histogram_quantile` and `histogram_fraction` over classic `le` buckets.
@Suite struct HistogramQuantileTests {
    static func buckets(_ pairs: [(Double, Double)]) -> [Bucket] {
        pairs.map { Bucket(upperBound: $0.0, count: $0.1) }
    }

    static let basic = buckets([(0.1, 10), (0.5, 30), (1, 40), (.infinity, 40)])

    @Test(
        "bucket quantiles",
        arguments: [
            (0.5, 0.3),  // rank 20 falls halfway into (0.1, 0.5]
            (0.25, 0.1),  // rank 10 is the top of the first bucket
            (0.125, 0.05),  // the first bucket interpolates from 0
            (1.0, 1.0),  // the highest finite bound when the quantile lands in +Inf's range
            (-0.1, -Double.infinity),
            (1.1, Double.infinity),
        ])
    func quantiles(q: Double, expected: Double) {
        let r = ClassicHistograms.quantile(q, Self.basic)
        #expect(Swift.abs(r.value - expected) < 1e-12 || r.value == expected)
    }

    @Test("a NaN quantile, a missing +Inf bucket or no observations give NaN")
    func nanCases() {
        #expect(ClassicHistograms.quantile(.nan, Self.basic).value.isNaN)
        #expect(ClassicHistograms.quantile(0.5, Self.buckets([(0.1, 10), (1, 20)])).value.isNaN)
        #expect(ClassicHistograms.quantile(0.5, Self.buckets([(0.1, 0), (.infinity, 0)])).value.isNaN)
        #expect(ClassicHistograms.quantile(0.5, Self.buckets([(.infinity, 10)])).value.isNaN)
    }

    @Test("buckets are sorted and equal bounds merged before interpolating")
    func unsortedAndDuplicated() {
        let r = ClassicHistograms.quantile(0.5, Self.buckets([(.infinity, 40), (0.5, 20), (0.1, 10), (0.5, 10), (1, 40)]))
        #expect(Swift.abs(r.value - 0.3) < 1e-12)
    }

    @Test("a decreasing bucket is raised to its predecessor and reported")
    func monotonicity() {
        let r = ClassicHistograms.quantile(0.5, Self.buckets([(0.1, 10), (0.5, 30), (1, 25), (.infinity, 40)]))
        #expect(r.forcedMonotonic)
        #expect(r.minBucket == 1 && r.maxBucket == 1 && r.maxDiff == 5)
        let tiny = ClassicHistograms.quantile(0.5, Self.buckets([(1, 1e15), (2, 1e15 - 1), (.infinity, 1e15)]))
        #expect(!tiny.forcedMonotonic, "differences below 1e-12 relative are ignored silently")
    }

    @Test("the lowest bucket with a bound at or below zero returns that bound")
    func negativeLowestBucket() {
        let r = ClassicHistograms.quantile(0.1, Self.buckets([(-1, 10), (0, 20), (.infinity, 30)]))
        #expect(r.value == -1)
    }

    @Test("bucket fractions", arguments: [(0.0, 0.5, 0.75), (0.1, 1.0, 0.75), (0.3, 0.3, 0.0), (-1, .infinity, 1.0)])
    func fractions(lower: Double, upper: Double, expected: Double) {
        #expect(Swift.abs(ClassicHistograms.fraction(lower, upper, Self.basic) - expected) < 1e-12)
    }

    @Test("le values are parsed like Go's strconv.ParseFloat", arguments: [
        ("1", 1.0), ("1.0", 1.0), ("+Inf", Double.infinity), ("inf", Double.infinity), ("1e-3", 0.001), ("0x1p-2", 0.25),
    ])
    func bounds(text: String, expected: Double) {
        #expect(ClassicHistograms.parseBound(text) == expected)
    }

    @Test("malformed le values are rejected", arguments: ["", " 1", "abc", "1e400", "1_0"])
    func badBounds(text: String) {
        #expect(ClassicHistograms.parseBound(text) == nil)
    }

    @Test("the engine merges le=\"1\" with le=\"1.0\" and warns about malformed le labels")
    func engineLevel() throws {
        let source = TestQueries.source(interval: 60_000, [
            (["__name__": "h_bucket", "le": "0.5"], [10]),
            (["__name__": "h_bucket", "le": "1"], [15]),
            (["__name__": "h_bucket", "le": "1.0"], [5]),
            (["__name__": "h_bucket", "le": "+Inf"], [40]),
            (["__name__": "h_bucket", "le": "x"], [1]),
        ])
        let result = try TestQueries.instant("histogram_quantile(0.5, h_bucket)", at: 0, source)
        // Buckets 0.5 → 10, 1 → 20, +Inf → 40: rank 20 is the top of the (0.5, 1] bucket.
        #expect(TestQueries.vector(result) == ["{}": 1.0])
        #expect(
            result.annotations.warnings == [
                "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"x\" for metric name \"h_bucket\""
            ])
    }

    @Test("an invalid quantile warns and a forced monotonicity adds an info annotation")
    func annotations() throws {
        let source = TestQueries.source(interval: 60_000, [
            (["__name__": "h_bucket", "le": "1"], [10]),
            (["__name__": "h_bucket", "le": "2"], [5]),
            (["__name__": "h_bucket", "le": "+Inf"], [10]),
        ])
        let invalid = try TestQueries.instant("histogram_quantile(1.5, h_bucket)", at: 0, source)
        #expect(TestQueries.vector(invalid) == ["{}": .infinity])
        #expect(invalid.annotations.warnings == ["PromQL warning: quantile value should be between 0 and 1, got 1.5"])
        let fixed = try TestQueries.instant("histogram_quantile(0.5, h_bucket)", at: 0, source)
        #expect(TestQueries.vector(fixed) == ["{}": 0.5])
        #expect(
            fixed.annotations.infos == [
                "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"h_bucket\""
            ])
    }
}
