import KlaxonModel
import KlaxonStorage
import Synchronization
import Testing

@testable import KlaxonScrape

/// One scrape at a time through `scrape(at:)`, with a stub transport and a manual clock.
@Suite struct ScrapeLoopTests {
    static let target = #"instance="host:9100", job="node""#
    static let t1: Timestamp = 1_000_000
    static let t2: Timestamp = 1_015_000
    static let t3: Timestamp = 1_030_000

    @Test("a scrape appends the samples with target labels, plus the five synthetic series")
    func successfulScrape() async throws {
        let f = try ScrapeFixture()
        let outcome = try await f.scrape("# TYPE a gauge\na 1\nb{x=\"y\"} 2\n", at: Self.t1)
        #expect(outcome.error == nil)
        #expect(outcome.samplesScraped == 2)
        let dump = try f.dump()
        #expect(dump[#"{__name__="a", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 1)])
        #expect(dump[#"{__name__="b", \#(Self.target), x="y"}"#] == [FPoint(t: Self.t1, v: 2)])
        #expect(dump[#"{__name__="up", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 1)])
        #expect(dump[#"{__name__="scrape_duration_seconds", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 0)])
        #expect(dump[#"{__name__="scrape_samples_scraped", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 2)])
        #expect(
            dump[#"{__name__="scrape_samples_post_metric_relabeling", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 2)])
        #expect(dump[#"{__name__="scrape_series_added", \#(Self.target)}"#] == [FPoint(t: Self.t1, v: 2)])
        #expect(dump.count == 7)
        let status = f.loop.target.status
        #expect(status.health == .up)
        #expect(status.lastError == "")
        #expect(status.lastScrape == Self.t1)
        #expect(status.scrapeURL == "http://host:9100/metrics")
        #expect(status.scrapeInterval == "15s")
        #expect(status.scrapeTimeout == "10s")
    }

    @Test("a series that disappears gets a staleness marker; when it returns it counts as added again")
    func stalenessOnDisappearance() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\nb 2\n", at: Self.t1)
        let second = try await f.scrape("a 3\n", at: Self.t2)
        #expect(second.seriesAdded == 0)
        let b = try f.points("b")
        #expect(b.count == 2)
        #expect(b.last?.t == Self.t2)
        #expect(b.last?.isStale == true)
        #expect(try f.points("a") == [FPoint(t: Self.t1, v: 1), FPoint(t: Self.t2, v: 3)])
        let third = try await f.scrape("a 4\nb 5\n", at: Self.t3)
        #expect(third.seriesAdded == 1)
        #expect(try f.points("b").last == FPoint(t: Self.t3, v: 5))
        #expect(try f.points("scrape_series_added").map(\.v) == [2, 0, 1])
    }

    @Test("a failed scrape reports up 0, marks every series stale once, and keeps the cache")
    func stalenessOnFailure() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\n", at: Self.t1)
        f.transport.enqueue(.response(HTTPResponse(status: 500)))
        let failed = try await f.loop.scrape(at: Self.t2)
        #expect(failed.error == "server returned HTTP status 500 Internal Server Error")
        #expect(f.loop.target.status.health == .down)
        #expect(f.loop.target.status.lastError == "server returned HTTP status 500 Internal Server Error")
        f.transport.enqueue(.failure(.connectionFailed("dial tcp 10.0.0.1:9100: connect: connection refused")))
        let again = try await f.loop.scrape(at: Self.t3)
        #expect(again.error == #"Get "http://host:9100/metrics": dial tcp 10.0.0.1:9100: connect: connection refused"#)
        let a = try f.points("a")
        #expect(a.count == 2)
        #expect(a[1].t == Self.t2 && a[1].isStale)
        #expect(try f.points("up").map(\.v) == [1, 0, 0])
        #expect(try f.points("scrape_samples_scraped").map(\.v) == [1, 0, 0])
        let back = try await f.scrape("a 5\n", at: Self.t3 + 15_000)
        #expect(back.seriesAdded == 0)  // the cache survived the failures
        #expect(try f.points("a").last == FPoint(t: Self.t3 + 15_000, v: 5))
    }

    @Test("a parse error discards the whole scrape and marks the previous series stale")
    func parseErrorIsAtomic() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\nb 2\n", at: Self.t1)
        let outcome = try await f.scrape("a 3\nb x\n", at: Self.t2)
        #expect(outcome.error == #"strconv.ParseFloat: parsing "x": invalid syntax while parsing: "b x""#)
        #expect(outcome.samplesScraped == 1)
        let a = try f.points("a")
        #expect(a.map(\.t) == [Self.t1, Self.t2])
        #expect(a[1].isStale)  // 3 was never written
        #expect(try f.points("b")[1].isStale)
        #expect(try f.points("up").map(\.v) == [1, 0])
    }

    @Test("a limit hit mid-scrape leaves none of that scrape's samples in storage")
    func labelLimitIsAtomic() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.labelLimit = 3
        let f = try ScrapeFixture(config: config)
        let outcome = try await f.scrape("a 1\nb 2\nc{x=\"1\"} 3\n", at: Self.t1)
        #expect(outcome.error == "label_limit exceeded (metric: c, number of labels: 4, limit: 3)")
        #expect(try f.points("a") == [])
        #expect(try f.points("b") == [])
        #expect(try f.points("up") == [FPoint(t: Self.t1, v: 0)])
    }

    @Test(
        "limits fail the scrape with Prometheus's messages",
        arguments: [
            ("sample_limit", "sample limit exceeded"),
            (
                "label_name_length_limit",
                "label_name_length_limit exceeded (metric: m, label name: long_name, length: 9, limit: 8)"
            ),
            (
                "label_value_length_limit",
                #"label_value_length_limit exceeded (metric: m, label name: long_name, value: "0123456789", length: 10, limit: 9)"#
            ),
        ])
    func limits(limit: String, message: String) async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        switch limit {
        case "sample_limit": config.sampleLimit = 1
        case "label_name_length_limit": config.labelNameLengthLimit = 8
        default: config.labelValueLengthLimit = 9
        }
        let f = try ScrapeFixture(config: config)
        let outcome = try await f.scrape("m{long_name=\"0123456789\"} 1\nn 2\n", at: Self.t1)
        #expect(outcome.error == message)
        #expect(try f.points("up") == [FPoint(t: Self.t1, v: 0)])
        #expect(try f.points("m") == [])
        if limit == "sample_limit" {
            #expect(outcome.samplesScraped == 2)
            #expect(try f.points("scrape_samples_post_metric_relabeling").map(\.v) == [2])
        }
    }

    @Test("a body at the size limit fails the scrape")
    func bodySizeLimit() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.bodySizeLimit = 4
        let f = try ScrapeFixture(config: config)
        #expect(f.loop.request.maxResponseBytes == 3)
        #expect(try await f.scrape("a 1\n", at: Self.t1).error == "body size limit exceeded")
        #expect(try await f.scrape("a 1", at: Self.t2).error == nil)
        f.transport.enqueue(.failure(.bodyTooLarge(limit: 3)))
        #expect(try await f.loop.scrape(at: Self.t3).error == "body size limit exceeded")
    }

    @Test("without honor_labels, clashing exposed labels are renamed exported_…, shortest name first")
    func exportedLabels() async throws {
        let f = try ScrapeFixture()
        try await f.scrape(#"a{job="other",instance="i",exported_job="z"} 1"# + "\n", at: Self.t1)
        #expect(
            try f.labelSets("a") == [
                [
                    "__name__": "a", "exported_exported_job": "other", "exported_instance": "i", "exported_job": "z",
                    "instance": "host:9100", "job": "node",
                ]
            ])
    }

    @Test("with honor_labels, exposed labels win and missing target labels are added")
    func honorLabels() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.honorLabels = true
        let f = try ScrapeFixture(config: config)
        try await f.scrape(#"a{job="other"} 1"# + "\n", at: Self.t1)
        #expect(try f.labelSets("a") == [["__name__": "a", "job": "other", "instance": "host:9100"]])
        // The synthetic series always carry the target's labels.
        #expect(try f.labelSets("up") == [["__name__": "up", "job": "node", "instance": "host:9100"]])
    }

    @Test("metric relabelling drops and rewrites series; the report counts what is left")
    func metricRelabelling() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.metricRelabelConfigs = [
            RelabelConfig(sourceLabels: ["__name__"], regex: "go_.*", action: .drop),
            RelabelConfig(
                sourceLabels: ["__name__"], regex: "(.*)_total", targetLabel: "__name__", replacement: "${1}_count"),
        ]
        let f = try ScrapeFixture(config: config)
        let outcome = try await f.scrape("go_goroutines 5\nhttp_total 7\nkeep 1\n", at: Self.t1)
        #expect(outcome.samplesScraped == 3)
        #expect(outcome.samplesPostMetricRelabeling == 2)
        #expect(try f.points("go_goroutines") == [])
        #expect(try f.points("http_count") == [FPoint(t: Self.t1, v: 7)])
        // Cached lines (kept and dropped) behave the same on the next scrape.
        let second = try await f.scrape("go_goroutines 6\nhttp_total 8\nkeep 1\n", at: Self.t2)
        #expect(second.samplesPostMetricRelabeling == 2)
        #expect(try f.points("http_count").map(\.v) == [7, 8])
    }

    @Test("a repeated line is ignored; the scrape still succeeds")
    func duplicateLines() async throws {
        let f = try ScrapeFixture()
        let outcome = try await f.scrape("a 1\na 2\n", at: Self.t1)
        #expect(outcome.error == nil)
        #expect(outcome.samplesPostMetricRelabeling == 2)
        #expect(try f.points("a") == [FPoint(t: Self.t1, v: 1)])
    }

    @Test("explicit timestamps are honored and not tracked for staleness")
    func explicitTimestamps() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1 990000\nb 2\n", at: Self.t1)
        try await f.scrape("c 3\n", at: Self.t2)
        #expect(try f.points("a") == [FPoint(t: 990_000, v: 1)])
        #expect(try f.points("b").last?.isStale == true)
    }

    @Test("with honor_timestamps off, every sample gets the scrape time")
    func ignoredTimestamps() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.honorTimestamps = false
        let f = try ScrapeFixture(config: config)
        try await f.scrape("a 1 990000\n", at: Self.t1)
        #expect(try f.points("a") == [FPoint(t: Self.t1, v: 1)])
    }

    @Test("track_timestamps_staleness marks series with explicit timestamps stale too")
    func trackTimestampsStaleness() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.trackTimestampsStaleness = true
        let f = try ScrapeFixture(config: config)
        try await f.scrape("a 1 990000\n", at: Self.t1)
        try await f.scrape("b 1\n", at: Self.t2)
        #expect(try f.points("a").last?.isStale == true)
    }

    @Test("samples more than ten minutes ahead are dropped without failing the scrape")
    func tooFarAhead() async throws {
        let f = try ScrapeFixture()
        let outcome = try await f.scrape("a 1 \(Self.t1 + 600_001)\nb 2\n", at: Self.t1)
        #expect(outcome.error == nil)
        #expect(try f.points("a") == [])
        #expect(try f.points("b") == [FPoint(t: Self.t1, v: 2)])
    }

    @Test("an empty body is a successful scrape of nothing: up 1, previous series stale")
    func emptyBody() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\n", at: Self.t1)
        let outcome = try await f.scrape("", at: Self.t2)
        #expect(outcome.error == nil)
        #expect(try f.points("a").last?.isStale == true)
        #expect(try f.points("up").map(\.v) == [1, 1])
    }

    @Test("series whose storage references went stale are re-created through their labels")
    func storageReset() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\n", at: Self.t1)
        f.storage.reset()
        let outcome = try await f.scrape("a 2\n", at: Self.t2)
        #expect(outcome.error == nil)
        #expect(try f.points("a") == [FPoint(t: Self.t2, v: 2)])
        #expect(try f.points("up") == [FPoint(t: Self.t2, v: 1)])
        try await f.scrape("a 3\n", at: Self.t3)
        #expect(try f.points("a").map(\.v) == [2, 3])
    }

    @Test("out-of-order samples are rejected by storage without failing the scrape")
    func outOfOrder() async throws {
        let f = try ScrapeFixture()
        try await f.scrape("a 1\n", at: Self.t2)
        let outcome = try await f.scrape("a 2\n", at: Self.t1)
        #expect(outcome.error == nil)
        #expect(try f.points("a") == [FPoint(t: Self.t2, v: 1)])
    }

    @Test("the request carries Prometheus's headers, credentials and parameters")
    func requestHeaders() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .milliseconds(7500))
        config.params = ["module": ["http_2xx", "tcp"], "a b": ["c&d"]]
        config.basicAuth = BasicAuth(username: "user", password: "pass")
        config.headers = ["X-Custom": "1"]
        let f = try ScrapeFixture(config: config)
        try await f.scrape("a 1\n", at: Self.t1)
        let request = try #require(f.transport.requests.first)
        #expect(request.url == "http://host:9100/metrics?a+b=c%26d&module=http_2xx&module=tcp")
        #expect(request.timeout == .milliseconds(7500))
        let headers = Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(
            headers["Accept"]
                == "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2")
        #expect(headers["Accept-Encoding"] == "identity")
        #expect(headers["User-Agent"] == "Klaxon/\(KlaxonScrapeVersion.version)")
        #expect(headers["X-Prometheus-Scrape-Timeout-Seconds"] == "7.5")
        #expect(headers["Authorization"] == "Basic dXNlcjpwYXNz")
        #expect(headers["X-Custom"] == "1")
    }

    @Test("a bearer token is sent as an Authorization header")
    func bearerToken() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.authorization = Authorization(credentials: "s3cret")
        let f = try ScrapeFixture(config: config)
        let headers = f.loop.request.headers.filter { $0.name == "Authorization" }.map(\.value)
        #expect(headers == ["Bearer s3cret"])
    }

    @Test(
        "the parser follows the Content-Type",
        arguments: [
            ("application/openmetrics-text; version=1.0.0; charset=utf-8", "a 1\n# EOF\n", nil as String?),
            ("application/openmetrics-text", "a 1\n", "data does not end with # EOF"),
            ("text/plain", "a 1\n", nil),
            ("TEXT/PLAIN ; version=0.0.4", "a 1\n", nil),
            (
                "", "a 1\n",
                "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"
            ),
            (
                "application/json", "a 1\n",
                #"received unsupported Content-Type "application/json" and no fallback_scrape_protocol specified for target"#
            ),
            (
                "garbage", "a 1\n",
                "cannot parse Content-Type \"garbage\" and no fallback_scrape_protocol for target\nmime: expected slash after first token"
            ),
        ])
    func contentType(contentType: String, body: String, error: String?) async throws {
        let f = try ScrapeFixture()
        f.transport.enqueue(
            .response(HTTPResponse(status: 200, headers: [("Content-Type", contentType)], body: Array(body.utf8))))
        #expect(try await f.loop.scrape(at: Self.t1).error == error)
    }

    @Test("fallback_scrape_protocol picks the parser when the Content-Type is missing or unusable")
    func fallbackProtocol() async throws {
        var config = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10))
        config.fallbackScrapeProtocol = .openMetricsText1_0_0
        let f = try ScrapeFixture(config: config)
        f.transport.enqueue(.response(HTTPResponse(status: 200, body: Array("a 1\n".utf8))))
        #expect(try await f.loop.scrape(at: Self.t1).error == "data does not end with # EOF")
    }

    @Test("OpenMetrics _created series are not stored by default")
    func createdSeriesDropped() async throws {
        let f = try ScrapeFixture()
        f.transport.enqueue(
            .response(
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "application/openmetrics-text; version=1.0.0")],
                    body: Array("# TYPE c counter\nc_total 3\nc_created 1700000000\n# EOF\n".utf8))))
        let outcome = try await f.loop.scrape(at: Self.t1)
        #expect(outcome.samplesScraped == 1)
        #expect(try f.points("c_created") == [])
    }

    @Test("a scrape that outlives its timeout fails with Go's deadline error, on the loop's clock")
    func timeout() async throws {
        let f = try ScrapeFixture(transport: StubTransport(.hang))
        let outcome = try await withThrowingTaskGroup(of: ScrapeOutcome?.self) { group in
            group.addTask { try await f.loop.scrape(at: Self.t1) }
            group.addTask {
                // Wait for the timeout timer to be armed, then let it expire.
                _ = await eventually { f.clock.sleeperCount == 1 }
                f.clock.advance(by: 10_000)
                return nil
            }
            var result: ScrapeOutcome?
            for try await value in group where value != nil { result = value }
            return result
        }
        #expect(outcome?.error == #"Get "http://host:9100/metrics": context deadline exceeded"#)
        #expect(outcome?.duration == .seconds(10))
        #expect(try f.points("scrape_duration_seconds") == [FPoint(t: Self.t1, v: 10)])
    }

    @Test("in-process samples go through the same pipeline: target labels, staleness, up")
    func inProcess() async throws {
        let storage = MemoryStorage()
        let clock = ManualTimeSource(now: Self.t1)
        let exposed = TestBox<[Sample]>([
            Sample(labels: ["__name__": "requests_total", "job": "mine"], t: 0, v: 5),
            Sample(labels: ["__name__": "temperature"], t: 0, v: 21.5),
        ])
        let loop = try ScrapeLoop.inProcess(
            job: "klaxon", instance: "localhost", storage: storage, time: clock, stopwatch: .timeSource(clock),
            source: .inProcess { t in exposed.value.map { Sample(labels: $0.labels, t: t, v: $0.v) } })
        let first = try await loop.scrape(at: Self.t1)
        #expect(first.error == nil)
        #expect(first.seriesAdded == 2)
        exposed.value = [Sample(labels: ["__name__": "temperature"], t: 0, v: 22)]
        try await loop.scrape(at: Self.t2)
        let all = try storage.select([LabelMatcher(.regexMatch, "__name__", ".+")], mint: .min, maxt: .max)
        let byName = Dictionary(
            all.map { (ScrapeSession.format($0.labels), $0.points) }, uniquingKeysWith: { a, _ in a })
        let requests = byName[#"{__name__="requests_total", exported_job="mine", instance="localhost", job="klaxon"}"#]
        #expect(requests?.count == 2)
        #expect(requests?.last?.isStale == true)
        #expect(
            byName[#"{__name__="temperature", instance="localhost", job="klaxon"}"#]
                == [FPoint(t: Self.t1, v: 21.5), FPoint(t: Self.t2, v: 22)])
        #expect(byName[#"{__name__="up", instance="localhost", job="klaxon"}"#]?.map(\.v) == [1, 1])
        #expect(loop.target.status.health == .up)
    }

    @Test("an in-process source that throws fails the scrape like an HTTP error")
    func inProcessFailure() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "registry unavailable" } }
        let storage = MemoryStorage()
        let loop = try ScrapeLoop.inProcess(
            job: "klaxon", instance: "localhost", storage: storage, time: ManualTimeSource(now: Self.t1),
            source: .inProcess { _ in throw Broken() })
        let outcome = try await loop.scrape(at: Self.t1)
        #expect(outcome.error == "registry unavailable")
        #expect(loop.target.status.health == .down)
    }
}

/// A mutable value shared with a `@Sendable` closure in tests.
final class TestBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
