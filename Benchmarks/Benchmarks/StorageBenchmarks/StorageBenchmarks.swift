import Benchmark
import KlaxonModel
import KlaxonStorage

let samplesPerSecond = BenchmarkMetric.custom("samples/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
let samplesPerCPUSecond = BenchmarkMetric.custom(
    "samples/s (per CPU-second)", polarity: .prefersLarger, useScalingFactor: false)

/// Records a throughput as both metrics.
func record(_ benchmark: Benchmark, samples: Int, _ watch: Stopwatch) {
    benchmark.measurement(samplesPerSecond, Int(Double(samples) / max(watch.wall, 1e-9)))
    benchmark.measurement(samplesPerCPUSecond, Int(Double(samples) / max(watch.cpu, 1e-9)))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, samplesPerSecond, samplesPerCPUSecond], maxDuration: .seconds(10), maxIterations: 5
    )

    Benchmark("Append via batch by ref (10k series, 1M samples/iteration)") { benchmark throws in
        let fleet = Fleet(instances: 20)
        let storage = MemoryStorage()
        var rng = SplitMix64(seed: 1)
        var refs: [SeriesRef] = []
        var states: [Fleet.SeriesState] = []
        for instance in 0..<fleet.instances {
            for slot in 0..<Fleet.seriesPerInstance {
                refs.append(try storage.seriesRef(for: fleet.labels(instance: instance, slot: slot)))
                states.append(fleet.initialState(instance: instance, slot: slot, rng: &rng))
            }
        }
        // pre-generate the values so the measurement is the storage alone
        let rounds = 100
        var timestamps: [Int64] = []
        var values: [Double] = []
        for round in 0..<rounds {
            for instance in 0..<fleet.instances {
                timestamps.append(fleet.timestamp(instance: instance, round: round, rng: &rng))
                for slot in 0..<Fleet.seriesPerInstance {
                    values.append(Fleet.next(&states[instance * Fleet.seriesPerInstance + slot], slot: slot, rng: &rng))
                }
            }
        }
        var round = 0
        var watch = Stopwatch()
        var appended = 0
        for _ in benchmark.scaledIterations {
            watch.start()
            var v = 0
            for r in 0..<rounds {
                for instance in 0..<fleet.instances {
                    var appender = storage.makeAppender()
                    appender.reserveCapacity(Fleet.seriesPerInstance)
                    let t = timestamps[r * fleet.instances + instance] + Int64(round) * Int64(rounds) * Fleet.interval
                    let base = instance * Fleet.seriesPerInstance
                    for slot in 0..<Fleet.seriesPerInstance {
                        appender.append(refs[base + slot], t: t, v: values[v])
                        v += 1
                    }
                    let report = appender.commit()
                    appended += report.appended
                }
            }
            watch.stop()
            round += 1
        }
        record(benchmark, samples: appended, watch)
        blackHole(storage.stats)
    }

    Benchmark("Append by labels (10k series, 100k samples/iteration)") { benchmark throws in
        let fleet = Fleet(instances: 20)
        let storage = MemoryStorage()
        var labels: [Labels] = []
        for instance in 0..<fleet.instances {
            for slot in 0..<Fleet.seriesPerInstance { labels.append(fleet.labels(instance: instance, slot: slot)) }
        }
        var round: Int64 = 0
        var watch = Stopwatch()
        var appended = 0
        for _ in benchmark.scaledIterations {
            watch.start()
            for _ in 0..<10 {
                for l in labels {
                    try storage.append(l, t: Fleet.start + round * Fleet.interval, v: Double(round))
                    appended += 1
                }
                round += 1
            }
            watch.stop()
        }
        record(benchmark, samples: appended, watch)
    }

    Benchmark("Select and decode everything (5k series x 1200 samples)") { benchmark throws in
        let storage = try loadFleet(Fleet(instances: 10), rounds: 1200)
        let all = [LabelMatcher.equal("job", "job-1"), try LabelMatcher(.regexMatch, "__name__", ".+")]
        var decoded = 0
        var watch = Stopwatch()
        for _ in benchmark.scaledIterations {
            watch.start()
            for j in 0..<10 {
                let matchers = [LabelMatcher.equal("job", "job-\(j)"), all[1]]
                let result = try storage.select(matchers, mint: .min, maxt: .max)
                for series in result { decoded += series.points.count }
            }
            watch.stop()
        }
        record(benchmark, samples: decoded, watch)
    }

    Benchmark("Select one metric over 1h (5k series stored, 50 selected)") { benchmark throws in
        let storage = try loadFleet(Fleet(instances: 10), rounds: 1200)
        let maxt = Fleet.start + 1200 * Fleet.interval
        var decoded = 0
        var watch = Stopwatch()
        for _ in benchmark.scaledIterations {
            watch.start()
            for _ in 0..<1000 {
                let result = try storage.select(
                    [.equal("__name__", "node_gauge_7")], mint: maxt - 3_600_000, maxt: maxt)
                for series in result { decoded += series.points.count }
            }
            watch.stop()
        }
        record(benchmark, samples: decoded, watch)
    }

    registerFootprintBenchmarks()
}

/// Loads `rounds` scrapes of the fleet, one commit per instance and round. Values are generated a round
/// ahead, outside `appendWatch`, which times only the appends and commits.
func loadFleet(_ fleet: Fleet, rounds: Int, seed: UInt64 = 7, appendWatch: inout Stopwatch) throws -> MemoryStorage {
    let storage = MemoryStorage()
    var rng = SplitMix64(seed: seed)
    var refs: [SeriesRef] = []
    var states: [Fleet.SeriesState] = []
    refs.reserveCapacity(fleet.seriesCount)
    states.reserveCapacity(fleet.seriesCount)
    for instance in 0..<fleet.instances {
        for slot in 0..<Fleet.seriesPerInstance {
            refs.append(try storage.seriesRef(for: fleet.labels(instance: instance, slot: slot)))
            states.append(fleet.initialState(instance: instance, slot: slot, rng: &rng))
        }
    }
    var values = [Double](repeating: 0, count: fleet.seriesCount)
    var timestamps = [Int64](repeating: 0, count: fleet.instances)
    appendWatch.reset()
    for round in 0..<rounds {
        for instance in 0..<fleet.instances {
            timestamps[instance] = fleet.timestamp(instance: instance, round: round, rng: &rng)
            let base = instance * Fleet.seriesPerInstance
            for slot in 0..<Fleet.seriesPerInstance {
                values[base + slot] = Fleet.next(&states[base + slot], slot: slot, rng: &rng)
            }
        }
        appendWatch.start()
        for instance in 0..<fleet.instances {
            var appender = storage.makeAppender()
            appender.reserveCapacity(Fleet.seriesPerInstance)
            let base = instance * Fleet.seriesPerInstance
            for slot in 0..<Fleet.seriesPerInstance {
                appender.append(refs[base + slot], t: timestamps[instance], v: values[base + slot])
            }
            appender.commit()
        }
        appendWatch.stop()
    }
    return storage
}

func loadFleet(_ fleet: Fleet, rounds: Int, seed: UInt64 = 7) throws -> MemoryStorage {
    var ignored = Stopwatch()
    return try loadFleet(fleet, rounds: rounds, seed: seed, appendWatch: &ignored)
}
