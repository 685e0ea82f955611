import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct ParserTests {
    @Test("operator precedence and associativity follow Prometheus", arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
        ("-2 ^ 2", "(- (^ 2 2))"),
        ("-2 * 3", "(* -2 3)"),
        ("- -2", "2"),
        ("+a", "(+ a)"),
        ("-a * b", "(* (- a) b)"),
        ("a * -b ^ c", "(* a (- (^ b c)))"),
        ("2 ^ -1 ^ 2", "(^ 2 (- (^ 1 2)))"),
        ("a or b and c", "(or a (and b c))"),
        ("a unless b or c", "(or (unless a b) c)"),
        ("a > b + c", "(> a (+ b c))"),
        ("a == bool b < c", "(< (== bool a b) c)"),
        ("a and b > c", "(and a (> b c))"),
        ("a % b atan2 c / d", "(/ (atan2 (% a b) c) d)"),
        ("a </ b + c", "(</ a (+ b c))"),
        ("(1 + 2) * 3", "(* [(+ 1 2)] 3)"),
        ("a + b offset 5m", "(+ a b offset 5m)"),
        ("-a offset 1m", "(- a offset 1m)"),
        ("a + b @ 10", "(+ a b @ 10.000)"),
        ("metric offset 100 + 2", "(+ metric offset 1m40s 2)"),
        ("metric offset -2 ^ 2", "(^ metric offset -2s 2)"),
        ("metric offset -2 * 2", "(* metric offset -2s 2)"),
        ("metric offset (100 + 2)", "metric offset (100 + 2)"),
        ("metric offset (2) * 2", "metric offset (2) * 2"),
        ("metric offset (2) * 2 + 1", "metric offset (2) * 2 + 1"),
        ("metric offset step() + 1", "(+ metric offset step() 1)"),
        ("metric offset -(min_of(step(), 1s))+8000", "(+ metric offset -(min_of(step(), 1s)) 8000)"),
        ("5m * 2", "(* 300s 2)"),
    ])
    func precedence(text: String, shape: String) throws {
        #expect(try PromQL.parse(text).shape == shape)
    }

    @Test("keywords that can be metric names are selectors where no construct can start", arguments: [
        ("sum", "sum"), ("by", "by"), ("offset", "offset"), ("and", "and"), ("step", "step"), ("start", "start"),
        ("anchored", "anchored"), ("min_of", "min_of"), ("sum{a=\"b\"}", "sum{a=\"b\"}"), ("fill + fill", "(+ fill fill)"),
        ("foo and and", "(and foo and)"), ("sum(sum)", "(sum sum)"),
    ])
    func keywordsAsNames(text: String, shape: String) throws {
        #expect(try PromQL.parse(text).shape == shape)
    }

    @Test("aggregations: grouping before or after, parameters", arguments: [
        ("sum by (job) (x)", "(sum by(job) x)"),
        ("sum(x) by (job, instance)", "(sum by(job,instance) x)"),
        ("sum without (a,) (x)", "(sum without(a) x)"),
        ("SUM BY () (x)", "(sum by() x)"),
        ("topk(3, x)", "(topk 3 x)"),
        ("count_values(\"v\", x) by (a)", "(count_values by(a) \"v\" x)"),
        ("quantile(0.9, rate(x[5m]))", "(quantile 0.9 (rate x[5m]))"),
        ("limitk(2, x)", "(limitk 2 x)"),
        ("limit_ratio(-0.5, x)", "(limit_ratio -0.5 x)"),
        ("sum by (\"foo.bar\", on, bool, and) (x)", "(sum by(foo.bar,on,bool,and) x)"),
    ])
    func aggregations(text: String, shape: String) throws {
        #expect(try PromQL.parse(text).shape == shape)
    }

    @Test("selectors build matchers, with the written name last")
    func selectorMatchers() throws {
        guard case .vectorSelector(let s) = try PromQL.parse(#"foo{a="b", c!="d", e=~"f.*", g!~'h',}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(s.name == "foo")
        #expect(s.matchers.map(\.description) == [#"a="b""#, #"c!="d""#, #"e=~"f.*""#, #"g!~"h""#, #"__name__="foo""#])
        #expect(s.matchers[2].matches("fxyz") && !s.matchers[2].matches("xf"))
        #expect(s.range == 0..<37)
    }

    @Test("a quoted name inside braces is a __name__ matcher, not a written name")
    func quotedName() throws {
        guard case .vectorSelector(let s) = try PromQL.parse(#"{"foo.bar", "a.b"="c"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(s.name == nil)
        #expect(s.matchers.map(\.description) == [#"__name__="foo.bar""#, #""a.b"="c""#])
    }

    @Test("offsets, @ and range modifiers land where Prometheus puts them")
    func modifiers() throws {
        guard case .vectorSelector(let v) = try PromQL.parse("foo offset -5m @ 1.2345") else {
            Issue.record("not a selector")
            return
        }
        #expect(v.offset == .literal(-300_000))
        #expect(v.at == .timestamp(1235))
        guard case .matrixSelector(let m) = try PromQL.parse("foo[5m] anchored @ end() offset 1h") else {
            Issue.record("not a range selector")
            return
        }
        #expect(m.window == .literal(300_000) && m.anchored && !m.smoothed)
        #expect(m.selector.at == .end && m.selector.offset == .literal(3_600_000))
        #expect(!m.selector.anchored)
        guard case .vectorSelector(let s) = try PromQL.parse("metric @ 100 smoothed") else {
            Issue.record("not a selector")
            return
        }
        #expect(s.smoothed && s.at == .timestamp(100_000))
        guard case .subquery(let q) = try PromQL.parse("rate(x[5m])[1h:] @ start() offset 0s") else {
            Issue.record("not a subquery")
            return
        }
        #expect(q.step == nil && q.at == .start && q.offset == nil && q.window == .literal(3_600_000))
    }

    @Test("duration expressions keep their structure; bare literals become plain durations", arguments: [
        ("x[5m]", DurationExpr.literal(300_000)),
        ("x[300]", .literal(300_000)),
        ("x[1.5]", .literal(1500)),
        ("x[(5m)]", .literal(300_000)),
        ("x[1h/2]", .binary(.divide, .literal(3_600_000), .number(2))),
        ("x[-5m+35m]", .binary(.add, .literal(-300_000), .literal(2_100_000))),
        ("x[-2^2]", .negate(.binary(.power, .number(2), .number(2)))),
        ("x[2m*(10+5)]", .binary(.multiply, .literal(120_000), .paren(.binary(.add, .number(10), .number(5))))),
        ("x[((step()))]", .paren(.step)),
        ("x[STep()+1ms]", .binary(.add, .step, .literal(1))),
        ("x[max_of(min_of(step()+1,1h),1ms)]", .maxOf(.minOf(.binary(.add, .step, .number(1)), .literal(3_600_000)), .literal(1))),
        ("x[range()]", .range),
    ])
    func durationExpressions(text: String, window: DurationExpr) throws {
        guard case .matrixSelector(let m) = try PromQL.parse(text) else {
            Issue.record("not a range selector")
            return
        }
        #expect(m.window == window)
    }

    @Test("offset duration expressions", arguments: [
        ("x offset (20*(7s % 4) + 8000ms)", DurationExpr.paren(.binary(.add, .binary(.multiply, .number(20), .paren(.binary(.modulo, .literal(7000), .number(4)))), .literal(8000)))),
        ("x offset -(1^2)", .negate(.paren(.binary(.power, .number(1), .number(2))))),
        ("x offset (-1^2)", .paren(.negate(.binary(.power, .number(1), .number(2))))),
        ("x offset -step()", .negate(.step)),
        ("x offset +min_of(step(), 1s)", .minOf(.step, .literal(1000))),
        ("x offset -(5m)", .literal(-300_000)),
        ("x offset 1h30m", .literal(5_400_000)),
    ])
    func offsetExpressions(text: String, offset: DurationExpr) throws {
        guard case .vectorSelector(let v) = try PromQL.parse(text) else {
            Issue.record("not a selector")
            return
        }
        #expect(v.offset == offset)
    }

    @Test("vector matching and fill modifiers")
    func matching() throws {
        guard case .binary(let b) = try PromQL.parse("a / on (x, y) group_left (z) fill_right (-Inf) fill_left (2) b"),
            let m = b.matching
        else {
            Issue.record("not a binary expression with matching")
            return
        }
        #expect(m.on && m.matchingLabels == ["x", "y"] && m.cardinality == .manyToOne && m.include == ["z"])
        #expect(m.fillLeft == 2 && m.fillRight == -.infinity)
        guard case .binary(let s) = try PromQL.parse("a and ignoring (x) b") else { return }
        #expect(s.matching?.cardinality == .manyToMany && s.matching?.on == false)
        guard case .binary(let f) = try PromQL.parse("a + fill(5m) b") else { return }
        #expect(f.matching?.fillLeft == 300 && f.matching?.fillRight == 300)
        guard case .binary(let scalar) = try PromQL.parse("1 + on () a") else { return }
        #expect(scalar.matching == nil)
        guard case .binary(let bool) = try PromQL.parse("1 > bool 2") else { return }
        #expect(bool.returnBool && bool.matching == nil && PromQL.parseType(bool) == .scalar)
    }

    @Test("numbers follow Go's ParseInt then ParseFloat", arguments: [
        ("0x1f", 31.0), ("010", 8), ("09", 9), ("1_000", 1000), ("1e3", 1000), (".5", 0.5), ("5.", 5),
        ("-Inf", -.infinity), ("inf", .infinity), ("1h", 3600), ("1e-3", 0.001), ("0x_1F", 31),
        ("99999999999999999999", 1e20),
    ])
    func numbers(text: String, value: Double) throws {
        guard case .number(let n) = try PromQL.parse(text) else {
            Issue.record("not a number")
            return
        }
        #expect(n.value == value)
    }

    @Test("static types", arguments: [
        ("1", ValueType.scalar), ("\"s\"", .string), ("x", .vector), ("x[5m]", .matrix), ("x[5m:]", .matrix),
        ("time()", .scalar), ("scalar(x)", .scalar), ("1 + x", .vector), ("1 + 2", .scalar), ("-x", .vector),
        ("(x[5m])", .matrix), ("sum(x)", .vector), ("start()", .scalar), ("min_of(1, step())", .scalar),
    ])
    func types(text: String, type: ValueType) throws {
        #expect(try PromQL.parse(text).type == type)
    }

    @Test("text ranges are UTF-8 byte offsets", arguments: [
        ("sum(rate(x[5m]))", 0..<16), ("  foo  ", 2..<5), ("foo{a=\"é\"} + 1", 0..<15),
        ("foo offset 5m", 0..<13), ("-1", 0..<2), ("(1)", 0..<3),
    ] as [(String, Range<Int>)])
    func ranges(text: String, range: Range<Int>) throws {
        #expect(try PromQL.parse(text).range == range)
    }

    @Test("parseSelector returns the matchers of a lone selector")
    func parseSelector() throws {
        #expect(try PromQL.parseSelector(#"up{job="a"}"#).map(\.description) == [#"job="a""#, #"__name__="up""#])
        #expect(try PromQL.parseSelector(#"{__name__=~"x.*"}"#).map(\.description) == [#"__name__=~"x.*""#])
        #expect(try PromQL.parseSelector("sum").map(\.description) == [#"__name__="sum""#])
        #expect(throws: ParseError.self) { try PromQL.parseSelector("up + 1") }
        #expect(throws: ParseError.self) { try PromQL.parseSelector("rate(up[5m])") }
        #expect(throws: ParseError.self) { try PromQL.parseSelector(#"{a=~"("}"#) }
    }
}

extension PromQL {
    /// Test shorthand: the static type of a binary expression.
    static func parseType(_ b: BinaryExpr) -> ValueType { Expr.binary(b).type }
}
