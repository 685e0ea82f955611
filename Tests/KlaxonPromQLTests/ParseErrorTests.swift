import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct ParseErrorTests {
    static func error(_ text: String) -> ParseError? {
        do {
            _ = try PromQL.parse(text)
            return nil
        } catch {
            return error
        }
    }

    static func check(_ text: String, _ offset: Int, _ message: String) {
        guard let e = error(text) else {
            Issue.record("\(text.debugDescription) parsed without error")
            return
        }
        #expect(e.message == message, "\(text.debugDescription)")
        #expect(e.range.lowerBound == offset, "\(text.debugDescription): \(e.range)")
        #expect(e.range.upperBound <= text.utf8.count)
    }

    @Test("syntax errors", arguments: [
        ("", 0, "no expression found in input"),
        ("# just a comment\n", 0, "no expression found in input"),
        ("1+", 2, "unexpected end of input"),
        ("*1", 0, "unexpected <op:*>"),
        ("(1))", 4, "unexpected right parenthesis ')'"),
        ("((1)", 4, "unclosed left parenthesis"),
        ("foo bar", 4, "unexpected identifier \"bar\""),
        ("foo on", 4, "unexpected <on>"),
        ("1 2", 2, "unexpected number \"2\""),
        ("foo \"a long string\"", 4, "unexpected string \"\\\"a long st\"..."),
        ("a + group_left b", 4, "unexpected <group_left>"),
        ("sum(foo bar)", 8, "unexpected identifier \"bar\" in aggregation"),
        ("sum(rate(foo bar))", 13, "unexpected identifier \"bar\" in aggregation"),
        ("sum by", 6, "unexpected end of input in grouping opts, expected \"(\""),
        ("sum by (a b) (x)", 10, "unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
        ("sum by (1) (x)", 8, "unexpected number \"1\" in grouping opts, expected label"),
        ("sum by (without) (x)", 8, "unexpected <without> in grouping opts, expected label"),
        ("foo{a b}", 6, "unexpected identifier \"b\" in label matching, expected label matching operator"),
        ("foo{a=b}", 6, "unexpected identifier \"b\" in label matching, expected string"),
        ("foo{a=\"b\" c=\"d\"}", 10, "unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
        ("foo{,}", 4, "unexpected \",\" in label matching, expected identifier or \"}\""),
        ("foo offset bar", 11, "unexpected identifier \"bar\" in offset, expected number, duration, step(), or range()"),
        ("foo @ bar", 6, "unexpected identifier \"bar\" in @, expected timestamp"),
        ("foo[step]", 8, "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
        ("foo[5m,]", 6, "unexpected \",\" in subquery or range, expected \":\" or \"]\""),
        ("foo[5m:1m,]", 9, "unexpected \",\" in subquery selector, expected \"]\""),
        ("foo[5m:,]", 7, "unexpected \",\" in subquery selector, expected number, duration, step(), range(), or \"]\""),
        ("rate(foo[5m],", 13, "unclosed left parenthesis"),
    ])
    func syntax(text: String, offset: Int, message: String) {
        Self.check(text, offset, message)
    }

    @Test("errors found while parsing", arguments: [
        ("foo(1)", 0, "unknown function with name \"foo\""),
        ("RATE(x[5m])", 0, "unknown function with name \"RATE\""),
        ("rate(foo[5m],)", 12, "trailing commas not allowed in function call args"),
        ("foo[5m][5m]", 7, "ranges only allowed for vector selectors"),
        ("foo offset 5m [5m]", 14, "no offset modifiers allowed before range"),
        ("foo @ 1 [5m]", 8, "no @ modifiers allowed before range"),
        ("1 offset 5m", 0, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("sum(x) @ 1", 0, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("foo offset 1m offset 2m", 0, "offset may not be set multiple times"),
        ("foo @ 1 @ 2", 0, "@ <timestamp> may not be set multiple times"),
        ("foo @ Inf", 0, "timestamp out of bounds for @ modifier: +Inf"),
        ("foo @ 1e19", 0, "timestamp out of bounds for @ modifier: 10000000000000000000.000000"),
        ("foo @ -1e300", 0, "timestamp out of bounds for @ modifier: -1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"),
        ("sum()", 0, "no arguments for aggregate expression provided"),
        ("topk(x)", 0, "wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        ("sum(a, b)", 0, "wrong number of arguments for aggregate expression provided, expected 1, got 2"),
        ("foo[0s]", 4, "duration must be greater than 0"),
        ("foo[-5m]", 4, "duration must be greater than 0"),
        ("foo[5m/0]", 6, "division by zero"),
        ("foo offset (4d % 0)", 15, "modulo by zero"),
        ("foo[5y1hs]", 4, "unknown unit \"hs\" in duration \"5y1hs\""),
        ("foo[1m1h]", 4, "not a valid duration string: \"1m1h\""),
        ("foo[300y]", 4, "duration out of range"),
        ("x[5m:] anchored", 0, "anchored modifier is not supported for subqueries"),
        ("rate(x[5m]) smoothed", 0, "smoothed modifier not implemented"),
        ("x anchored smoothed", 0, "anchored and smoothed modifiers cannot be used together"),
        ("sum by (\"\") (x)", 8, "invalid label name for grouping: \"\""),
        ("999e999", 0, "error parsing number: strconv.ParseFloat: parsing \"999e999\": value out of range"),
    ])
    func parseTime(text: String, offset: Int, message: String) {
        Self.check(text, offset, message)
    }

    @Test("a regex that does not compile is a parse error over the matcher")
    func badRegex() {
        guard let e = Self.error(#"foo{a=~"("}"#) else {
            Issue.record("no error")
            return
        }
        #expect(e.range == 4..<10)
        #expect(!e.message.isEmpty)
    }

    @Test("type errors, as Prometheus's checkAST reports them", arguments: [
        ("rate(x)", 5, "expected type range vector in call to function \"rate\", got instant vector"),
        ("abs(x[5m])", 4, "expected type instant vector in call to function \"abs\", got range vector"),
        ("label_replace(x, 1, \"a\", \"b\", \"c\")", 17, "expected type string in call to function \"label_replace\", got scalar"),
        ("round()", 0, "expected at least 1 argument(s) in call to \"round\", got 0"),
        ("round(x, 1, 2)", 0, "expected at most 2 argument(s) in call to \"round\", got 3"),
        ("time(1)", 0, "expected 0 argument(s) in call to \"time\", got 1"),
        ("histogram_quantiles(x, \"q\")", 0, "expected at least 3 argument(s) in call to \"histogram_quantiles\", got 2"),
        ("info(x, y)", 8, "expected label selectors only, got vector selector instead"),
        ("info(x, y[5m])", 0, "expected type instant vector in call to function \"info\", got range vector"),
        ("info(x, -{a=\"b\"})", 8, "expected label selectors only"),
        ("info(x, rate(y[5m]))", 8, "expected label selectors only"),
        ("x[5m] + 1", 0, "binary expression must contain only scalar and instant vector types"),
        ("1 + x[5m]", 4, "binary expression must contain only scalar and instant vector types"),
        ("1 and 2", 0, "set operator \"and\" not allowed in binary scalar expression"),
        ("x OR 1", 0, "set operator \"or\" not allowed in binary scalar expression"),
        ("x + on(a) 1", 0, "vector matching only allowed between instant vectors"),
        ("x + bool y", 2, "bool modifier can only be used on comparison operators"),
        ("1 >   2", 2, "comparisons between scalars must use BOOL modifier"),
        ("x and on(a) group_left y", 0, "no grouping allowed for \"and\" operation"),
        ("x + on(a) group_left(a) y", 2, "label \"a\" must not occur in ON and GROUP clause at once"),
        ("x and fill(1) y", 0, "filling in missing series not allowed for set operators"),
        ("1 + fill(1) x", 0, "filling in missing series only allowed between instant vectors"),
        ("{}", 0, "vector selector must contain at least one non-empty matcher"),
        ("{a=\"\", b=~\".*\", c!~\".+\"}", 0, "vector selector must contain at least one non-empty matcher"),
        ("foo{__name__=\"bar\"}", 0, "metric name must not be set twice: \"foo\" or \"bar\""),
        ("sum(x[5m])", 4, "expected type instant vector in aggregation expression, got range vector"),
        ("topk(\"a\", x)", 5, "expected type scalar in aggregation parameter, got string"),
        ("count_values(1, x)", 13, "expected type string in aggregation parameter, got scalar"),
        ("-x[5m]", 0, "unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""),
        ("x[5m][5m:]", 0, "subquery is only allowed on instant vector, got matrix instead"),
        ("\"a\" + 1", 0, "binary expression must contain only scalar and instant vector types"),
        ("sum(rate(x)) by (job)", 9, "expected type range vector in call to function \"rate\", got instant vector"),
    ])
    func types(text: String, offset: Int, message: String) {
        Self.check(text, offset, message)
    }

    @Test("the first error wins: an unknown function is reported even when a syntax error follows")
    func firstErrorWins() {
        #expect(Self.error("foo(1) +")?.message == "unknown function with name \"foo\"")
        #expect(Self.error("rate(x) +")?.message == "unexpected end of input")
    }

    @Test("description gives line and column like Prometheus")
    func description() {
        #expect(Self.error("foo +\n  bar baz")?.description == "2:7: parse error: unexpected identifier \"baz\"")
        #expect(Self.error("sum(x) by (job 1")?.description == "1:16: parse error: unexpected number \"1\" in grouping opts, expected \",\" or \")\"")
    }
}
