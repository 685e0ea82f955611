import CoreMetrics
import Testing

@testable import KlaxonMetrics

@Suite struct HistogramSeriesTests {
    private func makeSeries(_ bounds: [Double] = [0.1, 1, 10]) -> HistogramSeries {
        MetricsRegistry(clock: ManualWallClock()).histogram("h_seconds", buckets: bounds).labels()
    }

    @Test(
        "an observation lands in the first bucket whose upper bound is >= the value (le is inclusive)",
        arguments: [
            (0.05, 0), (0.1, 0), (0.1000001, 1), (1.0, 1), (10.0, 2), (10.5, 3), (-5.0, 0),
            (Double.infinity, 3), (-Double.infinity, 0), (Double.nan, 3),
        ]
    )
    func bucketIndex(value: Double, expected: Int) {
        #expect(makeSeries().bucketIndex(for: value) == expected)
    }

    @Test("bucket counts are cumulative, end with +Inf, and the +Inf bucket equals the count")
    func cumulativeSnapshot() {
        let series = makeSeries()
        for value in [0.05, 0.1, 0.5, 1, 5, 50] { series.observe(value) }
        let value = series.value
        #expect(value.buckets.map(\.upperBound) == [0.1, 1, 10, .infinity])
        #expect(value.buckets.map(\.cumulativeCount) == [2, 4, 5, 6])
        #expect(value.count == 6)
        #expect(value.sum == 0.05 + 0.1 + 0.5 + 1 + 5 + 50)
    }

    @Test("a NaN observation counts in +Inf and makes the sum NaN, as client_golang does")
    func nanObservation() {
        let series = makeSeries()
        series.observe(1)
        series.observe(Double.nan)
        #expect(series.value.buckets.map(\.cumulativeCount) == [0, 1, 1, 2])
        #expect(series.value.sum.isNaN)
    }

    @Test("binary search over many buckets agrees with a linear scan")
    func binarySearchMatchesLinear() {
        let bounds = HistogramBuckets.exponential(start: 0.001, factor: 1.3, count: 60)
        let series = makeSeries(bounds)
        var probes = bounds
        probes += bounds.map { $0 * 1.0001 }
        probes += [0, -1, 1e9, .infinity]
        for value in probes {
            let expected = bounds.firstIndex { value <= $0 } ?? bounds.count
            #expect(series.bucketIndex(for: value) == expected, "value \(value)")
        }
    }

    @Test("bucket bounds are sorted and de-duplicated, and NaN and +Inf are dropped")
    func normalizedBuckets() {
        #expect(HistogramBuckets.normalized([5, 1, .infinity, 1, .nan, 0.5]) == [0.5, 1, 5])
        let series = makeSeries([2, 1, .infinity])
        #expect(series.upperBounds == [1, 2])
        #expect(series.value.buckets.count == 3)
    }

    @Test("a histogram without finite buckets still has its +Inf bucket")
    func onlyInfBucket() {
        let series = makeSeries([])
        series.observe(3)
        #expect(series.value.buckets == [HistogramBucket(upperBound: .infinity, cumulativeCount: 1)])
    }

    @Test("linear and exponential bucket helpers")
    func bucketHelpers() {
        #expect(HistogramBuckets.linear(start: 1, width: 2, count: 3) == [1, 3, 5])
        #expect(HistogramBuckets.exponential(start: 1, factor: 10, count: 3) == [1, 10, 100])
        #expect(HistogramBuckets.exponential(start: 0, factor: 10, count: 3).isEmpty)
        #expect(HistogramBuckets.prometheusDefault == [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
    }

    @Test("a swift-metrics Timer records seconds, a Recorder records values as given")
    func swiftMetricsHandlers() throws {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let timer = CoreMetrics.Timer(label: "op_duration_seconds", factory: registry.factory)
        timer.recordNanoseconds(1_500_000_000)
        timer.recordMilliseconds(20)
        let recorder = Recorder(label: "payload_bytes", factory: registry.factory)
        recorder.record(300)
        let families = registry.collect()
        let timerValue = try #require(families.first { $0.name == "op_duration_seconds" }?.series.first?.value)
        guard case .histogram(let histogram) = timerValue else { Issue.record("not a histogram"); return }
        #expect(histogram.count == 2)
        #expect(abs(histogram.sum - 1.52) < 1e-12)
        #expect(histogram.buckets.first { $0.upperBound == 0.025 }?.cumulativeCount == 1)
        let recorderValue = try #require(families.first { $0.name == "payload_bytes" }?.series.first?.value)
        guard case .histogram(let payload) = recorderValue else { Issue.record("not a histogram"); return }
        #expect(payload.sum == 300)
    }

    @Test("reset clears buckets, sum and count and moves the created timestamp")
    func reset() {
        let clock = ManualWallClock(1000)
        let series = MetricsRegistry(clock: clock).histogram("h").labels()
        series.observe(1)
        clock.set(5000)
        series.reset()
        #expect(series.value.count == 0)
        #expect(series.value.sum == 0)
        #expect(series.created == 5000)
    }
}
