import Foundation
import KlaxonModel
import KlaxonStorage

#if canImport(Glibc)
    import Glibc
#endif

/// SplitMix64, so every run loads the same data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What kind of values a series carries.
enum SeriesKind: String, CaseIterable, Sendable {
    /// Counters growing by small integers (30% of scrapes see no increase).
    case counter
    /// Cumulative histogram bucket counters.
    case bucket
    /// Gauges with three significant digits, random-walking.
    case gauge
}

/// A node-exporter-like fleet: each instance exposes 500 series (200 counters, 150 gauges, 150 histogram
/// buckets), scraped every 15 s at a per-instance phase; half the instances have ±2 ms of jitter.
struct Fleet {
    static let seriesPerInstance = 500
    static let interval: Int64 = 15_000
    static let start: Int64 = 1_750_000_000_000
    static let buckets = [
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "25", "50", "100", "+Inf",
    ]

    let instances: Int
    var jitter: Bool? = nil  // nil: half the instances jitter; true/false: all or none

    var seriesCount: Int { instances * Fleet.seriesPerInstance }

    static func kind(ofSlot slot: Int) -> SeriesKind {
        slot < 200 ? .counter : slot < 350 ? .gauge : .bucket
    }

    func labels(instance: Int, slot: Int) -> Labels {
        let address = "10.\(instance >> 16 & 255).\(instance >> 8 & 255).\(instance & 255):9100"
        let job = "job-\(instance % 10)"
        switch Fleet.kind(ofSlot: slot) {
        case .counter:
            return [
                "__name__": "node_counter_\(slot % 40)_total", "job": job, "instance": address,
                "cpu": String(slot / 40),
            ]
        case .gauge:
            let i = slot - 200
            return ["__name__": "node_gauge_\(i % 30)", "job": job, "instance": address, "device": "sd\(i / 30)"]
        case .bucket:
            let i = slot - 350
            return [
                "__name__": "http_request_duration_seconds_bucket", "job": job, "instance": address,
                "handler": "/api/v\(i / 15)", "le": Fleet.buckets[i % 15],
            ]
        }
    }

    /// Per-series generator state; `next` yields the value of the next scrape.
    struct SeriesState {
        var value: Double
        var digits: Int64  // gauges: mantissa of 3 significant digits
        var scale: Double  // gauges: power of ten the mantissa is divided by
    }

    func initialState(instance: Int, slot: Int, rng: inout SplitMix64) -> SeriesState {
        switch Fleet.kind(ofSlot: slot) {
        case .counter, .bucket:
            return SeriesState(value: Double(Int.random(in: 0...1_000_000, using: &rng)), digits: 0, scale: 1)
        case .gauge:
            let scale = [1.0, 10, 100, 1000][Int.random(in: 0...3, using: &rng)]
            return SeriesState(value: 0, digits: Int64.random(in: 100...999, using: &rng), scale: scale)
        }
    }

    static func next(_ state: inout SeriesState, slot: Int, rng: inout SplitMix64) -> Double {
        switch kind(ofSlot: slot) {
        case .counter:
            if Int.random(in: 0..<10, using: &rng) >= 3 { state.value += Double(Int.random(in: 1...20, using: &rng)) }
            return state.value
        case .bucket:
            // lower buckets grow slower: bucket i sees roughly (i + 1) / 15 of up to 30 observations
            let i = (slot - 350) % 15
            state.value += Double(Int.random(in: 0...(2 * (i + 1)), using: &rng))
            return state.value
        case .gauge:
            state.digits = min(999, max(100, state.digits + Int64.random(in: -5...5, using: &rng)))
            return Double(state.digits) / state.scale
        }
    }

    func timestamp(instance: Int, round: Int, rng: inout SplitMix64) -> Int64 {
        let phase = Int64((instance &* 7919) % Int(Fleet.interval))
        let jittered = jitter ?? (instance % 2 == 0)
        let j = jittered ? Int64.random(in: -2...2, using: &rng) : 0
        return Fleet.start + Int64(round) * Fleet.interval + phase + j
    }
}

/// Resident memory of this process, from /proc/self/statm (0 where unavailable).
func residentBytes() -> Int {
    // a missing /proc (macOS) only means the figure is not available
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Hands freed heap pages back to the kernel, so resident memory reflects what is still in use.
func trimHeap() {
    #if canImport(Glibc)
        // malloc.h is not part of the Glibc module: look malloc_trim up at run time (RTLD_DEFAULT is nil)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: MallocTrim.self)(0) }
    #endif
}

/// CPU time consumed by the calling thread, in seconds: throughput per core that other processes on a
/// shared machine do not distort (wall-clock figures are reported next to it).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// Wall-clock and CPU time of a piece of work.
struct Stopwatch {
    private let clock = ContinuousClock()
    private var wallStart: ContinuousClock.Instant
    private var cpuStart: Double
    private(set) var wall = 0.0
    private(set) var cpu = 0.0

    init() {
        wallStart = clock.now
        cpuStart = threadCPUSeconds()
    }

    mutating func start() {
        wallStart = clock.now
        cpuStart = threadCPUSeconds()
    }

    /// Forgets the time accumulated so far.
    mutating func reset() {
        wall = 0
        cpu = 0
    }

    mutating func stop() {
        let elapsed = clock.now - wallStart
        wall += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        cpu += threadCPUSeconds() - cpuStart
    }
}
