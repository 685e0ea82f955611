import KlaxonModel
import Testing

@testable import KlaxonMetrics

/// A registry with one of each shape, used by the golden tests and the promtool test.
enum GoldenRegistry {
    static func make() -> MetricsRegistry {
        let registry = MetricsRegistry(clock: ManualWallClock(1_700_000_000_500))
        let requests = registry.counter(
            "demo_requests_total", help: "Requests served.\nSecond line with \\ backslash.", labelNames: ["code", "path"])
        requests.labels("200", "/a").increment(by: UInt64(3))
        requests.labels("500", "/b\"q\"\\\n").increment()
        let temperature = registry.gauge("demo_temperature_celsius", help: "A \"quoted\" gauge.", unit: "celsius")
        temperature.labels().set(-1.5)
        let latency = registry.histogram(
            "demo_latency_seconds", help: "Latency.", unit: "seconds", labelNames: ["op"], buckets: [0.1, 1, 10])
        let get = latency.labels("get")
        for value in [0.05, 1, 42] { get.observe(value) }
        registry.counter("demo_legacy", help: "A counter without the suffix.").labels().increment(by: UInt64(1_000_000))
        return registry
    }

    static let text = """
        # HELP demo_latency_seconds Latency.
        # TYPE demo_latency_seconds histogram
        demo_latency_seconds_bucket{op="get",le="0.1"} 1
        demo_latency_seconds_bucket{op="get",le="1"} 2
        demo_latency_seconds_bucket{op="get",le="10"} 2
        demo_latency_seconds_bucket{op="get",le="+Inf"} 3
        demo_latency_seconds_sum{op="get"} 43.05
        demo_latency_seconds_count{op="get"} 3
        # HELP demo_legacy A counter without the suffix.
        # TYPE demo_legacy counter
        demo_legacy 1e+06
        # HELP demo_requests_total Requests served.\\nSecond line with \\\\ backslash.
        # TYPE demo_requests_total counter
        demo_requests_total{code="200",path="/a"} 3
        demo_requests_total{code="500",path="/b\\"q\\"\\\\\\n"} 1
        # HELP demo_temperature_celsius A "quoted" gauge.
        # TYPE demo_temperature_celsius gauge
        demo_temperature_celsius -1.5

        """

    static let openMetrics = """
        # HELP demo_latency_seconds Latency.
        # TYPE demo_latency_seconds histogram
        # UNIT demo_latency_seconds seconds
        demo_latency_seconds_bucket{op="get",le="0.1"} 1
        demo_latency_seconds_bucket{op="get",le="1.0"} 2
        demo_latency_seconds_bucket{op="get",le="10.0"} 2
        demo_latency_seconds_bucket{op="get",le="+Inf"} 3
        demo_latency_seconds_sum{op="get"} 43.05
        demo_latency_seconds_count{op="get"} 3
        demo_latency_seconds_created{op="get"} 1.7000000005e+09
        # HELP demo_legacy A counter without the suffix.
        # TYPE demo_legacy unknown
        demo_legacy 1e+06
        # HELP demo_requests Requests served.\\nSecond line with \\\\ backslash.
        # TYPE demo_requests counter
        demo_requests_total{code="200",path="/a"} 3.0
        demo_requests_created{code="200",path="/a"} 1.7000000005e+09
        demo_requests_total{code="500",path="/b\\"q\\"\\\\\\n"} 1.0
        demo_requests_created{code="500",path="/b\\"q\\"\\\\\\n"} 1.7000000005e+09
        # HELP demo_temperature_celsius A \\"quoted\\" gauge.
        # TYPE demo_temperature_celsius gauge
        # UNIT demo_temperature_celsius celsius
        demo_temperature_celsius -1.5
        # EOF

        """
}

@Suite struct ExpositionTests {
    @Test("Prometheus text 0.0.4 golden output")
    func textGolden() {
        #expect(GoldenRegistry.make().exposition(.prometheusText) == GoldenRegistry.text)
    }

    @Test("OpenMetrics 1.0 golden output with _created lines")
    func openMetricsGolden() {
        #expect(GoldenRegistry.make().exposition(.openMetrics1, includeCreated: true) == GoldenRegistry.openMetrics)
    }

    @Test("OpenMetrics without _created lines is the same text minus those lines, for both versions")
    func openMetricsWithoutCreated() {
        let expected = GoldenRegistry.openMetrics.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("_created") }.joined(separator: "\n")
        #expect(GoldenRegistry.make().exposition(.openMetrics1) == expected)
        #expect(GoldenRegistry.make().exposition(.openMetrics0) == expected)
    }

    @Test("an empty registry renders nothing in text and only # EOF in OpenMetrics")
    func emptyRegistry() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        #expect(registry.exposition(.prometheusText) == "")
        #expect(registry.exposition(.openMetrics1) == "# EOF\n")
    }

    @Test("# UNIT is written only when the family name ends with the unit")
    func unitSuffixRule() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        registry.gauge("queue_length", help: "Queue length.", unit: "seconds").labels().set(1)
        #expect(!registry.exposition(.openMetrics1).contains("# UNIT"))
    }

    @Test(
        "numbers are formatted as client_golang formats them",
        arguments: [
            (0.0, "0", "0.0"), (-0.0, "0", "0.0"), (1.0, "1", "1.0"), (-1.0, "-1", "-1.0"), (0.005, "0.005", "0.005"),
            (10.0, "10", "10.0"), (123456.0, "123456", "123456.0"), (1e6, "1e+06", "1e+06"),
            (1_234_567.0, "1.234567e+06", "1.234567e+06"), (0.0001, "0.0001", "0.0001"), (0.00001, "1e-05", "1e-05"),
            (2.5, "2.5", "2.5"), (-42.0, "-42", "-42.0"), (1_700_000_000.5, "1.7000000005e+09", "1.7000000005e+09"),
            (Double.infinity, "+Inf", "+Inf"), (-Double.infinity, "-Inf", "-Inf"), (Double.nan, "NaN", "NaN"),
        ]
    )
    func floatFormatting(value: Double, text: String, openMetrics: String) {
        #expect(ExpositionFloat.text(value) == text)
        #expect(ExpositionFloat.openMetrics(value) == openMetrics)
    }

    @Test("the fast formatter agrees with KlaxonModel's Go float formatting on many values")
    func floatFormattingAgreesWithGoFloat() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.1, 0.3, 1e21, 1e22, 123456.5, 999999, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e15, 1e16]
        for _ in 0..<5000 {
            let magnitude = Double.random(in: -30...30, using: &generator)
            values.append(Double.random(in: -1...1, using: &generator) * pow10(magnitude))
            values.append(Double(Int64.random(in: -10_000_000...10_000_000, using: &generator)))
        }
        for value in values where value != 0 {
            #expect(ExpositionFloat.text(value) == GoFloat.formatG(value), "value \(value)")
        }
    }

    private func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        let steps = Int(exponent.rounded())
        for _ in 0..<abs(steps) { result = steps < 0 ? result / 10 : result * 10 }
        return result
    }

    @Test(
        "label values escape backslash, double quote and newline only",
        arguments: [
            ("plain", "plain"), ("a\"b", "a\\\"b"), ("a\\b", "a\\\\b"), ("a\nb", "a\\nb"), ("tab\there", "tab\there"),
            ("ünïcödé", "ünïcödé"),
        ]
    )
    func labelEscaping(raw: String, escaped: String) {
        #expect(Exposition.escapeLabelValue(raw) == escaped)
    }
}
