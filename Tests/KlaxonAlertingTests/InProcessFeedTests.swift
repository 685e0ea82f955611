import KlaxonModel
import Testing

@testable import KlaxonAlerting

@Suite struct InProcessFeedTests {
    private func metric(_ name: String, _ labels: [String: String] = [:]) -> Labels {
        Labels(labels).setting(WellKnown.metricName, name)
    }

    private func value(_ samples: [Sample], _ name: String) -> Double? {
        samples.first { $0.labels.metricName == name }?.v
    }

    @Test("every sample gets the target's job and instance labels")
    func targetLabels() {
        var feed = InProcessFeed(job: "platform", instance: "in-process")
        let (samples, _) = feed.samples(from: [(metric("x_total", ["path": "/a"]), 3)], at: 1000, duration: .zero)
        #expect(
            samples.first?.labels == metric("x_total", ["path": "/a", "job": "platform", "instance": "in-process"]))
        #expect(samples.first?.t == 1000)
        #expect(samples.first?.v == 3)
    }

    @Test(
        "a scraped label that clashes with a target label is kept as exported_<name>",
        arguments: [
            (["job": "app"], ["exported_job": "app"]),
            (["job": "app", "exported_job": "old"], ["exported_job": "old", "exported_exported_job": "app"]),
            (["instance": "i", "job": "j"], ["exported_instance": "i", "exported_job": "j"]),
        ])
    func exportedLabels(scraped: [String: String], expected: [String: String]) {
        let feed = InProcessFeed(job: "platform", instance: "in-process")
        var want = expected
        want["job"] = "platform"
        want["instance"] = "in-process"
        #expect(feed.applyingTargetLabels(to: Labels(scraped)) == Labels(want))
    }

    @Test("an empty job drops the label, as an empty label is an absent one")
    func emptyTargetLabel() {
        let feed = InProcessFeed(job: "", instance: "in-process")
        #expect(feed.applyingTargetLabels(to: metric("x")) == metric("x", ["instance": "in-process"]))
    }

    @Test("up, scrape_duration_seconds and the sample counts follow the scraped samples")
    func reportSeries() {
        var feed = InProcessFeed(job: "platform", instance: "in-process")
        let scraped = [(metric("a"), 1.0), (metric("b"), 2.0)]
        let (first, _) = feed.samples(from: scraped, at: 0, duration: .milliseconds(250))
        #expect(value(first, "up") == 1)
        #expect(value(first, "scrape_duration_seconds") == 0.25)
        #expect(value(first, "scrape_samples_scraped") == 2)
        #expect(value(first, "scrape_samples_post_metric_relabeling") == 2)
        #expect(value(first, "scrape_series_added") == 2)
        let up = first.first { $0.labels.metricName == "up" }
        #expect(up?.labels == metric("up", ["job": "platform", "instance": "in-process"]))

        let (second, _) = feed.samples(from: scraped + [(metric("c"), 3)], at: 15_000, duration: .zero)
        #expect(value(second, "scrape_series_added") == 1)
        #expect(value(second, "scrape_samples_scraped") == 3)
    }

    @Test("a series missing from a feed gets one staleness marker at the feed's time")
    func staleness() throws {
        var feed = InProcessFeed(job: "platform", instance: "in-process")
        _ = feed.samples(from: [(metric("a"), 1), (metric("b"), 2)], at: 0, duration: .zero)
        let (second, staleCount) = feed.samples(from: [(metric("a"), 1)], at: 15_000, duration: .zero)
        #expect(staleCount == 1)
        let marker = try #require(second.first { $0.labels.metricName == "b" })
        #expect(StaleMarker.isStale(marker.v))
        #expect(marker.t == 15_000)
        #expect(marker.labels == metric("b", ["job": "platform", "instance": "in-process"]))

        let (third, thirdStale) = feed.samples(from: [(metric("a"), 1)], at: 30_000, duration: .zero)
        #expect(thirdStale == 0)
        #expect(!third.contains { $0.labels.metricName == "b" })
    }
}
