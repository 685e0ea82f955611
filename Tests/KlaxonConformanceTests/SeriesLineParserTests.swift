import KlaxonModel
import KlaxonPromQL
import Testing
@testable import KlaxonConformance

@Suite struct SeriesLineParserTests {
    @Test(
        "value items expand to positions",
        arguments: [
            ("m 1 2 3", [SeriesValue.value(1), .value(2), .value(3)]),
            ("m 1x4", Array(repeating: .value(1), count: 5)),
            ("m -2+4x3", [.value(-2), .value(2), .value(6), .value(10)]),
            ("m 1-2x4", [.value(1), .value(-1), .value(-3), .value(-5), .value(-7)]),
            ("m _ _x3 stale 4", [.omitted, .omitted, .omitted, .omitted, .stale, .value(4)]),
            ("m _x0 1", [.value(1)]),
            ("m .5 2. 1e3 1.78264E+50 +3", [.value(0.5), .value(2), .value(1000), .value(1.78264e50), .value(3)]),
            ("m Inf -Inf +inf", [.value(.infinity), .value(-.infinity), .value(.infinity)]),
            ("m 0x5", Array(repeating: .value(0), count: 6)),
            ("m", []),
            ("m\t1\t 2", [.value(1), .value(2)]),
        ] as [(String, [SeriesValue])])
    func expandsValues(line: String, expected: [SeriesValue]) throws {
        #expect(try SeriesLineParser.parse(line).values == expected)
    }

    @Test("NaN is a value, not a histogram or a gap")
    func nan() throws {
        let values = try SeriesLineParser.parse("m NaN nan").values
        #expect(values.count == 2)
        for v in values {
            guard case .value(let x) = v else {
                Issue.record("expected a float, got \(v)")
                continue
            }
            #expect(x.isNaN && !StaleMarker.isStale(x))
        }
    }

    @Test(
        "metric forms give the same label sets",
        arguments: [
            ("foo 1", ["__name__": "foo"]),
            ("foo{a=\"b\"} 1", ["__name__": "foo", "a": "b"]),
            ("{__name__=\"foo\", a='b'} 1", ["__name__": "foo", "a": "b"]),
            ("{\"foo.bar\", a=`b`} 1", ["__name__": "foo.bar", "a": "b"]),
            ("{} 1", [:]),
            ("{a=\"\"} 1", [:]),
            ("{a=\"x\\ty\\u00e9\",} 1", ["a": "x\ty\u{e9}"]),
            ("foo:bar_total{ a = \"NaN\" } 1", ["__name__": "foo:bar_total", "a": "NaN"]),
        ] as [(String, [String: String])])
    func labels(line: String, expected: [String: String]) throws {
        #expect(try SeriesLineParser.parse(line).labels == Labels(expected))
    }

    @Test("histogram literals are kept as text and can repeat")
    func histograms() throws {
        let line = try SeriesLineParser.parse("h {{schema:0 sum:5 count:4 buckets:[1 2 1]}}x2 _ {{}}+{{count:1}}x1")
        #expect(line.values.count == 6)
        #expect(line.values[0] == .histogram("schema:0 sum:5 count:4 buckets:[1 2 1]"))
        #expect(line.values[2] == line.values[0])
        #expect(line.values[3] == .omitted)
        #expect(line.values[4] == .histogram(""))
        guard case .histogram = line.values[5] else {
            Issue.record("expected a histogram")
            return
        }
    }

    @Test(
        "malformed lines are errors with an offset",
        arguments: [
            ("foo{a=~\"b\"} 1", 5),
            ("foo{a=\"b\" 1", 10),
            ("foo 1+2", 7),
            ("foo 1 x3", 6),
            ("foo abc", 4),
            ("foo 1_", 5),
            ("foo {{schema:0", 4),
            ("foo{a=\"b\"", 9),
            ("foo{a=\"b} 1", 6),
            ("foo{a=\"b\", a=\"c\"} 1", 0),
            ("foo{__name__=\"bar\"} 1", 0),
            ("= 1", 0),
            ("foo 1x", 6),
            ("foo 1x99999999999999999999", 6),
        ] as [(String, Int)])
    func rejects(line: String, offset: Int) {
        #expect(throws: LineError.self) { try SeriesLineParser.parse(line) }
        do {
            _ = try SeriesLineParser.parse(line)
        } catch {
            #expect(error.offset == offset, "\(error.message)")
        }
    }

    @Test(
        "start-timestamp sequences expand like values",
        arguments: [
            ("_ _ -30s-1mx2", [nil, nil, -30_000, -90_000, -150_000]),
            ("-1mx2 0 1ms _x2", [-60_000, -60_000, -60_000, 0, 1, nil, nil]),
            ("-59999ms +1m", [-59_999, 60_000]),
            ("0-1mx1", [0, -60_000]),
        ] as [(String, [Int64?])])
    func startTimestamps(text: String, expected: [Int64?]) throws {
        #expect(try SeriesLineParser.parseStartTimestamps(text) == expected)
    }

    @Test("bad start-timestamp items are errors", arguments: ["_x0", "1m+", "abc", "1mx", "1q"])
    func badStartTimestamps(text: String) {
        #expect(throws: LineError.self) { try SeriesLineParser.parseStartTimestamps(text) }
    }

    @Test("arbitrary bytes never trap the parser")
    func garbage() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("{}[]\"'`=,~!_x+-.eE019 \tabcstaleInfNaN\\:@")
        for _ in 0..<3000 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            _ = try? SeriesLineParser.parse(text)  // only the absence of a trap matters
            _ = try? SeriesLineParser.parseStartTimestamps(text)  // idem
        }
    }
}
