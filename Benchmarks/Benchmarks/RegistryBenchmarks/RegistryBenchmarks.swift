import Benchmark

/// Placeholder: the metrics registry's benchmarks replace this file.
let benchmarks: @Sendable () -> Void = {
    Benchmark("Registry placeholder") { benchmark in
        for i in benchmark.scaledIterations { blackHole(i) }
    }
}
