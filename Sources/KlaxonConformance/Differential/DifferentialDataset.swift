/// The seeded data set of a differential fixture: counters with resets, gauges with gaps and churn, classic
/// histograms with `le` buckets and an info metric, sampled every 15s to 1m.
///
/// Chosen so that Prometheus 2.42 and 3.x cannot disagree on it:
/// - every sample sits at a millisecond offset in `sampleFractions`, every query time (and `@` time) at one in
///   `DifferentialDataset.queryFractions`, and every window, offset and step is a whole number of seconds. So no
///   sample ever lies exactly on a window's left edge, where 2.42 includes it and 3.x does not;
/// - counters (the only input of `rate`/`increase`) are sampled regularly from the start, without gaps, and queries
///   start late enough that their windows never reach back before the first sample. 2.42 and 3.x order the
///   "zero point" and "start gap" clamps of extrapolation differently, which only shows at a series' start;
/// - no NaN or infinite samples, no staleness markers (OpenMetrics import cannot write them);
/// - histogram buckets are cumulative and reset together, so bucket rates stay monotonic.
public struct DifferentialDataset: Sendable {
    /// Milliseconds since the epoch of the first sample (2023-11-14T22:13:20Z).
    public static let base: Int64 = 1_700_000_000_000
    /// Length of the data (2h).
    public static let span: Int64 = 2 * 3_600_000
    /// Earliest query time: long after the start, so no window reaches before the data.
    public static let earliestQuery: Int64 = base + 3_600_000
    /// Latest query time: a little after the data ends, so series go stale by lookback.
    public static let latestQuery: Int64 = base + span + 8 * 60_000
    /// Millisecond offsets within a second where samples may sit.
    public static let sampleFractions: [Int64] = [137, 291, 463, 619, 853]
    /// Millisecond offsets within a second of query times; disjoint from `sampleFractions` and from 0.
    public static let queryFractions: [Int64] = [47, 512, 777, 941]
    /// Sampling intervals (ms): 15s to 1m.
    public static let intervals: [Int64] = [15_000, 20_000, 30_000, 45_000, 60_000]

    public var series: [FixtureSeries]

    /// Builds the data set of `seed`.
    public init(seed: UInt64) {
        var rng = SplitMix64(seed: seed &* 0x5851_F42D_4C95_7F2D &+ 1)
        var out: [FixtureSeries] = []
        for job in ["api", "web"] {
            for instance in ["0", "1", "2"] {
                for code in ["200", "500"] where code == "200" || rng.chance(0.7) {
                    out.append(Self.counter(["__name__": "http_requests_total", "job": job, "instance": instance, "code": code], rate: code == "200" ? 5 : 0.4, rng: &rng))
                }
            }
            for instance in ["0", "1"] {
                out.append(Self.counter(["__name__": "process_cpu_seconds_total", "job": job, "instance": instance], rate: 0.3, fractional: true, rng: &rng))
                out.append(Self.gauge(["__name__": "queue_depth", "job": job, "instance": instance], center: 20, spread: 15, integer: true, rng: &rng))
            }
            out.append(Self.constant(["__name__": "build_info", "job": job, "version": job == "api" ? "1.4.2" : "2.0.1"], rng: &rng))
            out.append(contentsOf: Self.histogram(name: "request_duration_seconds", labels: ["job": job], rng: &rng))
        }
        for site in ["a", "b"] {
            for sensor in ["s1", "s2", "s3"] {
                out.append(Self.gauge(["__name__": "node_temperature_celsius", "site": site, "sensor": sensor], center: 45, spread: 20, integer: false, rng: &rng))
            }
        }
        for device in ["sda", "sdb", "nvme0"] {
            out.append(Self.gauge(["__name__": "disk_free_bytes", "device": device], center: 4e11, spread: 3e11, integer: true, rng: &rng))
        }
        series = out
    }

    /// A regular grid for one series: `(start, interval, count)` covering the whole span.
    private static func grid(_ rng: inout SplitMix64) -> (start: Int64, interval: Int64, count: Int) {
        let interval = rng.pick(intervals)
        let start = base + rng.pick(sampleFractions)
        return (start, interval, Int(span / interval) + 1)
    }

    /// A counter: monotonic increments with one or two resets, no gaps, present from the start.
    static func counter(_ labels: [String: String], rate: Double, fractional: Bool = false, rng: inout SplitMix64) -> FixtureSeries {
        let g = grid(&rng)
        var value = Double(rng.int(in: 0...500))
        var resets = Set<Int>()
        for _ in 0..<rng.int(in: 0...2) { resets.insert(rng.int(in: 10...(g.count - 10))) }
        var values: [Double?] = []
        for k in 0..<g.count {
            if resets.contains(k) {
                value = Double(rng.int(in: 0...3))
            } else if k > 0 {
                let increment = rate * Double(g.interval) / 1000 * (0.5 + rng.unit())
                value += fractional ? (increment * 1000).rounded() / 1000 : increment.rounded()
            }
            values.append(value)
        }
        return FixtureSeries(labels: labels, start: g.start, interval: g.interval, values: values)
    }

    /// A gauge: a random walk, sometimes with a gap or starting/ending inside the span.
    static func gauge(_ labels: [String: String], center: Double, spread: Double, integer: Bool, rng: inout SplitMix64) -> FixtureSeries {
        let g = grid(&rng)
        var value = center + (rng.unit() - 0.5) * spread
        var first = 0
        var last = g.count - 1
        var gap = -1..<(-1)
        switch rng.int(in: 0...5) {
        case 0: first = rng.int(in: (g.count / 3)...(g.count / 2))
        case 1: last = rng.int(in: (g.count / 2)...(2 * g.count / 3))
        case 2:
            let from = rng.int(in: (g.count / 3)...(2 * g.count / 3))
            gap = from..<(from + rng.int(in: 2...20))
        default: break
        }
        var values: [Double?] = []
        for k in 0..<g.count {
            value += (rng.unit() - 0.5) * spread / 10
            value = Swift.min(Swift.max(value, center - spread), center + spread)
            let written = integer ? value.rounded() : (value * 100).rounded() / 100
            values.append(k < first || k > last || gap.contains(k) ? nil : written)
        }
        return FixtureSeries(labels: labels, start: g.start, interval: g.interval, values: values)
    }

    /// An info-style series: always 1.
    static func constant(_ labels: [String: String], rng: inout SplitMix64) -> FixtureSeries {
        let g = grid(&rng)
        return FixtureSeries(labels: labels, start: g.start, interval: g.interval, values: Array(repeating: 1, count: g.count))
    }

    /// Bucket upper bounds of the classic histogram (no `+Inf`; it is added).
    static let bucketBounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// A classic histogram: `_bucket{le=…}` (cumulative), `_count` and `_sum`, all on one grid, resetting together.
    static func histogram(name: String, labels: [String: String], rng: inout SplitMix64) -> [FixtureSeries] {
        let g = grid(&rng)
        let reset = rng.chance(0.5) ? rng.int(in: 20...(g.count - 20)) : -1
        var buckets = Array(repeating: 0.0, count: bucketBounds.count + 1)
        var sum = 0.0
        var bucketValues = Array(repeating: [Double?](), count: buckets.count)
        var countValues: [Double?] = []
        var sumValues: [Double?] = []
        let scale = 0.05 + rng.unit() * 0.5
        for k in 0..<g.count {
            if k == reset {
                buckets = Array(repeating: 0, count: buckets.count)
                sum = 0
            } else if k > 0 {
                for _ in 0..<rng.int(in: 0...12) {
                    let u = rng.unit()
                    let observation = (scale * u / (1.02 - u) * 1000).rounded() / 1000  // heavy-tailed, no libm
                    sum += observation
                    for (i, bound) in bucketBounds.enumerated() where observation <= bound { buckets[i] += 1 }
                    buckets[buckets.count - 1] += 1
                }
            }
            for i in buckets.indices { bucketValues[i].append(buckets[i]) }
            countValues.append(buckets[buckets.count - 1])
            sumValues.append((sum * 1000).rounded() / 1000)
        }
        var out: [FixtureSeries] = []
        for (i, values) in bucketValues.enumerated() {
            var l = labels
            l["__name__"] = name + "_bucket"
            l["le"] = i < bucketBounds.count ? GoFloatText.format(bucketBounds[i]) : "+Inf"
            out.append(FixtureSeries(labels: l, start: g.start, interval: g.interval, values: values))
        }
        var c = labels
        c["__name__"] = name + "_count"
        out.append(FixtureSeries(labels: c, start: g.start, interval: g.interval, values: countValues))
        var s = labels
        s["__name__"] = name + "_sum"
        out.append(FixtureSeries(labels: s, start: g.start, interval: g.interval, values: sumValues))
        return out
    }
}

/// Short decimal text for numbers written into expressions and labels.
enum GoFloatText {
    static func format(_ v: Double) -> String {
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
