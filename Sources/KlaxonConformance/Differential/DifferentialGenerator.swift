/// Generates differential-testing fixtures: a seeded data set (`DifferentialDataset`) and queries that together
/// use every PromQL function, aggregation and operator that Prometheus 2.42 and Klaxon both have, at query times
/// that never line up with sample times or window edges.
///
/// Left out on purpose, because 2.42 lacks them or answers differently from 3.x:
/// - 3.x-only syntax and functions: `limitk`, `limit_ratio`, `info`, `mad_over_time`, `first_over_time`,
///   `ts_of_*_over_time`, `sort_by_label[_desc]`, `start()`/`end()`/`range()`/`step()`, `start_timestamp`,
///   `histogram_quantiles`, duration expressions, `anchored`/`smoothed`, `fill*` modifiers;
/// - native-histogram functions (`histogram_count/sum/avg/stddev/stdvar/fraction`: 2.42's `histogram_fraction`
///   ignores classic histograms);
/// - name-dropping functions over selectors that span several metric names, and `by (__name__)`: 3.x runs with
///   delayed name removal and can accept or reject such label sets differently;
/// - `double_exponential_smoothing` is asked of 2.42 under its old name `holt_winters` (same algorithm).
public struct DifferentialGenerator: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// A fixture with `count` queries (no answers yet).
    public func makeFixture(cases count: Int) -> DifferentialFixture {
        let dataset = DifferentialDataset(seed: seed)
        var context = QueryContext(rng: SplitMix64(seed: seed ^ 0xD1FF_E7E5_7000_0000))
        var cases: [DifferentialCase] = []
        let templates = QueryTemplate.allCases
        for i in 0..<count {
            let template = templates[i % templates.count]
            let query = template.make(&context)
            var c = DifferentialCase(id: "s\(seed)-\(String(format3: i))-\(template.rawValue)", expr: query.expr)
            if let reference = query.reference, reference != query.expr { c.referenceExpr = reference }
            if query.instantOnly || !context.rng.chance(0.3) {
                c.time = context.queryTime()
                c.ordered = query.ordered
            } else {
                c.range = context.queryRange()
            }
            cases.append(c)
        }
        return DifferentialFixture(seed: seed, series: dataset.series, cases: cases)
    }
}

extension String {
    /// Zero-padded to three digits.
    init(format3 n: Int) {
        let digits = String(n)
        self = String(repeating: "0", count: Swift.max(0, 3 - digits.count)) + digits
    }
}

/// One generated query: Klaxon's spelling, 2.42's spelling, and how it may be run.
struct GeneratedQuery {
    var expr: String
    var reference: String?
    var instantOnly = false
    var ordered = false

    init(_ expr: String, reference: String? = nil, instantOnly: Bool = false, ordered: Bool = false) {
        self.expr = expr
        self.reference = reference
        self.instantOnly = instantOnly
        self.ordered = ordered
    }
}

/// Random choices for queries, all on whole seconds except query times (see `DifferentialDataset`).
struct QueryContext {
    var rng: SplitMix64
    /// How often each shape has used `cycle`.
    var uses: [String: Int] = [:]

    init(rng: SplitMix64) { self.rng = rng }

    /// The next of `items` for `key`, in turn: every item after `items.count` uses.
    mutating func cycle<T>(_ items: [T], _ key: String) -> T {
        let n = uses[key, default: 0]
        uses[key] = n + 1
        return items[n % items.count]
    }

    struct Family {
        var name: String
        var labels: [String]
        var filters: [String]
    }

    static let gauges = [
        Family(name: "node_temperature_celsius", labels: ["site", "sensor"], filters: ["site=\"a\"", "sensor=~\"s[12]\"", "sensor!=\"s3\""]),
        Family(name: "queue_depth", labels: ["job", "instance"], filters: ["job=\"api\"", "instance=\"1\"", "job=~\"a.*\""]),
        Family(name: "disk_free_bytes", labels: ["device"], filters: ["device!=\"sdb\"", "device=~\"sd.\""]),
    ]
    static let counters = [
        Family(name: "http_requests_total", labels: ["job", "instance", "code"], filters: ["job=\"api\"", "code=\"500\"", "instance=~\"0|1\"", "code!=\"500\""]),
        Family(name: "process_cpu_seconds_total", labels: ["job", "instance"], filters: ["job=\"web\"", "instance=\"0\""]),
    ]
    static let windows = ["1m", "2m", "5m", "10m", "15m", "3m30s"]
    static let steps: [Int64] = [15_000, 30_000, 60_000, 120_000, 37_000, 300_000]

    /// A query time: whole seconds between the earliest and latest query times, plus a query fraction.
    mutating func queryTime() -> Int64 {
        let seconds = (DifferentialDataset.latestQuery - DifferentialDataset.earliestQuery) / 1000
        let s = Int64(rng.int(in: 0...Int(seconds)))
        return DifferentialDataset.earliestQuery + s * 1000 + rng.pick(DifferentialDataset.queryFractions)
    }

    /// A range query that starts no earlier than the earliest query time and ends soon after the data.
    mutating func queryRange() -> QueryRange {
        let step = rng.pick(Self.steps)
        let latestEnd = DifferentialDataset.latestQuery + 10 * 60_000
        let maxCount = Swift.max(1, Swift.min(30, Int((latestEnd - DifferentialDataset.earliestQuery) / step) - 1))
        let count = Int64(rng.int(in: Swift.min(3, maxCount)...maxCount))
        let latestStartSecond = (latestEnd - count * step - DifferentialDataset.earliestQuery) / 1000 - 1
        let start = DifferentialDataset.earliestQuery + Int64(rng.int(in: 0...Int(latestStartSecond))) * 1000
            + rng.pick(DifferentialDataset.queryFractions)
        return QueryRange(start: start, end: start + count * step, step: step)
    }

    /// `1700003600.512`: a query time as the `@` modifier writes it.
    mutating func atTime() -> String {
        let t = queryTime()
        return "\(t / 1000).\(String(format3: Int(t % 1000)))"
    }

    mutating func window() -> String { rng.pick(Self.windows) }

    /// ` offset 5m`, ` offset -2m`, ` @ 1700003600.512`, ` @ start()`, … or nothing.
    mutating func modifier() -> String {
        switch rng.int(in: 0...9) {
        case 0: " offset 5m"
        case 1: " offset 1m30s"
        case 2: " offset -2m"
        case 3: " @ \(atTime())"
        case 4: " @ start()"
        case 5: " @ end()"
        default: ""
        }
    }

    mutating func selector(_ family: Family, filtered: Bool? = nil) -> String {
        let useFilter = filtered ?? rng.chance(0.5)
        return useFilter ? "\(family.name){\(rng.pick(family.filters))}" : family.name
    }

    mutating func gaugeFamily() -> Family { rng.pick(Self.gauges) }
    mutating func counterFamily() -> Family { rng.pick(Self.counters) }

    /// A gauge selector, sometimes with a modifier.
    mutating func gauge() -> String { selector(gaugeFamily()) + modifier() }

    /// `rate(c[5m])`-style instant vectors over counters.
    mutating func counterRate() -> String {
        let f = rng.pick(["rate", "increase", "irate"])
        return "\(f)(\(selector(counterFamily()))[\(window())]\(modifier()))"
    }

    /// An instant vector of one metric family, with its label names. `untied` leaves out the integer-valued
    /// `queue_depth`, whose equal values `topk`/`bottomk`/`sort` could settle in any order.
    mutating func vector(untied: Bool = false) -> (expr: String, labels: [String]) {
        var family = gaugeFamily()
        while untied && family.name == "queue_depth" { family = gaugeFamily() }
        switch rng.int(in: 0...3) {
        case 0:
            let f = counterFamily()
            return ("rate(\(selector(f))[\(window())])", f.labels)
        case 1:
            let fn = rng.pick(["avg_over_time", "max_over_time", "min_over_time"])
            return ("\(fn)(\(selector(family))[\(window())])", family.labels)
        default:
            return (selector(family) + modifier(), family.labels)
        }
    }

    /// A grouping clause over some of `labels`.
    mutating func grouping(_ labels: [String]) -> String {
        let chosen = labels.filter { _ in rng.chance(0.5) }
        switch rng.int(in: 0...2) {
        case 0: return " by (\(chosen.joined(separator: ", ")))"
        case 1: return " without (\(chosen.joined(separator: ", ")))"
        default: return ""
        }
    }

    mutating func quantile() -> String { rng.pick(["0", "0.1", "0.5", "0.75", "0.9", "0.99", "1"]) }
}
