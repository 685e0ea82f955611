import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KlaxonRuleTest
import NIOCore
import Testing

@testable import KlaxonServer

/// Grafana, using Klaxon as a Prometheus data source, sends `query_range` as a POST form (older versions as a
/// GET) with Unix-second `start`/`end` and a step in seconds. For the same data, the body must be
/// byte-for-byte what `klaxon query` prints.
@Suite struct GrafanaQueryTests {
    static let fixture = """
        interval: 15s
        input_series:
          - series: 'http_requests_total{job="api", instance="a", code="200"}'
            values: '0+120x240'
          - series: 'http_requests_total{job="api", instance="a", code="500"}'
            values: '0+3x100 300+30x140'
          - series: 'http_requests_total{job="api", instance="b", code="200"}'
            values: '0+90x120 0+90x120'
          - series: 'http_request_duration_seconds_bucket{job="api", le="0.1"}'
            values: '0+50x240'
          - series: 'http_request_duration_seconds_bucket{job="api", le="0.5"}'
            values: '0+80x240'
          - series: 'http_request_duration_seconds_bucket{job="api", le="+Inf"}'
            values: '0+100x240'
          - series: 'up{job="api", instance="a"}'
            values: '1x120 0x20 1x100'
          - series: 'queue_depth{job="worker"}'
            values: '5 _ 7 NaN 9 stale 11 -2.5e3+1x230'
        """

    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var start: Int
        var end: Int
        var step: Int
        var testDescription: String { query }
    }

    static let cases: [Case] = [
        Case(query: "sum by (job, code) (rate(http_requests_total[5m]))", start: 0, end: 3600, step: 15),
        Case(
            query: "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))", start: 300,
            end: 3600, step: 60),
        Case(
            query: "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))", start: 0,
            end: 3600, step: 30),
        Case(query: "up == 0", start: 1500, end: 2400, step: 15),
        Case(query: "queue_depth", start: 0, end: 600, step: 7),
        Case(query: "increase(http_requests_total{instance=\"b\"}[2m])", start: 1700, end: 1900, step: 15),
        Case(query: "time()", start: 0, end: 120, step: 30),
        Case(query: "sum(rate(nope[5m]))", start: 0, end: 600, step: 60),
    ]

    static let server: (TestServer, String)? = {
        guard let server = try? TestServer.make(config: "global:\n  evaluation_interval: 1m\n") else { return nil }
        let path = server.directory + "/fixture.yml"
        guard (try? TestServer.write(fixture, to: path)) != nil,
            let loaded = try? QueryFixture.load(path: path),
            (try? InputSeriesLoader.load(loaded.inputSeries, interval: loaded.interval, into: server.runtime.storage))
                != nil
        else { return nil }
        return (server, path)
    }()

    /// `application/x-www-form-urlencoded` encoding of one value.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    @Test(
        "query_range over HTTP equals klaxon query", .enabled(if: DaemonHarness.binary != nil, DaemonHarness.missingBinary),
        arguments: cases)
    func sameJSON(_ c: Case) async throws {
        let (server, fixturePath) = try #require(Self.server)
        let form = "query=\(Self.formEncode(c.query))&start=\(c.start)&end=\(c.end)&step=\(c.step)"
        let app = Application(router: ServerRouter.make(runtime: server.runtime))
        let (post, get) = try await app.test(.router) { client in
            let post = try await client.execute(
                uri: "/api/v1/query_range", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            ) { String(buffer: $0.body) }
            let get = try await client.execute(uri: "/api/v1/query_range?" + form, method: .get) {
                String(buffer: $0.body)
            }
            return (post, get)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(DaemonHarness.binary))
        process.arguments = [
            "query", "--series", fixturePath, "--start", "\(c.start)", "--end", "\(c.end)", "--step", "\(c.step)s",
            c.query,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(post.hasPrefix(#"{"status":"success","data":{"resultType":""#))
        #expect(post == printed.trimmingCharacters(in: .newlines))
        #expect(get == post)
    }
}
