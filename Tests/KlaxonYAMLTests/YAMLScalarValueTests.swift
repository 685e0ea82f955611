import Testing

@testable import KlaxonYAML

@Suite struct YAMLScalarValueTests {
    private func plain(_ text: String, _ dialect: YAMLDialect) -> YAMLScalarValue {
        YAMLScalarValue.resolve(YAMLScalar(value: text, style: .plain), dialect: dialect)
    }

    /// Both dialects agree on everything except the YAML 1.1 boolean words.
    @Test(
        "plain scalars resolve as Go's decoders resolve them",
        arguments: [
            ("", YAMLScalarValue.null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
            ("nULL", .string("nULL")),
            ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)), ("tRUE", .string("tRUE")),
            ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
            ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+5", .int(5)), ("1_000", .int(1000)),
            ("1__", .int(1)), ("0x1F", .int(31)), ("0X1f", .int(31)), ("-0x10", .int(-16)), ("0o17", .int(15)),
            ("0O17", .int(15)), ("017", .int(15)), ("-017", .int(-15)), ("0b101", .int(5)), ("-0b11", .int(-3)),
            ("08", .float(8)), ("0x", .string("0x")), ("0xG", .string("0xG")), ("_1", .string("_1")),
            ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
            ("9223372036854775808", .uint(9_223_372_036_854_775_808)),
            ("18446744073709551615", .uint(UInt64.max)),
            ("18446744073709551616", .float(18_446_744_073_709_551_616)),
            ("1.5", .float(1.5)), ("-1.5", .float(-1.5)), ("1.", .float(1)), (".5", .float(0.5)),
            ("+.5", .float(0.5)), ("1e3", .float(1000)), ("1E-2", .float(0.01)), ("1_0.5", .float(10.5)),
            ("1e400", .string("1e400")), ("1e-400", .float(0)), ("1.2.3", .string("1.2.3")), (".", .string(".")),
            (".e5", .string(".e5")),
            (".inf", .float(.infinity)), (".Inf", .float(.infinity)), (".INF", .float(.infinity)),
            ("+.inf", .float(.infinity)), ("-.inf", .float(-.infinity)), ("-.Inf", .float(-.infinity)),
            (".nan", .float(.nan)), (".NaN", .float(.nan)), (".NAN", .float(.nan)), (".iNf", .string(".iNf")),
            ("inf", .string("inf")), ("NaN", .string("NaN")), ("0x1p3", .string("0x1p3")),
            ("2001-12-14", .timestamp("2001-12-14")), ("2001-1-2", .timestamp("2001-1-2")),
            ("2001-12-14T21:59:43.10-05:00", .timestamp("2001-12-14T21:59:43.10-05:00")),
            ("2001-12-14t21:59:43Z", .timestamp("2001-12-14t21:59:43Z")),
            ("2001-12-14 21:59:43.10", .timestamp("2001-12-14 21:59:43.10")),
            ("2001-02-30", .string("2001-02-30")), ("2001-12-14T21:59:43", .string("2001-12-14T21:59:43")),
            ("12-14", .string("12-14")), ("5m", .string("5m")), ("up == 0", .string("up == 0")),
            ("<<", .string("<<")),
        ])
    func plainScalars(text: String, expected: YAMLScalarValue) {
        #expect(plain(text, .goYAMLv3) == expected)
        #expect(plain(text, .goYAMLv2) == expected)
    }

    @Test(
        "yaml.v2 resolves the YAML 1.1 boolean words, yaml.v3 leaves them strings",
        arguments: [
            ("y", true), ("Y", true), ("yes", true), ("Yes", true), ("YES", true), ("on", true), ("On", true),
            ("ON", true), ("n", false), ("N", false), ("no", false), ("No", false), ("NO", false),
            ("off", false), ("Off", false), ("OFF", false),
        ])
    func yaml11Booleans(text: String, value: Bool) {
        #expect(plain(text, .goYAMLv2) == .bool(value))
        #expect(plain(text, .goYAMLv3) == .string(text))
    }

    @Test("mixed-case 1.1 words are strings in both dialects", arguments: ["yES", "oN", "nO", "oFF", "yEs"])
    func mixedCase(text: String) {
        #expect(plain(text, .goYAMLv2) == .string(text))
        #expect(plain(text, .goYAMLv3) == .string(text))
    }

    @Test(
        "quoted and block scalars are always strings",
        arguments: YAMLScalarStyle.allCases.filter { $0 != .plain })
    func quotedAreStrings(style: YAMLScalarStyle) {
        for text in ["true", "42", "~", "", ".inf", "yes"] {
            let value = YAMLScalarValue.resolve(YAMLScalar(value: text, style: style), dialect: .goYAMLv2)
            #expect(value == .string(text))
        }
    }

    @Test("explicit tags decide: !!str keeps text, !!float turns ints into floats, custom tags keep text")
    func explicitTags() {
        let five = YAMLScalar(value: "5", style: .plain)
        #expect(YAMLScalarValue.resolve(five, tag: "tag:yaml.org,2002:str", dialect: .goYAMLv3) == .string("5"))
        #expect(YAMLScalarValue.resolve(five, tag: "tag:yaml.org,2002:float", dialect: .goYAMLv3) == .float(5))
        #expect(YAMLScalarValue.resolve(five, tag: "tag:yaml.org,2002:int", dialect: .goYAMLv3) == .int(5))
        #expect(YAMLScalarValue.resolve(five, tag: "!custom", dialect: .goYAMLv3) == .string("5"))
        let quoted = YAMLScalar(value: "5", style: .doubleQuoted)
        #expect(YAMLScalarValue.resolve(quoted, tag: "tag:yaml.org,2002:int", dialect: .goYAMLv3) == .int(5))
    }

    @Test("resolved values name the tag Go prints")
    func tags() {
        #expect(YAMLScalarValue.null.tag == "!!null")
        #expect(YAMLScalarValue.bool(true).tag == "!!bool")
        #expect(YAMLScalarValue.int(1).tag == "!!int")
        #expect(YAMLScalarValue.uint(1).tag == "!!int")
        #expect(YAMLScalarValue.float(1).tag == "!!float")
        #expect(YAMLScalarValue.timestamp("2001-1-1").tag == "!!timestamp")
        #expect(YAMLScalarValue.string("x").tag == "!!str")
    }

    @Test("nodes resolve through their parsed style and tag")
    func throughNodes() throws {
        let root = try #require(try YAML.parse("a: 1\nb: '1'\nc: !!str 1\nd: [1]\ne:\n", file: "f.yaml"))
        #expect(root["a"]?.resolved() == .int(1))
        #expect(root["b"]?.resolved() == .string("1"))
        #expect(root["c"]?.resolved() == .string("1"))
        #expect(root["d"]?.resolved() == nil)
        #expect(root["e"]?.isNull == true)
        #expect(root["b"]?.isNull == false)
    }
}
