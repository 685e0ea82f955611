import Benchmark
import KlaxonMetrics

/// Hot-path cost of the metrics registry: one counter increment and one histogram observation on a cached
/// series handle, alone and with two tasks hammering the same series (the cooperative pool runs them on two
/// threads). Each iteration performs `scalingFactor` operations, so wall clock per iteration ÷ 1,000,000
/// is nanoseconds per operation (for the two-task cases: per operation of the pair, i.e. aggregate throughput).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions],
        scalingFactor: .mega,
        maxDuration: .seconds(2),
        maxIterations: 20
    )

    Benchmark("Counter increment (uncontended)") { benchmark in
        let counter = MetricsRegistry().counter("bench_total", help: "Benchmark.").labels()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { counter.increment() }
        benchmark.stopMeasurement()
        blackHole(counter.value)
    }

    Benchmark("Counter increment (2 threads, same series)") { benchmark async in
        let counter = MetricsRegistry().counter("bench_total", help: "Benchmark.").labels()
        let perTask = benchmark.scaledIterations.count / 2
        benchmark.startMeasurement()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { for _ in 0..<perTask { counter.increment() } }
            }
        }
        benchmark.stopMeasurement()
        blackHole(counter.value)
    }

    Benchmark("Histogram observe (uncontended)") { benchmark in
        let histogram = MetricsRegistry().histogram("bench_seconds", help: "Benchmark.").labels()
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { histogram.observe(Double(i & 1023) * 0.001) }
        benchmark.stopMeasurement()
        blackHole(histogram.value.count)
    }

    Benchmark("Histogram observe (2 threads, same series)") { benchmark async in
        let histogram = MetricsRegistry().histogram("bench_seconds", help: "Benchmark.").labels()
        let perTask = benchmark.scaledIterations.count / 2
        benchmark.startMeasurement()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { for i in 0..<perTask { histogram.observe(Double(i & 1023) * 0.001) } }
            }
        }
        benchmark.stopMeasurement()
        blackHole(histogram.value.count)
    }

    Benchmark("Counter increment via swift-metrics Counter (uncontended)") { benchmark in
        let registry = MetricsRegistry()
        let counter = CacheMetrics(registry: registry)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { counter.recordHit(tier: .l1) }
        benchmark.stopMeasurement()
        blackHole(counter.hitRate())
    }
}
