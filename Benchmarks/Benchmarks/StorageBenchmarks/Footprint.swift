import Benchmark
import KlaxonModel
import KlaxonStorage

let bytesPerSampleMilli = BenchmarkMetric.custom("sealed bytes/sample x1000", useScalingFactor: false)
let overheadPerSeries = BenchmarkMetric.custom("overhead bytes/series (RSS)", useScalingFactor: false)
let indexPerSeries = BenchmarkMetric.custom("index bytes/series (stats)", useScalingFactor: false)
let residentMiB = BenchmarkMetric.custom("RSS growth MiB", useScalingFactor: false)
let openBytesPerSeries = BenchmarkMetric.custom("open chunk bytes/series", useScalingFactor: false)
let appendPerCPUSecond = BenchmarkMetric.custom(
    "appends only: samples/s (per CPU-second)", polarity: .prefersLarger, useScalingFactor: false
)

func registerFootprintBenchmarks() {
    let once = Benchmark.Configuration(
        metrics: [
            .wallClock, samplesPerSecond, samplesPerCPUSecond, bytesPerSampleMilli, overheadPerSeries, indexPerSeries,
            residentMiB, openBytesPerSeries, appendPerCPUSecond,
        ],
        warmupIterations: 0, maxIterations: 1
    )

    // 1M series x 120 samples: every chunk sealed once loading ends (the figure the goals are set for);
    // x 60: every series mid-way through an open chunk; x 240: two sealed chunks per series.
    for rounds in [120, 60, 240] {
        Benchmark("Footprint: 1M series x \(rounds) samples", configuration: once) { benchmark throws in
            let fleet = Fleet(instances: 2000)
            trimHeap()
            let before = residentBytes()
            var watch = Stopwatch()
            var appendWatch = Stopwatch()
            let storage = try loadFleet(fleet, rounds: rounds, appendWatch: &appendWatch)
            watch.stop()
            trimHeap()
            let after = residentBytes()
            let stats = storage.stats
            let growth = after - before
            let overhead = (growth - stats.sealedChunkBytes - stats.openChunkBytes) / stats.seriesCount
            record(benchmark, samples: stats.sampleCount, watch)
            benchmark.measurement(appendPerCPUSecond, Int(Double(stats.sampleCount) / max(appendWatch.cpu, 1e-9)))
            benchmark.measurement(bytesPerSampleMilli, Int(stats.bytesPerSealedSample * 1000))
            benchmark.measurement(overheadPerSeries, overhead)
            benchmark.measurement(indexPerSeries, stats.indexBytes / stats.seriesCount)
            benchmark.measurement(residentMiB, growth >> 20)
            benchmark.measurement(openBytesPerSeries, stats.openChunkBytes / stats.seriesCount)
            blackHole(storage)
        }
    }

    // Compression by kind of data, with and without timestamp jitter.
    for jitter in [false, true] {
        for kind in SeriesKind.allCases {
            Benchmark("Compression: \(kind.rawValue), jitter \(jitter ? "±2ms" : "none")", configuration: once) {
                benchmark throws in
                let storage = MemoryStorage()
                let fleet = Fleet(instances: 20, jitter: jitter)
                var rng = SplitMix64(seed: 3)
                for instance in 0..<fleet.instances {
                    for slot in 0..<Fleet.seriesPerInstance where Fleet.kind(ofSlot: slot) == kind {
                        let ref = try storage.seriesRef(for: fleet.labels(instance: instance, slot: slot))
                        var state = fleet.initialState(instance: instance, slot: slot, rng: &rng)
                        for round in 0..<1200 {
                            let t = fleet.timestamp(instance: instance, round: round, rng: &rng)
                            try storage.append(ref, t: t, v: Fleet.next(&state, slot: slot, rng: &rng))
                        }
                    }
                }
                benchmark.measurement(bytesPerSampleMilli, Int(storage.stats.bytesPerSealedSample * 1000))
            }
        }
    }
}
