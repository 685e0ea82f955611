// Times Klaxon's PromQL engine on the data set scripts/bench/gen_openmetrics.py writes for Prometheus, so the
// two engines can be compared side by side (scripts/bench/prometheus-engine.sh). Prints the median of 10
// runs after 2 warm-ups, per query and series count.
import Foundation
import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

let buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]

func load(series: Int, samples: Int, end: Timestamp) -> MemoryStorage {
    let storage = MemoryStorage()
    let start = end - Int64(samples - 1) * 15_000
    for i in 0..<series {
        let labels: Labels = ["__name__": "x_total", "instance": "i\(i)", "job": "j\(i % 10)"]
        let step = Double(1 + i % 7)
        var ref: SeriesRef?
        for k in 0..<samples {
            ref = try? storage.append(ref, labels, t: start + Int64(k) * 15_000, v: Double(k) * step)  // fresh series: cannot fail
        }
    }
    for i in 0..<(series / buckets.count) {
        let scale = Double(1 + i % 3)
        for (j, le) in buckets.enumerated() {
            let labels: Labels = ["__name__": "h_bucket", "instance": "i\(i)", "le": le]
            var ref: SeriesRef?
            for k in 0..<samples {
                ref = try? storage.append(ref, labels, t: start + Int64(k) * 15_000, v: Double(k * (j + 1)) * scale)  // fresh series
            }
        }
    }
    return storage
}

let queries = ["sum by (job) (rate(x_total[5m]))", "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))"]
let counts = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let engine = Engine()
let end: Timestamp = 1_700_000_000_000
for series in counts.isEmpty ? [10_000, 100_000] : counts {
    let storage = load(series: series, samples: 41, end: end)
    for text in queries {
        guard let expr = try? PromQL.parse(text) else { fatalError("benchmark query does not parse: \(text)") }
        var times: [Double] = []
        for run in 0..<12 {
            let clock = ContinuousClock()
            let started = clock.now
            _ = try? engine.instantQuery(expr, at: end, source: storage)  // the result is not checked here
            let elapsed = clock.now - started
            if run >= 2 {
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            }
        }
        times.sort()
        let padded = text.padding(toLength: 62, withPad: " ", startingAt: 0)
        print("klaxon           series=\(series)\t\(padded) median " + String(format: "%.2f ms", times[times.count / 2]))
    }
}
