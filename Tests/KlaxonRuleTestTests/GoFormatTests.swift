import KlaxonModel
import Testing

@testable import KlaxonRuleTest

@Suite struct GoFormatTests {
    @Test(
        "time.Duration.String",
        arguments: [
            (Int64(0), "0s"), (1_000_000_000, "1s"), (60_000_000_000, "1m0s"), (3_600_000_000_000, "1h0m0s"),
            (1_500_000_000, "1.5s"), (1_000_000, "1ms"), (1_500, "1.5µs"), (7, "7ns"), (-60_000_000_000, "-1m0s"),
            (1_704_067_200_000_000_000, "473352h0m0s"), (Int64.max, "2562047h47m16.854775807s"),
        ])
    func duration(nanoseconds: Int64, text: String) {
        #expect(GoFormat.duration(nanoseconds: nanoseconds) == text)
    }

    @Test("durations since the epoch saturate like Time.Sub")
    func saturation() {
        #expect(GoFormat.duration(sinceEpoch: 9_218_880_000_000) == "2560800h0m0s")
        #expect(GoFormat.duration(sinceEpoch: 9_300_000_000_000) == "2562047h47m16.854775807s")
        #expect(GoFormat.duration(sinceEpoch: 60_000) == "1m0s")
    }

    @Test(
        "FormatFloat 'E'",
        arguments: [
            (1.0, "1E+00"), (60, "6E+01"), (0.5, "5E-01"), (1_704_067_200, "1.7040672E+09"), (0, "0E+00"),
            (-2.5e-3, "-2.5E-03"), (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (1e100, "1E+100"),
            (2.9999999999999996, "2.9999999999999996E+00"),
        ])
    func floatE(value: Double, text: String) {
        #expect(GoFormat.floatE(value) == text)
    }

    @Test("labels.Labels.String")
    func labels() {
        #expect(GoFormat.labels(Labels(["__name__": "up", "job": "a\"b"])) == "{__name__=\"up\", job=\"a\\\"b\"}")
        #expect(GoFormat.labels([Label]()) == "{}")
        #expect(GoFormat.labels([Label("a-b", "1")]) == "{\"a-b\"=\"1\"}")
    }

    @Test("JUnit text is escaped as encoding/xml escapes it")
    func junitEscaping() {
        #expect(JUnitReport.escape("a<b>&\"c'\n\t\r") == "a&lt;b&gt;&amp;&#34;c&#39;&#xA;&#x9;&#xD;")
        #expect(JUnitReport.escape("\u{1}") == "\u{FFFD}")
        var report = JUnitReport()
        var suite = JUnitReport.Suite(name: "f.yml")
        suite.abort("open f.yml: no such file or directory")
        report.suites.append(suite)
        #expect(
            report.xml == """
                <testsuites><testsuite name="f.yml" tests="1" failures="0" errors="1" skipped="0" timestamp=""><testcase \
                name="unknown"><error>open f.yml: no such file or directory</error></testcase></testsuite></testsuites>
                """)
    }
}
