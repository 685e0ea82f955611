import KlaxonModel
import Testing

@testable import KlaxonMetrics

@Suite struct SampleFlatteningTests {
    @Test("a histogram flattens into _bucket (le normalised as Prometheus 3 does), _sum and _count series")
    func histogramSamples() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        let series = registry.histogram("rpc_seconds", labelNames: ["op"], buckets: [0.5, 1]).labels("get")
        series.observe(0.2)
        series.observe(3)
        let samples = registry.collect().samples
        let expected: [(Labels, Double)] = [
            (["__name__": "rpc_seconds_bucket", "op": "get", "le": "0.5"], 1),
            (["__name__": "rpc_seconds_bucket", "op": "get", "le": "1.0"], 1),
            (["__name__": "rpc_seconds_bucket", "op": "get", "le": "+Inf"], 2),
            (["__name__": "rpc_seconds_sum", "op": "get"], 3.2),
            (["__name__": "rpc_seconds_count", "op": "get"], 2),
        ]
        #expect(samples.map(\.labels) == expected.map(\.0))
        #expect(samples.map(\.value) == expected.map(\.1))
    }

    @Test("flattened samples equal what scraping the text exposition yields")
    func matchesScrape() throws {
        let registry = GoldenRegistry.make()
        let scraped = try TextScrape.parse(registry.exposition(.prometheusText))
        let flattened = registry.collect().samples
        #expect(flattened.count == scraped.count)
        for (mine, theirs) in zip(flattened, scraped) {
            #expect(mine.labels == theirs.labels)
            #expect(mine.value == theirs.value)
        }
    }

    @Test("samples(at:) stamps every sample with the given time")
    func stamped() {
        let registry = MetricsRegistry(clock: ManualWallClock())
        registry.gauge("g").labels().set(2)
        #expect(registry.collect().samples(at: 1234) == [Sample(labels: ["__name__": "g"], t: 1234, v: 2)])
    }
}

/// A tiny reader of the text format, written as Prometheus 3's scraper reads it (comments skipped, escapes
/// undone, `le` of histogram buckets normalised to the OpenMetrics float form).
enum TextScrape {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [(labels: Labels, value: Double)] {
        var out: [(labels: Labels, value: Double)] = []
        var histograms: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4, parts[3] == "histogram" { histograms.insert(String(parts[2])) }
                continue
            }
            if line.hasPrefix("#") { continue }
            var chars = Array(line.unicodeScalars)[...]
            var name = ""
            while let c = chars.first, c != "{", c != " " { name.unicodeScalars.append(c); chars = chars.dropFirst() }
            var labels: [Label] = [Label("__name__", name)]
            if chars.first == "{" {
                chars = chars.dropFirst()
                while chars.first != "}" {
                    var labelName = ""
                    while let c = chars.first, c != "=" { labelName.unicodeScalars.append(c); chars = chars.dropFirst() }
                    chars = chars.dropFirst(2)  // ="
                    var value = ""
                    while let c = chars.first, c != "\"" {
                        chars = chars.dropFirst()
                        if c == "\\", let next = chars.first {
                            chars = chars.dropFirst()
                            value.unicodeScalars.append(next == "n" ? "\n" : next)
                        } else {
                            value.unicodeScalars.append(c)
                        }
                    }
                    chars = chars.dropFirst()  // closing quote
                    if chars.first == "," { chars = chars.dropFirst() }
                    let isBucket = labelName == "le" && name.hasSuffix("_bucket") && histograms.contains(String(name.dropLast(7)))
                    if isBucket, let bound = Double(value == "+Inf" ? "inf" : value) { value = ExpositionFloat.openMetrics(bound) }
                    labels.append(Label(labelName, value))
                }
                chars = chars.dropFirst()
            }
            let valueText = String(String.UnicodeScalarView(chars.dropFirst()))
            guard let value = Double(valueText) else { throw Failure(description: "bad value in \(line)") }
            out.append((Labels(labels), value))
        }
        return out
    }
}
