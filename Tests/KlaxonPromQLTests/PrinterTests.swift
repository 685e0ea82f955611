import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct PrinterTests {
    @Test("expressions print as Prometheus's String() does", arguments: [
        ("sum by(code) (x)", "sum by (code) (x)"),
        ("sum(x) BY (a, b)", "sum by (a, b) (x)"),
        ("sum by() (x)", "sum(x)"),
        ("sum without() (x)", "sum without () (x)"),
        ("sum(x) by (\"foo.bar\")", "sum by (\"foo.bar\") (x)"),
        ("topk(3, x)", "topk(3, x)"),
        ("count_values('v', x)", "count_values(\"v\", x)"),
        ("a + ignoring() b", "a + b"),
        ("a + on() b", "a + on () b"),
        ("a + on(x) group_left b", "a + on (x) group_left () b"),
        ("a > bool ignoring(y) group_right(z) b", "a > bool ignoring (y) group_right (z) b"),
        ("a AND b", "a and b"),
        ("a atan2 b", "a atan2 b"),
        ("a </ b", "a </ b"),
        ("a + fill(1) b", "a + fill (1) b"),
        ("a + fill_right(2) fill_left(-1) b", "a + fill_left (-1) fill_right (2) b"),
        ("a + fill(NaN) b", "a + fill_left (NaN) fill_right (NaN) b"),
        ("a + fill(1e30) b", "a + fill (1e+30) b"),
        ("foo{b=\"1\", a=\"2\"}", "foo{a=\"2\",b=\"1\"}"),
        ("{__name__=\"foo\"}", "{__name__=\"foo\"}"),
        ("foo{\"a.b\"=\"c\"}", "foo{\"a.b\"=\"c\"}"),
        ("foo offset 5m @ 1.2345", "foo @ 1.235 offset 5m"),
        ("foo @ -1", "foo @ -1.000"),
        ("foo[5m] offset -1h @ end()", "foo[5m] @ end() offset -1h"),
        ("x offset 1m smoothed", "x smoothed offset 1m"),
        ("rate(x[5m] anchored)", "rate(x[5m] anchored)"),
        ("foo[300]", "foo[5m]"),
        ("foo[90d]", "foo[90d]"),
        ("foo[14d]", "foo[2w]"),
        ("foo[365d]", "foo[1y]"),
        ("foo[1y1d]", "foo[366d]"),
        ("foo[1500ms]", "foo[1s500ms]"),
        ("x[1h/2:step()]", "x[1h / 2:step()]"),
        ("x[5m:] offset -(step())", "x[5m:] offset -(step())"),
        ("x offset (1m + 2)", "x offset (1m + 2)"),
        ("1e3", "1000"),
        ("0x1f", "31"),
        ("1e30", "1000000000000000000000000000000"),
        (".5", "0.5"),
        ("Inf", "+Inf"),
        ("-inf", "-Inf"),
        ("NaN", "NaN"),
        ("5m", "5m"),
        ("-5m", "-5m"),
        ("\"a\\nb\"", "\"a\\nb\""),
        ("'x\"y'", "\"x\\\"y\""),
        ("`raw\\`", "\"raw\\\\\""),
        ("-(x)", "-(x)"),
        ("+x", "+x"),
        ("- - x", "--x"),
        ("start() + x @ start()", "start() + x @ start()"),
        ("min_of(1, 2)", "min_of(1, 2)"),
    ])
    func printing(text: String, printed: String) throws {
        #expect(try PromQL.parse(text).description == printed)
    }

    @Test("duration expressions print with spaces around operators")
    func durationDescription() {
        #expect(DurationExpr.binary(.add, .literal(60_000), .number(1.5)).description == "1m + 1.5")
        #expect(DurationExpr.negate(.paren(.maxOf(.step, .range))).description == "-(max_of(step(), range()))")
        #expect(DurationExpr.literal(-1).description == "-1ms")
        #expect(DurationExpr.literal(0).description == "0s")
    }
}
