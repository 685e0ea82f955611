import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct LexerTests {
    /// All tokens up to the end of input, as `kind:text` strings.
    static func lex(_ text: String) throws(ParseError) -> [String] {
        var lexer = Lexer(text)
        var out: [String] = []
        while true {
            let tok = try lexer.next()
            if tok.kind == .endOfInput { return out }
            out.append("\(Self.name(tok.kind)):\(tok.text)")
        }
    }

    static func name(_ kind: Token.Kind) -> String {
        switch kind {
        case .number: "num"
        case .duration: "dur"
        case .string: "str"
        case .identifier: "id"
        case .metricIdentifier: "mid"
        case .binaryOperator: "op"
        case .aggregator: "agg"
        case .keyword: "kw"
        case .assign, .regexMatch, .regexNoMatch: "match"
        default: "punct"
        }
    }

    @Test("numbers", arguments: [
        ("1", ["num:1"]), ("0x1f", ["num:0x1f"]), ("0X1F", ["num:0X1F"]), ("1e3", ["num:1e3"]),
        ("1.5E-3", ["num:1.5E-3"]), (".5", ["num:.5"]), ("5.", ["num:5."]), ("1_000", ["num:1_000"]),
        ("Inf", ["num:Inf"]), ("-inF", ["op:-", "num:inF"]), ("NaN", ["num:NaN"]), ("nan", ["num:nan"]),
        ("010", ["num:010"]), ("2 .3", ["num:2", "num:.3"]),
    ])
    func numbers(text: String, tokens: [String]) throws {
        #expect(try Self.lex(text) == tokens)
    }

    @Test("durations", arguments: [
        ("5m", ["dur:5m"]), ("1h30m", ["dur:1h30m"]), ("250ms", ["dur:250ms"]), ("2w", ["dur:2w"]),
        ("1y2w3d4h5m6s7ms", ["dur:1y2w3d4h5m6s7ms"]), ("5m+1", ["dur:5m", "op:+", "num:1"]),
        ("1.5h", ["dur:1.5h"]),
    ])
    func durations(text: String, tokens: [String]) throws {
        #expect(try Self.lex(text) == tokens)
    }

    @Test("strings keep their quotes in the token and unescape Go escapes", arguments: [
        (#""a\"b""#, "a\"b"), (#"'a\'b'"#, "a'b"), ("`a\\nb`", "a\\nb"),
        (#""\a\b\f\n\r\t\v\\""#, "\u{07}\u{08}\u{0C}\n\r\t\u{0B}\\"),
        (#""\x41\101\u00e9\U0001F600""#, "AAé😀"), (#""\xc3\xa9""#, "é"), (#""é""#, "é"),
    ])
    func strings(text: String, value: String) throws {
        #expect(try Self.lex(text) == ["str:\(text)"])
        #expect(StringUnquoting.unquote(text) == value)
    }

    @Test("keywords, aggregators and word operators are case-insensitive", arguments: [
        ("sum BY without ON Ignoring group_left GROUP_RIGHT bool OFFSET", [
            "agg:sum", "kw:BY", "kw:without", "kw:ON", "kw:Ignoring", "kw:group_left", "kw:GROUP_RIGHT", "kw:bool",
            "kw:OFFSET",
        ]),
        ("AND or Unless atan2", ["op:AND", "op:or", "op:Unless", "op:atan2"]),
        ("anchored smoothed start end", ["kw:anchored", "kw:smoothed", "kw:start", "kw:end"]),
        ("count_values limitk limit_ratio", ["agg:count_values", "agg:limitk", "agg:limit_ratio"]),
        ("foo:bar :x foo_1", ["mid:foo:bar", "mid::x", "id:foo_1"]),
    ])
    func words(text: String, tokens: [String]) throws {
        #expect(try Self.lex(text) == tokens)
    }

    @Test("fill keywords need a following parenthesis, so fill stays usable as a metric name", arguments: [
        ("fill + fill", ["id:fill", "op:+", "id:fill"]),
        ("fill (1)", ["kw:fill", "punct:(", "num:1", "punct:)"]),
        ("fill_left(1) fill_right", ["kw:fill_left", "punct:(", "num:1", "punct:)", "id:fill_right"]),
    ])
    func fill(text: String, tokens: [String]) throws {
        #expect(try Self.lex(text) == tokens)
    }

    @Test("operators", arguments: [
        ("+ - * / % ^ == != < > <= >= </ >/ @", [
            "op:+", "op:-", "op:*", "op:/", "op:%", "op:^", "op:==", "op:!=", "op:<", "op:>", "op:<=", "op:>=",
            "op:</", "op:>/", "punct:@",
        ])
    ])
    func operators(text: String, tokens: [String]) throws {
        #expect(try Self.lex(text) == tokens)
    }

    @Test("inside braces keywords are identifiers and matchers are tokens")
    func braces() throws {
        #expect(
            try Self.lex(#"{by="a", sum!="b",on=~"c" , x!~'d', "q.r"}"#) == [
                "punct:{", "id:by", "match:=", #"str:"a""#, "punct:,", "id:sum", "op:!=", #"str:"b""#, "punct:,",
                "id:on", "match:=~", #"str:"c""#, "punct:,", "id:x", "match:!~", "str:'d'", "punct:,", #"str:"q.r""#,
                "punct:}",
            ])
    }

    @Test("inside brackets: durations, duration keywords in any case, colon")
    func brackets() throws {
        #expect(
            try Self.lex("x[5m:STEP()] y[1h/2]") == [
                "id:x", "punct:[", "dur:5m", "punct::", "kw:STEP", "punct:(", "punct:)", "punct:]", "id:y", "punct:[",
                "dur:1h", "op:/", "num:2", "punct:]",
            ])
    }

    @Test("comments are skipped")
    func comments() throws {
        #expect(try Self.lex("foo # comment\n+ 1 # end") == ["id:foo", "op:+", "num:1"])
        #expect(try Self.lex("{a=\"b\" # c\n}") == ["punct:{", "id:a", "match:=", #"str:"b""#, "punct:}"])
    }

    @Test("lexical errors use Prometheus's wording and point at the token", arguments: [
        (".", 0, "unexpected character: '.'"),
        ("2.5.", 0, "bad number or duration syntax: \"2.5.\""),
        ("100..4", 0, "bad number or duration syntax: \"100..\""),
        ("0deadbeef", 0, "bad number or duration syntax: \"0de\""),
        ("0xee", 0, "bad number or duration syntax: \"0xee\""),
        ("=~", 0, "unexpected character after '=': '~'"),
        ("!a", 0, "unexpected character after '!': 'a'"),
        ("a ! b", 2, "unexpected character after '!': ' '"),
        ("\"abc", 0, "unterminated quoted string"),
        ("\"a\nb\"", 0, "unterminated quoted string"),
        ("`abc", 0, "unterminated raw string"),
        (#""\q""#, 0, "unknown escape sequence U+0071 'q'"),
        (#""\xZZ""#, 0, "illegal character U+005A 'Z' in escape sequence"),
        (#""\uD800""#, 0, "escape sequence is an invalid Unicode code point"),
        (#""\400""#, 0, "escape sequence is an invalid Unicode code point"),
        ("{a=\"b\" {", 7, "unexpected left brace '{'"),
        ("{a=\"b\" $", 7, "unexpected character inside braces: '$'"),
        ("{a=\"b\"", 6, "unexpected end of input inside braces"),
        ("{a!b}", 2, "unexpected character after '!' inside braces: 'b'"),
        ("x[5m", 4, "unclosed left bracket"),
        ("x[", 2, "unexpected end of input in duration expression"),
        ("x[:5m]", 3, "unexpected colon before duration in duration expression"),
        ("x[5m [", 5, "unexpected left bracket '['"),
        ("x]", 1, "unexpected right bracket ']'"),
        ("x[5m x]", 5, "unexpected character: 'x', expected ':'"),
        ("x[foo]", 2, "unexpected character in duration expression: 'f'"),
        ("(1", 2, "unclosed left parenthesis"),
        ("1)", 2, "unexpected right parenthesis ')'"),
        ("é", 0, "unexpected character: 'é'"),
        ("}", 0, "unexpected character: '}'"),
    ])
    func errors(text: String, offset: Int, message: String) {
        do {
            _ = try Self.lex(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.message == message)
            #expect(error.range.lowerBound == offset)
            #expect(error.range.upperBound == text.utf8.count)
        }
    }
}
