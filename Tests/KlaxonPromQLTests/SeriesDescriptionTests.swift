import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct SeriesDescriptionTests {
    static let stale = SeriesValue.stale

    @Test("values expand like Prometheus's ParseSeriesDesc", arguments: [
        ("{} 1 2 3", [1.0, 2, 3].map(SeriesValue.value)),
        ("m 1+2x3", [1.0, 3, 5, 7].map(SeriesValue.value)),
        ("m 5-1x2", [5.0, 4, 3].map(SeriesValue.value)),
        ("m -2+4x3", [-2.0, 2, 6, 10].map(SeriesValue.value)),
        ("m 1 -1 -3-10x2 7 +5", [1.0, -1, -3, -13, -23, 7, 5].map(SeriesValue.value)),
        ("m 3-0x2", [3.0, 3, 3].map(SeriesValue.value)),
        ("m 7x2", [7.0, 7, 7].map(SeriesValue.value)),
        ("m 1x0", [SeriesValue.value(1)]),
        ("m 1+1x0", [SeriesValue.value(1)]),
        ("m _ _x3 1", [.omitted, .omitted, .omitted, .omitted, .value(1)]),
        ("m stale 1 stale", [.stale, .value(1), .stale]),
        ("m .5 5. 1e3 1E-2 010", [0.5, 5, 1000, 0.01, 8].map(SeriesValue.value)),
        ("m 1.78264E+50", [SeriesValue.value(1.78264E+50)]),
        ("m Inf -Inf +inf", [SeriesValue.value(.infinity), .value(-.infinity), .value(.infinity)]),
        ("m 1 2 3    ", [1.0, 2, 3].map(SeriesValue.value)),
        ("m", []),
        ("m\t1\t2", [1.0, 2].map(SeriesValue.value)),
    ] as [(String, [SeriesValue])])
    func expansion(text: String, expected: [SeriesValue]) throws {
        let (_, values) = try PromQL.parseSeriesDescription(text)
        #expect(values == expected)
    }

    @Test("NaN values are NaN")
    func nanValues() throws {
        let (_, values) = try PromQL.parseSeriesDescription("m NaN nan -NaN")
        #expect(values.count == 3)
        for v in values {
            guard case .value(let x) = v else { Issue.record("not a value: \(v)"); continue }
            #expect(x.isNaN)
        }
    }

    @Test("a+bxn adds b step by step in float64, bit for bit like Prometheus")
    func accumulatesLikePrometheus() throws {
        let (_, values) = try PromQL.parseSeriesDescription("m 0+0.1x30")
        var expected: [SeriesValue] = []
        var v = 0.0
        for _ in 0...30 {
            expected.append(.value(v))
            v += 0.1  // accumulated, not 0 + k * 0.1
        }
        #expect(values == expected)
        #expect(values.last != .value(30 * 0.1))
    }

    @Test("labels come from the name and the braces", arguments: [
        ("{} 1", Labels()),
        ("my_metric 1", ["__name__": "my_metric"]),
        ("my_metric{} 1", ["__name__": "my_metric"]),
        ("my_metric{a=\"b\", c='d',} 1", ["__name__": "my_metric", "a": "b", "c": "d"]),
        ("{\"http.requests\", \"service.name\"=\"api\", group=\"canary\"}\t0+50x2",
         ["__name__": "http.requests", "service.name": "api", "group": "canary"]),
        ("sum{a=\"\\u70ac\"} 1", ["__name__": "sum", "a": "\u{70ac}"]),
        ("{__name__=\"x\", a=`raw\\n`} 1", ["__name__": "x", "a": "raw\\n"]),
    ] as [(String, Labels)])
    func labels(text: String, expected: Labels) throws {
        let (labels, _) = try PromQL.parseSeriesDescription(text)
        #expect(labels == expected)
    }

    @Test("histogram literals are kept as canonical text, with the right count", arguments: [
        ("{} {{}}", ["{{}}"]),
        ("{} {{ }}", ["{{}}"]),
        ("m {{schema:1  sum:0.3  count:3 buckets:[5 10  7  ] offset:-3 counter_reset_hint:gauge  }}",
         ["{{schema:1 sum:0.3 count:3 buckets:[5 10 7] offset:-3 counter_reset_hint:gauge}}"]),
        ("m {{buckets:[5 10 7] schema:1}}x2", Array(repeating: "{{buckets:[5 10 7] schema:1}}", count: 3)),
        ("m {{sum:1}}+{{sum:2}}x2 {{sum:-Inf}}", ["{{sum:1}}", "{{sum:1}}+1*{{sum:2}}", "{{sum:1}}+2*{{sum:2}}", "{{sum:-Inf}}"]),
        ("m {{count:5}}-{{count:1}}x1", ["{{count:5}}", "{{count:5}}-1*{{count:1}}"]),
        ("m 1 {{schema:-53 custom_values:[1 2] buckets:[1 2 3]}} _", []),
    ] as [(String, [String])])
    func histograms(text: String, expected: [String]) throws {
        let (_, values) = try PromQL.parseSeriesDescription(text)
        if expected.isEmpty {
            #expect(values.count == 3)
            #expect(values.first == .value(1) && values.last == .omitted)
        } else {
            #expect(values == expected.map(SeriesValue.histogram))
        }
    }

    @Test("every load line of the conformance scripts parses")
    func conformanceLoadLines() {
        var failures: [String] = []
        for s in ConformanceCorpus.series {
            do { _ = try PromQL.parseSeriesDescription(s.text) } catch { failures.append("\(s): \(error)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test("malformed descriptions are errors that point at the offending text", arguments: [
        ("{} 1+1", "1:7: parse error: unexpected end of input in series values"),
        ("m 1 3 _ 5 _a4", "1:12: parse error: unexpected \"a\" in series values"),
        ("m -3-3 -3", "1:7: parse error: unexpected \" \" in series values"),
        ("m -3 3+3x4-4", "1:11: parse error: unexpected \"-\" in series values"),
        ("m foo", "1:3: parse error: unexpected identifier \"foo\" in series values, expected number or \"stale\""),
        ("m 1x1.5", "1:5: parse error: invalid repetition in series values: strconv.ParseUint: parsing \"1.5\": invalid syntax"),
        ("m 1m", "1:3: parse error: bad number syntax: \"1\""),
        ("{\"http.requests\"xx} 0", "1:17: parse error: unexpected identifier \"xx\" in label set, expected \",\" or \"}\""),
        ("{\"http.requests\"=, x=\"y\"} 0", "1:18: parse error: unexpected \",\" in label set, expected string"),
        ("{\"http.requests} 0", "1:2: parse error: unterminated quoted string"),
        ("{} {{schema:1 schema:1}}", "1:1: parse error: duplicate key \"schema\" in histogram"),
        ("{} {{foo:1}}", "1:6: parse error: bad histogram descriptor found: \"foo\""),
        ("{} {{schema :1}}", "1:6: parse error: missing `:` for histogram descriptor"),
        ("{} {{schema: 1}}", "1:13: parse error: unexpected \" \" in series values"),
        ("{} {{buckets:[ 1]}}", "1:15: parse error: unexpected \" \" in series values"),
        ("{} {{counter_reset_hint:foo}}", "1:25: parse error: bad histogram descriptor found: \"foo\""),
        ("{} {{buckets:[5 10 7] schema:1}}+{{buckets:[1 2 3] schema:0}}x2",
         "1:63: parse error: error combining histograms: cannot merge from schema 0 to 1"),
    ])
    func errors(text: String, expected: String) {
        #expect(throws: ParseError.self) { try PromQL.parseSeriesDescription(text) }
        do {
            _ = try PromQL.parseSeriesDescription(text)
        } catch {
            #expect(error.description == expected)
            #expect(error.range.upperBound <= text.utf8.count)
        }
    }

    @Test("values alone expand like the values part of a description (promtool's values field)")
    func valuesOnly() throws {
        #expect(try PromQL.parseSeriesValues("0+10x2 _ stale") == [.value(0), .value(10), .value(20), .omitted, .stale])
        #expect(try PromQL.parseSeriesValues("") == [])
        #expect(throws: ParseError.self) { try PromQL.parseSeriesValues("1 + 2") }
    }
}
