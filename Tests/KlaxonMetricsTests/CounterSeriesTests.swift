import CoreMetrics
import Testing

@testable import KlaxonMetrics

@Suite struct CounterSeriesTests {
    private func makeCounter() -> CounterSeries {
        MetricsRegistry(clock: ManualWallClock(42)).counter("c_total").labels()
    }

    @Test("integer and fractional increments add up")
    func mixedIncrements() {
        let counter = makeCounter()
        counter.increment()
        counter.increment(by: UInt64(4))
        counter.increment(by: 0.25)
        counter.increment(by: 2.0)
        #expect(counter.value == 7.25)
    }

    @Test(
        "amounts that would break monotonicity are dropped",
        arguments: [-1.0, 0.0, Double.nan, Double.infinity, -Double.infinity]
    )
    func droppedAmounts(amount: Double) {
        let counter = makeCounter()
        counter.increment(by: 1.0)
        counter.increment(by: amount)
        #expect(counter.value == 1)
    }

    @Test("a negative Int64 increment from swift-metrics is dropped")
    func negativeInteger() {
        let counter = makeCounter()
        counter.increment(by: Int64(-3))
        #expect(counter.value == 0)
    }

    @Test("reset sets the value to zero and the created timestamp to now")
    func reset() {
        let clock = ManualWallClock(1000)
        let counter = MetricsRegistry(clock: clock).counter("c_total").labels()
        counter.increment(by: 2.5)
        #expect(counter.created == 1000)
        clock.advance(by: 500)
        counter.reset()
        #expect(counter.value == 0)
        #expect(counter.created == 1500)
    }

    @Test("gauges set, add and subtract, and swift-metrics meters and gauges drive them")
    func gauge() throws {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let gauge = registry.gauge("g").labels()
        gauge.set(10)
        gauge.add(-2.5)
        #expect(gauge.value == 7.5)
        let meter = Meter(label: "m", factory: registry.factory)
        meter.set(5)
        meter.increment(by: 2)
        meter.decrement(by: 0.5)
        let swiftGauge = Gauge(label: "sg", factory: registry.factory)
        swiftGauge.record(3)
        swiftGauge.record(4)
        let values = Dictionary(uniqueKeysWithValues: registry.collect().map { ($0.name, $0.series.first?.value) })
        #expect(values["m"] == .gauge(6.5))
        #expect(values["sg"] == .gauge(4))
    }

    @Test("concurrent increments from many tasks all count (no lost updates)")
    func concurrentIncrements() async {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let tasks = 8
        let perTask = 5_000
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    let counter = registry.counter("ops_total", labelNames: ["kind"]).labels("a")
                    let fractional = registry.counter("fractional_total").labels()
                    let gauge = registry.gauge("level").labels()
                    let histogram = registry.histogram("latency_seconds").labels()
                    for _ in 0..<perTask {
                        counter.increment()
                        fractional.increment(by: 0.5)
                        gauge.add(1)
                        histogram.observe(0.25)
                    }
                }
            }
        }
        let total = Double(tasks * perTask)
        #expect(registry.counter("ops_total", labelNames: ["kind"]).labels("a").value == total)
        #expect(registry.counter("fractional_total").labels().value == total / 2)
        #expect(registry.gauge("level").labels().value == total)
        let histogram = registry.histogram("latency_seconds").labels().value
        #expect(histogram.count == UInt64(tasks * perTask))
        #expect(histogram.sum == total / 4)
        #expect(histogram.buckets.first { $0.upperBound == 0.25 }?.cumulativeCount == UInt64(tasks * perTask))
    }
}
