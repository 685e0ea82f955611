import CoreMetrics
import KlaxonModel
import Testing

@testable import KlaxonMetrics

@Suite struct MetricsRegistryTests {
    @Test("the same label set returns the same cached handle")
    func handlesAreCached() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let family = registry.counter("requests_total", help: "Requests.", labelNames: ["code", "method"])
        #expect(family.labels("200", "GET") === family.labels("200", "GET"))
        #expect(family.labels("200", "GET") === family.series(["method": "GET", "code": "200"]))
        #expect(family.labels("200", "GET") !== family.labels("500", "GET"))
        #expect(registry.counter("requests_total") === family)
    }

    @Test(
        "names from swift-metrics labels are sanitised",
        arguments: [
            ("http.server.requests", "http_server_requests"), ("9lives", "_9lives"), ("ok_name:sub", "ok_name:sub"),
            ("", "_"), ("größe", "gr__e"),
        ]
    )
    func sanitizedNames(raw: String, expected: String) {
        #expect(MetricName.sanitize(raw) == expected)
    }

    @Test(
        "label names are sanitised, and reserved ones get the exported_ prefix",
        arguments: [
            ("user.id", false, "user_id"), ("a:b", false, "a_b"), ("__name__", false, "exported___name__"),
            ("le", true, "exported_le"), ("le", false, "le"),
        ]
    )
    func sanitizedLabelNames(raw: String, histogram: Bool, expected: String) {
        #expect(MetricName.sanitizeLabel(raw, reservingBucketLabel: histogram) == expected)
    }

    @Test("asking for a name with another type gives a detached family that is not exported")
    func typeClash() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        registry.counter("thing_total").labels().increment()
        let clash = registry.gauge("thing_total")
        clash.labels().set(99)
        #expect(!clash.isRegistered)
        let families = registry.collect()
        #expect(families.count == 1)
        #expect(families.first?.type == .counter)
        #expect(families.first?.series.first?.value == .counter(1))
    }

    @Test("help and unit declared later fill in a family first created through swift-metrics")
    func lateDescription() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        CoreMetrics.Counter(label: "jobs_total", dimensions: [("queue", "a")], factory: registry.factory).increment()
        _ = registry.counter("jobs_total", help: "Jobs run.", labelNames: ["queue"])
        let family = registry.collect().first
        #expect(family?.help == "Jobs run.")
        #expect(family?.series.first?.labels == ["queue": "a"])
    }

    @Test("swift-metrics objects map onto counter, gauge and histogram families")
    func factoryMapping() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let factory = registry.factory
        CoreMetrics.Counter(label: "a_total", factory: factory).increment(by: 2)
        FloatingPointCounter(label: "b_total", factory: factory).increment(by: 1.5)
        Gauge(label: "c", factory: factory).record(3)
        Meter(label: "d", factory: factory).set(4)
        Recorder(label: "e", factory: factory).record(5)
        CoreMetrics.Timer(label: "f_seconds", factory: factory).recordSeconds(1)
        let types = Dictionary(uniqueKeysWithValues: registry.collect().map { ($0.name, $0.type) })
        #expect(types == ["a_total": .counter, "b_total": .counter, "c": .gauge, "d": .gauge, "e": .histogram, "f_seconds": .histogram])
    }

    @Test("destroying a swift-metrics object removes its series from exposition")
    func destroy() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let counter = CoreMetrics.Counter(label: "gone_total", dimensions: [("x", "1")], factory: registry.factory)
        counter.increment()
        #expect(registry.collect().count == 1)
        counter.destroy()
        #expect(registry.collect().isEmpty)
    }

    @Test("collector families merge with registry families of the same name and type")
    func collectorsMerge() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        registry.gauge("temperature", help: "Temperature.", labelNames: ["room"]).labels("b").set(20)
        registry.registerGaugeFunction("temperature", help: "", labels: ["room": "a"]) { 18 }
        registry.registerGaugeFunction("absent", help: "Never there.") { nil }
        let families = registry.collect()
        #expect(families.map(\.name) == ["temperature"])
        #expect(families.first?.series.map(\.labels) == [["room": "a"], ["room": "b"]])
        #expect(families.first?.help == "Temperature.")
    }

    @Test("families without series are not collected, and collect sorts families by name")
    func collectOrder() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        _ = registry.counter("empty_total", labelNames: ["x"])
        registry.gauge("zeta").labels().set(1)
        registry.gauge("alpha").labels().set(1)
        #expect(registry.collect().map(\.name) == ["alpha", "zeta"])
        registry.unregister("zeta")
        #expect(registry.collect().map(\.name) == ["alpha"])
    }

    @Test("removing a series drops it from the family")
    func removeSeries() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let family = registry.gauge("g", labelNames: ["k"])
        family.labels("a").set(1)
        family.labels("b").set(2)
        family.remove(["k": "a"])
        #expect(family.snapshot().series.map(\.labels) == [["k": "b"]])
        family.removeAll()
        #expect(family.snapshot().series.isEmpty)
    }

    @Test("concurrent first use of a label set creates exactly one handle")
    func concurrentCreation() async {
        let registry = MetricsRegistry(clock: ManualWallClock())
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for i in 0..<200 { registry.counter("c_total", labelNames: ["i"]).labels(String(i % 20)).increment() }
                }
            }
        }
        let family = registry.collect().first
        #expect(family?.series.count == 20)
        #expect(family?.series.allSatisfy { $0.value == .counter(80) } == true)
    }
}
