import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KlaxonModel
import KlaxonRules
import KlaxonScrape
import NIOCore
import Testing

@testable import KlaxonServer

/// Every endpoint of the HTTP API, in process (`app.test(.router)`), over a small store.
@Suite struct HTTPAPITests {
    static let config = """
        global:
          evaluation_interval: 1m
        rule_files:
          - rules.yml
        scrape_configs:
          - job_name: api
            static_configs:
              - targets: ["127.0.0.1:8080"]
        """
    static let rules = """
        groups:
          - name: test
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: InstanceDown
                expr: up == 0
                for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.instance }} is down"
        """

    /// A server with `up{instance="a"} = 1` and `up{instance="b"} = 0` every 15s over [0, 1000s].
    static func makeServer() async throws -> TestServer {
        let server = try TestServer.make(config: config, files: ["rules.yml": rules], now: 1_000_000)
        for (instance, value) in [("a", 1.0), ("b", 0.0)] {
            try server.load(
                Labels(["__name__": "up", "job": "api", "instance": instance]), from: 0, to: 1_000_000, step: 15_000
            ) { _ in value }
        }
        try await server.runtime.loadInitialConfiguration()
        return server
    }

    static func get(_ server: TestServer, _ uri: String, headers: HTTPFields = [:]) async throws -> (
        Int, String, HTTPFields
    ) {
        let app = Application(router: ServerRouter.make(runtime: server.runtime))
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                (Int(response.status.code), String(buffer: response.body), response.headers)
            }
        }
    }

    @Test("an instant query answers Prometheus's JSON, byte for byte")
    func instantQuery() async throws {
        let server = try await Self.makeServer()
        let (status, body, headers) = try await Self.get(server, "/api/v1/query?query=up&time=1000")
        #expect(status == 200)
        #expect(headers[.contentType] == "application/json")
        #expect(
            body
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a","job":"api"},"value":[1000,"1"]},{"metric":{"__name__":"up","instance":"b","job":"api"},"value":[1000,"0"]}]}}"#
        )
    }

    @Test("a range query gives a matrix; RFC 3339 times and float steps are accepted")
    func rangeQuery() async throws {
        let server = try await Self.makeServer()
        let (status, body, _) = try await Self.get(
            server,
            "/api/v1/query_range?query=sum(up)&start=1970-01-01T00:15:00Z&end=960&step=30.0")
        #expect(status == 200)
        #expect(
            body
                == #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[900,"1"],[930,"1"],[960,"1"]]}]}}"#
        )
    }

    @Test("POST with a form body works like GET")
    func postForm() async throws {
        let server = try await Self.makeServer()
        let app = Application(router: ServerRouter.make(runtime: server.runtime))
        let body = try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/query", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "query=count(up)&time=1000")
            ) { String(buffer: $0.body) }
        }
        #expect(
            body == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1000,"2"]}]}}"#)
    }

    @Test(
        "parameter errors carry Prometheus's texts and bad_data",
        arguments: [
            (
                "/api/v1/query?query=up&time=abc", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"time\": invalid time value for 'time': cannot parse \"abc\" to a valid timestamp"}"#
            ),
            (
                "/api/v1/query?query=sum(", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}"#
            ),
            (
                "/api/v1/query_range?query=up&start=10&end=0&step=1", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"end\": end timestamp must not be before start time"}"#
            ),
            (
                "/api/v1/query_range?query=up&start=0&end=10&step=0", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"}"#
            ),
            (
                "/api/v1/query_range?query=up&start=0&end=100000&step=1", 400,
                #"{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}"#
            ),
            (
                "/api/v1/query_range?query=up&start=0&end=10&step=x", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"step\": cannot parse \"x\" to a valid duration"}"#
            ),
            (
                "/api/v1/query_range?query=up[5m]&start=0&end=10&step=1", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": invalid expression type \"range vector\" for range query, must be Scalar or instant Vector"}"#
            ),
            (
                "/api/v1/query?query=up&limit=-1", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"limit\": limit must be non-negative"}"#
            ),
            (
                "/api/v1/series", 400,
                #"{"status":"error","errorType":"bad_data","error":"no match[] parameter provided"}"#
            ),
            (
                "/api/v1/series?match[]=%7Bjob%3D~%22.*%22%7D", 400,
                #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"}"#
            ),
        ] as [(String, Int, String)])
    func parameterErrors(uri: String, status: Int, body: String) async throws {
        let server = try await Self.makeServer()
        let (gotStatus, gotBody, _) = try await Self.get(server, uri)
        #expect(gotStatus == status)
        #expect(gotBody == body)
    }

    @Test("series, label names and label values list the store's contents")
    func metadata() async throws {
        let server = try await Self.makeServer()
        let (_, series, _) = try await Self.get(server, "/api/v1/series?match[]=up%7Binstance%3D%22a%22%7D")
        #expect(series == #"{"status":"success","data":[{"__name__":"up","instance":"a","job":"api"}]}"#)
        let (_, names, _) = try await Self.get(server, "/api/v1/labels")
        #expect(names == #"{"status":"success","data":["__name__","instance","job"]}"#)
        let (_, values, _) = try await Self.get(server, "/api/v1/label/instance/values")
        #expect(values == #"{"status":"success","data":["a","b"]}"#)
        let (_, limited, _) = try await Self.get(server, "/api/v1/label/instance/values?limit=1")
        #expect(limited == #"{"status":"success","data":["a"],"warnings":["results truncated due to limit"]}"#)
    }

    @Test("rules and alerts show group state after evaluations")
    func rulesAndAlerts() async throws {
        let server = try await Self.makeServer()
        let next = try #require(await server.runtime.rules.schedule.values.first)
        server.time.advance(to: next)
        await server.runtime.rules.evaluateDue()
        server.time.advance(to: next + 60_000)
        await server.runtime.rules.evaluateDue()
        let (_, alerts, _) = try await Self.get(server, "/api/v1/alerts")
        let activeAt = AlertAPIFormat.rfc3339(next)
        #expect(
            alerts
                == #"{"status":"success","data":{"alerts":[{"labels":{"alertname":"InstanceDown","instance":"b","job":"api","severity":"page"},"annotations":{"summary":"b is down"},"state":"firing","activeAt":""#
                + activeAt + #"","value":"0e+00"}]}}"#)
        let (status, rules, _) = try await Self.get(server, "/api/v1/rules")
        #expect(status == 200)
        #expect(rules.hasPrefix(#"{"status":"success","data":{"groups":[{"name":"test","file":""#))
        #expect(
            rules.contains(
                #"{"name":"job:up:sum","query":"sum by (job) (up)","labels":{},"health":"ok","evaluationTime":"#))
        #expect(
            rules.contains(
                #""state":"firing","name":"InstanceDown","query":"up == 0","duration":60,"keepFiringFor":0,"labels":{"severity":"page"}"#
            ))
        #expect(rules.contains(#""interval":60,"limit":0,"evaluationTime":"#))
        let (_, recordOnly, _) = try await Self.get(server, "/api/v1/rules?type=record")
        #expect(!recordOnly.contains("InstanceDown"))
        let (badStatus, bad, _) = try await Self.get(server, "/api/v1/rules?type=x")
        #expect(badStatus == 400)
        #expect(bad.contains(#"invalid parameter \"type\": not supported value \"x\""#))
    }

    @Test("targets, build info and the redacted configuration")
    func status() async throws {
        let server = try await Self.makeServer()
        let (_, targets, _) = try await Self.get(server, "/api/v1/targets")
        #expect(
            targets
                == #"{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"127.0.0.1:8080","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"1m","__scrape_timeout__":"10s","job":"api"},"labels":{"instance":"127.0.0.1:8080","job":"api"},"scrapePool":"api","scrapeUrl":"http://127.0.0.1:8080/metrics","globalUrl":"http://127.0.0.1:8080/metrics","lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown","scrapeInterval":"1m","scrapeTimeout":"10s"}],"droppedTargets":[],"droppedTargetCounts":{"api":0}}}"#
        )
        let (_, build, _) = try await Self.get(server, "/api/v1/status/buildinfo")
        #expect(build.hasPrefix(#"{"status":"success","data":{"version":"0.1.0","revision":"","#))
        let (_, metadata, _) = try await Self.get(server, "/api/v1/metadata")
        #expect(metadata == #"{"status":"success","data":{}}"#)
        let (_, exemplars, _) = try await Self.get(server, "/api/v1/query_exemplars?query=up")
        #expect(exemplars == #"{"status":"success","data":[]}"#)
        let (_, config, _) = try await Self.get(server, "/api/v1/status/config")
        #expect(config.hasPrefix(#"{"status":"success","data":{"yaml":"global:\n  evaluation_interval: 1m\n"#))
    }

    @Test("configured targets are scraped into the store and their health shows in /api/v1/targets")
    func scraping() async throws {
        let transport = RecordingTransport(
            body: "# TYPE app_requests_total counter\napp_requests_total{code=\"200\"} 42\n")
        let server = try TestServer.make(
            config: Self.config, files: ["rules.yml": Self.rules], now: 1_000_000, transport: transport)
        try await server.runtime.loadInitialConfiguration()
        let loop = try #require(await server.runtime.scrapes.loops().first)
        _ = try await loop.scrape(at: 1_000_000)
        #expect(transport.recorded.first?.url == "http://127.0.0.1:8080/metrics")
        let (_, value, _) = try await Self.get(server, "/api/v1/query?query=app_requests_total&time=1000")
        #expect(
            value
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"app_requests_total","code":"200","instance":"127.0.0.1:8080","job":"api"},"value":[1000,"42"]}]}}"#
        )
        let (_, targets, _) = try await Self.get(server, "/api/v1/targets?state=active")
        #expect(targets.contains(#""health":"up""#))
        #expect(targets.contains(#""lastScrape":"1970-01-01T00:16:40Z""#))
    }

    @Test("health, readiness and the JSON health report")
    func management() async throws {
        let server = try await Self.makeServer()
        let (healthy, healthyBody, _) = try await Self.get(server, "/-/healthy")
        #expect(healthy == 200)
        #expect(healthyBody == "Klaxon Server is Healthy.\n")
        let (ready, _, _) = try await Self.get(server, "/-/ready")
        #expect(ready == 200)
        let (status, report, _) = try await Self.get(server, "/healthz")
        #expect(status == 200)
        #expect(report.hasPrefix(#"{"status":"healthy","checks":{"#))
        for check in ["storage", "rules", "scrape", "notifier"] { #expect(report.contains("\"\(check)\":{")) }
    }

    @Test(
        "/metrics negotiates the exposition format",
        arguments: [
            (nil, "text/plain; version=0.0.4; charset=utf-8"),
            (
                "application/openmetrics-text; version=1.0.0",
                "application/openmetrics-text; version=1.0.0; charset=utf-8"
            ),
            ("*/*", "text/plain; version=0.0.4; charset=utf-8"),
        ] as [(String?, String)])
    func metricsNegotiation(accept: String?, contentType: String) async throws {
        let server = try await Self.makeServer()
        var headers = HTTPFields()
        if let accept { headers[.accept] = accept }
        let (status, body, responseHeaders) = try await Self.get(server, "/metrics", headers: headers)
        #expect(status == 200)
        #expect(responseHeaders[.contentType] == contentType)
        #expect(body.contains("klaxon_storage_series"))
        #expect(body.contains("klaxon_config_last_reload_successful 1"))
    }

    @Test("a request body over the limit is refused with 413")
    func bodyLimit() async throws {
        let server = try await Self.makeServer()
        let app = Application(router: ServerRouter.make(runtime: server.runtime))
        let status = try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/query", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "query=" + String(repeating: "x", count: 2 << 20))
            ) { Int($0.status.code) }
        }
        #expect(status == 413)
    }
}
