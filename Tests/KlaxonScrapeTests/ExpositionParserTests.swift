import KlaxonModel
import Testing

@testable import KlaxonScrape

/// Accepted inputs of both formats, from Prometheus's `TestPromParse`/`TestOpenMetricsParse` and the formats'
/// specifications: metadata entries, escapes, histograms and summaries, timestamps, exemplars, `_created`.
@Suite struct ExpositionParserTests {
    enum Rendered: Equatable, CustomStringConvertible {
        case help(String, String)
        case type(String, ScrapedMetricType)
        case unit(String, String)
        case comment
        case sample(String, UInt64, Int64?)  // labels in Prometheus's form, value bits, timestamp

        var description: String {
            switch self {
            case .help(let name, let text): "HELP \(name) \(text)"
            case .type(let name, let type): "TYPE \(name) \(type)"
            case .unit(let name, let unit): "UNIT \(name) \(unit)"
            case .comment: "comment"
            case .sample(let labels, let bits, let t):
                "\(labels) \(Double(bitPattern: bits)) \(t.map(String.init) ?? "-")"
            }
        }
    }

    static func render(_ text: String, _ format: ScrapeFormat, skipCreated: Bool = true) throws -> [Rendered] {
        var parser = ExpositionParser(Array(text.utf8), format: format, skipCreatedSeries: skipCreated)
        var out: [Rendered] = []
        while let entry = try parser.next() {
            switch entry {
            case .help(let name, let text): out.append(.help(name, text))
            case .type(let name, let type): out.append(.type(name, type))
            case .unit(let name, let unit): out.append(.unit(name, unit))
            case .comment: out.append(.comment)
            case .sample(let line):
                out.append(.sample(ScrapeSession.format(parser.labels()), line.value.bitPattern, line.timestamp))
            }
        }
        return out
    }

    static func sample(_ labels: String, _ value: Double, _ t: Int64? = nil) -> Rendered {
        .sample(labels, value.bitPattern, t)
    }

    @Test("the text format: metadata, comments, label lists, histograms and timestamps")
    func textFormat() throws {
        let input = """
            # HELP go_gc_duration_seconds A summary of the GC invocation durations.
            # \tTYPE go_gc_duration_seconds summary
            go_gc_duration_seconds{quantile="0"} 4.9351e-05
            go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05
            go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05
            go_gc_duration_seconds{quantile="0.8", a="b"} 8.3835e-05
            go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05
            # HELP prometheus_http_request_duration_seconds Histogram of latencies for HTTP requests.
            # TYPE prometheus_http_request_duration_seconds histogram
            prometheus_http_request_duration_seconds_bucket{handler="/",le="1"} 423
            prometheus_http_request_duration_seconds_bucket{handler="/",le="+Inf"} 1423
            prometheus_http_request_duration_seconds_sum{handler="/"} 2000
            # Hrandom comment starting with prefix of HELP
            #
            wind_speed{A="2",c="3"} 12345
            # comment with escaped \\n newline
            # comment with escaped \\ escape character
            # HELP nohelp1
            # HELP nohelp2\u{20}
            go_gc_duration_seconds{ quantile="1.0", a="b" } 8.3835e-05
            go_gc_duration_seconds { quantile="1.0", a="b" } 8.3835e-05
            go_gc_duration_seconds_count 99
            some:aggregate:rate5m{a_b="c"}\t1
            # HELP go_goroutines Number of goroutines that currently exist.
            # TYPE go_goroutines gauge
            go_goroutines 33  \t123123
            _metric_starting_with_underscore 1
            testmetric{_label_starting_with_underscore="foo"} 1
            testmetric{label="\\"bar\\""} 1
            testmetric{le="10"} 1
            # HELP type_and_unit_test1 Type specified in metadata overrides.
            {"go.gc_duration_seconds",quantile="0.5"} 3
            null_byte_metric{a="abc\u{0}"} 1
            """
        let expected: [Rendered] = [
            .help("go_gc_duration_seconds", "A summary of the GC invocation durations."),
            .type("go_gc_duration_seconds", .summary),
            Self.sample(#"{__name__="go_gc_duration_seconds", quantile="0.0"}"#, 4.9351e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", quantile="0.25"}"#, 7.424100000000001e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="0.5"}"#, 8.3835e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="0.8"}"#, 8.3835e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="0.9"}"#, 8.3835e-05),
            .help("prometheus_http_request_duration_seconds", "Histogram of latencies for HTTP requests."),
            .type("prometheus_http_request_duration_seconds", .histogram),
            Self.sample(#"{__name__="prometheus_http_request_duration_seconds_bucket", handler="/", le="1.0"}"#, 423),
            Self.sample(#"{__name__="prometheus_http_request_duration_seconds_bucket", handler="/", le="+Inf"}"#, 1423),
            Self.sample(#"{__name__="prometheus_http_request_duration_seconds_sum", handler="/"}"#, 2000),
            .comment, .comment,
            Self.sample(#"{A="2", __name__="wind_speed", c="3"}"#, 12345),
            .comment, .comment,
            .help("nohelp1", ""),
            .help("nohelp2", ""),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="1.0"}"#, 8.3835e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="1.0"}"#, 8.3835e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds_count"}"#, 99),
            Self.sample(#"{__name__="some:aggregate:rate5m", a_b="c"}"#, 1),
            .help("go_goroutines", "Number of goroutines that currently exist."),
            .type("go_goroutines", .gauge),
            Self.sample(#"{__name__="go_goroutines"}"#, 33, 123_123),
            Self.sample(#"{__name__="_metric_starting_with_underscore"}"#, 1),
            Self.sample(#"{__name__="testmetric", _label_starting_with_underscore="foo"}"#, 1),
            Self.sample(#"{__name__="testmetric", label="\"bar\""}"#, 1),
            Self.sample(#"{__name__="testmetric", le="10"}"#, 1),  // a gauge: le is not normalised
            .help("type_and_unit_test1", "Type specified in metadata overrides."),
            Self.sample(#"{__name__="go.gc_duration_seconds", quantile="0.5"}"#, 3),
            Self.sample(#"{__name__="null_byte_metric", a="abc\x00"}"#, 1),
        ]
        let got = try Self.render(input, .prometheusText)
        #expect(got == expected)
    }

    @Test("OpenMetrics: units, escapes in HELP, exemplars, _created, info/stateset, timestamps in seconds")
    func openMetrics() throws {
        let input = """
            # HELP go_gc_duration_seconds A summary of the GC invocation durations.
            # TYPE go_gc_duration_seconds summary
            # UNIT go_gc_duration_seconds seconds
            go_gc_duration_seconds{quantile="0"} 4.9351e-05
            go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05
            # HELP nohelp1\u{20}
            # HELP help2 escape \\ \\n \\\\ \\" \\x chars
            # UNIT nounit\u{20}
            go_gc_duration_seconds_count 99
            # TYPE go_goroutines gauge
            go_goroutines 33 123.123
            # TYPE hhh histogram
            hhh_bucket{le="+Inf"} 1 # {id="histogram-bucket-test"} 4
            hhh_count 1 # {id="histogram-count-test"} 4
            # TYPE ggh gaugehistogram
            ggh_bucket{le="+Inf"} 1 # {id="gaugehistogram-bucket-test",xx="yy"} 4 123.123
            # TYPE ii info
            ii{foo="bar"} 1
            # TYPE ss stateset
            ss{ss="foo"} 1
            # TYPE un unknown
            testmetric{label="\\"bar\\""} 1
            # TYPE foo counter
            foo_total 17.0 1520879607.789 # {id="counter-test"} 5
            foo_created 1520872607.123
            foo_total{a="b"} 17.0 1520879607.789 # {id="counter-test"} 5
            # TYPE fizz_created gauge
            fizz_created 17.0
            # TYPE baz histogram
            baz_bucket{le="0.0"} 0
            baz_bucket{le="1e3"} 17
            baz_created 1520872609.125
            # TYPE nan gauge
            nan NaN
            inf +Inf -1.5
            {"my.dotted.metric","label with space"="x"} 1
            # EOF
            """
        let expected: [Rendered] = [
            .help("go_gc_duration_seconds", "A summary of the GC invocation durations."),
            .type("go_gc_duration_seconds", .summary),
            .unit("go_gc_duration_seconds", "seconds"),
            Self.sample(#"{__name__="go_gc_duration_seconds", quantile="0.0"}"#, 4.9351e-05),
            Self.sample(#"{__name__="go_gc_duration_seconds", a="b", quantile="0.5"}"#, 8.3835e-05),
            .help("nohelp1", ""),
            .help("help2", "escape \\ \n \\ \" \\x chars"),
            .unit("nounit", ""),
            Self.sample(#"{__name__="go_gc_duration_seconds_count"}"#, 99),
            .type("go_goroutines", .gauge),
            Self.sample(#"{__name__="go_goroutines"}"#, 33, 123_123),
            .type("hhh", .histogram),
            Self.sample(#"{__name__="hhh_bucket", le="+Inf"}"#, 1),
            Self.sample(#"{__name__="hhh_count"}"#, 1),
            .type("ggh", .gaugeHistogram),
            Self.sample(#"{__name__="ggh_bucket", le="+Inf"}"#, 1),
            .type("ii", .info),
            Self.sample(#"{__name__="ii", foo="bar"}"#, 1),
            .type("ss", .stateset),
            Self.sample(#"{__name__="ss", ss="foo"}"#, 1),
            .type("un", .unknown),
            Self.sample(#"{__name__="testmetric", label="\"bar\""}"#, 1),
            .type("foo", .counter),
            Self.sample(#"{__name__="foo_total"}"#, 17, 1_520_879_607_789),
            Self.sample(#"{__name__="foo_total", a="b"}"#, 17, 1_520_879_607_789),
            .type("fizz_created", .gauge),
            Self.sample(#"{__name__="fizz_created"}"#, 17),
            .type("baz", .histogram),
            Self.sample(#"{__name__="baz_bucket", le="0.0"}"#, 0),
            Self.sample(#"{__name__="baz_bucket", le="1000.0"}"#, 17),
            .type("nan", .gauge),
            .sample(#"{__name__="nan"}"#, 0x7ff8_0000_0000_0001, nil),
            Self.sample(#"{__name__="inf"}"#, .infinity, -1500),
            Self.sample(#"{__name__="my.dotted.metric", "label with space"="x"}"#, 1),
        ]
        let got = try Self.render(input, .openMetrics)
        #expect(got == expected)
    }

    @Test("OpenMetrics _created series of counters, histograms and summaries are kept when asked")
    func createdSeriesKept() throws {
        let input = "# TYPE foo counter\nfoo_total 1\nfoo_created 1520872607.123\n# EOF\n"
        let got = try Self.render(input, .openMetrics, skipCreated: false)
        #expect(got.count == 3)
        #expect(got.last == Self.sample(#"{__name__="foo_created"}"#, 1_520_872_607.123))
        #expect(try Self.render(input, .openMetrics).count == 2)
    }

    @Test("the text format keeps _created lines (the rule is OpenMetrics')")
    func createdInTextFormat() throws {
        let got = try Self.render("# TYPE foo counter\nfoo_created 5\n", .prometheusText)
        #expect(got == [.type("foo", .counter), Self.sample(#"{__name__="foo_created"}"#, 5)])
    }

    @Test(
        "values follow Go's ParseFloat",
        arguments: [
            ("1", 1.0), ("-1", -1), ("+1.5", 1.5), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E-3", 0.001),
            ("Inf", .infinity), ("+inf", .infinity), ("-Inf", -.infinity), ("infinity", .infinity),
            ("-INFINITY", -.infinity), ("0.1", 0.1), ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1e-400", 0), ("4.9406564584124654e-324", .leastNonzeroMagnitude),
            ("0.30000000000000004", 0.30000000000000004),
            ("1.7976931348623157e308", 1.7976931348623157e308), ("-0", -0.0),
        ] as [(String, Double)])
    func values(text: String, value: Double) throws {
        let samples = try ExpositionParser.parseAll(Array("a \(text)\n".utf8), format: .prometheusText)
        #expect(samples.first?.value.bitPattern == value.bitPattern)
    }

    @Test("every NaN spelling becomes Prometheus's canonical NaN", arguments: ["NaN", "nan", "NAN"])
    func nan(text: String) throws {
        let samples = try ExpositionParser.parseAll(Array("a \(text)\n".utf8), format: .prometheusText)
        #expect(samples.first?.value.bitPattern == 0x7ff8_0000_0000_0001)
    }

    @Test(
        "malformed values are syntax errors",
        arguments: ["+nan", "inf1", "1e", "1e+", "--1", "1.2.3", "0x10", ".", "1,5", "true", "infinit"])
    func badValues(text: String) {
        let error = #expect(throws: ExpositionParseError.self) {
            _ = try ExpositionParser.parseAll(Array("a \(text)\n".utf8), format: .prometheusText)
        }
        #expect(error?.message.hasPrefix("strconv.ParseFloat: parsing ") == true)
    }

    @Test("label values keep unknown escapes and resolve \\n, \\\\ and \\\"")
    func escapes() throws {
        let samples = try ExpositionParser.parseAll(
            Array(#"a{b="x\ny\\z\"q\t"} 1"#.utf8), format: .prometheusText)
        #expect(samples.first?.labels["b"] == "x\ny\\z\"q\\t")
    }

    @Test("the text format's HELP resolves only \\\\ and \\n")
    func helpEscapes() throws {
        var parser = ExpositionParser(Array(#"# HELP a x\"y\\z\n"#.utf8) + [10], format: .prometheusText)
        #expect(try parser.next() == .help(metricFamily: "a", text: "x\\\"y\\z\n"))
    }

    @Test("a sample's series range covers exactly its name and labels")
    func seriesRange() throws {
        let text = "# TYPE a gauge\na{b=\"c\"} 1 1000\nd 2\n"
        var parser = ExpositionParser(Array(text.utf8), format: .prometheusText)
        var series: [String] = []
        while let entry = try parser.next() {
            if case .sample(let line) = entry { series.append(parser.text(line.series)) }
        }
        #expect(series == ["a{b=\"c\"}", "d"])
    }

    @Test("a body without a final newline parses in the text format")
    func noFinalNewline() throws {
        let samples = try ExpositionParser.parseAll(Array("a 1\nb 2".utf8), format: .prometheusText)
        #expect(samples.map(\.value) == [1, 2])
    }

    @Test("empty label values are dropped from the label set")
    func emptyValues() throws {
        let samples = try ExpositionParser.parseAll(Array("a{b=\"\",c=\"d\"} 1\n".utf8), format: .prometheusText)
        #expect(samples.first?.labels == ["__name__": "a", "c": "d"])
    }
}
