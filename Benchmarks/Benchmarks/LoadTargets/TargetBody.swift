import Foundation

/// The exposition (text format 0.0.4) one simulated target serves at a given moment: counters that grow with
/// time, gauges that move, and a classic histogram, so `rate()`, ratios and `histogram_quantile()` have data.
///
/// A body has exactly `series` sample lines (plus `# HELP`/`# TYPE`). The families, per target:
/// - `load_http_requests_total{handler, method, code}`: 8 handlers × 2 methods × 4 codes = 64 counters
/// - `load_http_request_duration_seconds{handler}`: 8 classic histograms × (11 buckets + sum + count) = 104
/// - `load_cpu_seconds_total{mode}` (4), `load_memory_bytes{area}` (4), `load_memory_limit_bytes` (1),
///   `load_queue_depth{queue}` (8), `load_last_success_timestamp_seconds{batch}` (4), `load_build_info` (1)
/// - the rest: `load_subsystem_NN_ops_total{op}` counters and `load_subsystem_NN_inflight{op}` gauges, ten
///   ops each (20 series per subsystem, the last one possibly partial), like the many small families of a
///   real exporter.
///
/// `variant` (0..<variants) scales rates and levels so that targets differ; the error ratio, the latency and
/// the queue depth of variant 0 are high enough to make the load test's alerts fire.
struct TargetBody {
    static let handlers = (0..<8).map { "/api/v1/h\($0)" }
    static let methods = ["GET", "POST"]
    static let codes = ["200", "404", "500", "503"]
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    static let modes = ["idle", "system", "user", "iowait"]
    static let areas = ["heap", "stack", "cache", "buffers"]
    /// Series of the fixed families (everything but the subsystems).
    static let fixedSeries = 64 + 104 + 4 + 4 + 1 + 8 + 4 + 1

    let series: Int
    let variant: Int
    /// Wall-clock seconds when the server started: counters count from there.
    let epoch: Double

    /// Renders the body at wall-clock time `now` (seconds since 1970).
    func render(now: Double) -> String {
        let elapsed = max(0, now - epoch)
        let scale = 1 + Double(variant) / 8
        var out = ""
        out.reserveCapacity(series * 80)
        var left = series

        func line(_ name: String, _ labels: String, _ value: String) {
            guard left > 0 else { return }
            left -= 1
            out += name
            if !labels.isEmpty { out += "{" + labels + "}" }
            out += " " + value + "\n"
        }
        func header(_ name: String, _ type: String, _ help: String) {
            guard left > 0 else { return }
            out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n"
        }
        func counter(_ perSecond: Double, base: Double = 0) -> String {
            String(Int64(base + perSecond * elapsed))
        }
        func gauge(_ value: Double) -> String {
            String(Double(Int64(value * 1000)) / 1000)
        }

        header("load_http_requests_total", "counter", "Requests served.")
        for (h, handler) in Self.handlers.enumerated() {
            for method in Self.methods {
                for code in Self.codes {
                    var rate = scale * Double(8 - h) * (method == "GET" ? 10 : 2)
                    switch code {
                    case "404": rate *= 0.01
                    case "500": rate *= variant == 0 && h == 7 ? 0.5 : 0.001
                    case "503": rate *= 0.0005
                    default: break
                    }
                    line(
                        "load_http_requests_total",
                        "handler=\"\(handler)\",method=\"\(method)\",code=\"\(code)\"", counter(rate, base: 1000))
                }
            }
        }

        header("load_http_request_duration_seconds", "histogram", "Request latency.")
        for (h, handler) in Self.handlers.enumerated() {
            let perSecond = scale * Double(8 - h) * 12
            let count = Int64(perSecond * elapsed)
            // Exponential latency with a mean that depends on the handler (and is high for variant 0's last one).
            let mean = variant == 0 && h == 7 ? 1.5 : 0.02 * Double(h + 1)
            for le in Self.buckets {
                let inBucket = Int64(Double(count) * (1 - exp(-le / mean)))
                line("load_http_request_duration_seconds_bucket", "handler=\"\(handler)\",le=\"\(le)\"", String(inBucket))
            }
            line("load_http_request_duration_seconds_bucket", "handler=\"\(handler)\",le=\"+Inf\"", String(count))
            line("load_http_request_duration_seconds_sum", "handler=\"\(handler)\"", gauge(Double(count) * mean))
            line("load_http_request_duration_seconds_count", "handler=\"\(handler)\"", String(count))
        }

        header("load_cpu_seconds_total", "counter", "CPU time by mode.")
        for (m, mode) in Self.modes.enumerated() {
            let share = [0.6, 0.1, 0.28, 0.02][m] * (variant == 0 ? (mode == "idle" ? 0.03 : 2.4) : 1)
            line("load_cpu_seconds_total", "mode=\"\(mode)\"", gauge(share * elapsed))
        }
        header("load_memory_bytes", "gauge", "Memory in use by area.")
        let limit = 4_294_967_296.0
        for (a, area) in Self.areas.enumerated() {
            let level = (variant == 0 ? 0.95 : 0.1 + 0.01 * Double(variant)) * limit * (1 + 0.05 * sin(elapsed / 60))
            line("load_memory_bytes", "area=\"\(area)\"", String(Int64(level * [1, 0.01, 1, 0.5][a] / 2.51)))
        }
        header("load_memory_limit_bytes", "gauge", "Memory limit.")
        line("load_memory_limit_bytes", "", String(Int64(limit)))
        header("load_queue_depth", "gauge", "Items waiting per queue.")
        for q in 0..<8 {
            let base = variant == 0 && q == 0 ? 950.0 : 40.0 * Double(q + 1) * scale / 2
            line("load_queue_depth", "queue=\"q\(q)\"", gauge(base + 30 * sin(elapsed / 20 + Double(q))))
        }
        header("load_last_success_timestamp_seconds", "gauge", "When each batch job last succeeded.")
        for b in 0..<4 {
            let age = variant == 0 && b == 3 ? 7200.0 : 60.0 * Double(b + 1)
            line("load_last_success_timestamp_seconds", "batch=\"b\(b)\"", gauge(now - age))
        }
        header("load_build_info", "gauge", "Build information.")
        line("load_build_info", "version=\"1.\(variant % 3).0\",revision=\"abc\(variant % 3)\"", "1")

        var subsystem = 0
        while left > 0 {
            let name = "load_subsystem_" + (subsystem < 10 ? "0" : "") + String(subsystem)
            header(name + "_ops_total", "counter", "Operations completed.")
            for op in 0..<10 {
                line(name + "_ops_total", "op=\"o\(op)\"", counter(scale * Double(op + 1) * Double(subsystem % 5 + 1)))
            }
            header(name + "_inflight", "gauge", "Operations in flight.")
            for op in 0..<10 {
                let level = variant == 0 && op == 9 ? 97.0 : Double((op * 7 + subsystem * 3 + variant) % 60)
                line(name + "_inflight", "op=\"o\(op)\"", gauge(level + sin(elapsed / 30 + Double(op))))
            }
            subsystem += 1
        }
        return out
    }
}
