import Testing

@testable import KlaxonHealth

@Suite struct HealthReportJSONTests {
    @Test("the report renders in exactly the documented JSON shape, checks sorted by name")
    func shape() {
        let report = HealthReport(
            checks: [
                HealthCheckResult(
                    name: "storage", component: "storage", status: .healthy, message: "storage path \"/data\" is writable",
                    lastCheck: 1_718_000_000_123, duration: .microseconds(1_500)),
                HealthCheckResult(
                    name: "disk_space", component: "disk", status: .degraded, message: "disk \"/\" is 85% full",
                    lastCheck: 1_718_000_000_000, duration: .milliseconds(2)),
            ],
            timestamp: 1_718_000_000_456, uptimeSeconds: 3600.25
        )
        let expected =
            #"{"status":"degraded","checks":{"disk_space":{"component":"disk","status":"degraded","message":"disk \"/\" is 85% full","#
            + #""last_check":"2024-06-10T06:13:20.000Z","duration_ms":2},"storage":{"component":"storage","status":"healthy","#
            + #""message":"storage path \"/data\" is writable","last_check":"2024-06-10T06:13:20.123Z","duration_ms":1.5}},"#
            + #""timestamp":"2024-06-10T06:13:20.456Z","uptime_seconds":3600.25}"#
        #expect(report.json == expected)
        #expect(report.httpStatusCode == 200)
    }

    @Test("an empty report is healthy with an empty checks object")
    func empty() {
        let report = HealthReport(checks: [], timestamp: 0, uptimeSeconds: 0)
        #expect(report.json == #"{"status":"healthy","checks":{},"timestamp":"1970-01-01T00:00:00.000Z","uptime_seconds":0}"#)
    }

    @Test(
        "JSON strings escape quotes, backslashes and control characters",
        arguments: [
            ("plain", #""plain""#), ("a\"b", #""a\"b""#), ("a\\b", #""a\\b""#), ("line\nbreak\ttab", #""line\nbreak\ttab""#),
            ("\u{1}", #""\u0001""#), ("ünï", #""ünï""#),
        ]
    )
    func stringEscaping(raw: String, expected: String) {
        #expect(JSON.string(raw) == expected)
    }

    @Test(
        "JSON numbers are rounded and lose trailing zeros",
        arguments: [(0.0, "0"), (2.0, "2"), (1.5, "1.5"), (0.0004, "0"), (0.0005, "0.001"), (12.3456, "12.346"), (-1.25, "-1.25"), (Double.nan, "0")]
    )
    func numbers(value: Double, expected: String) {
        #expect(JSON.number(value, decimals: 3) == expected)
    }

    @Test(
        "timestamps are RFC 3339 UTC with milliseconds",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_709_251_199_999, "2024-02-29T23:59:59.999Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (4_102_444_800_000, "2100-01-01T00:00:00.000Z"),
        ]
    )
    func rfc3339(time: Int64, expected: String) {
        #expect(RFC3339.format(time) == expected)
    }

    @Test(
        "durations print the way Go prints them",
        arguments: [
            (Duration.zero, "0s"), (.nanoseconds(500), "500ns"), (.microseconds(250), "250µs"), (.milliseconds(10), "10ms"),
            (.milliseconds(1500), "1.5s"), (.seconds(5), "5s"), (.seconds(90), "1m30s"), (.seconds(3661), "1h1m1s"),
            (.milliseconds(-20), "-20ms"),
        ]
    )
    func goDuration(duration: Duration, expected: String) {
        #expect(GoDuration.format(duration) == expected)
    }
}
