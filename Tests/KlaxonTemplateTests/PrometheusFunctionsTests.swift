import KlaxonModel
import Testing
@testable import KlaxonTemplate

/// Prometheus's template functions, checked against the outputs Prometheus's own tests pin down
/// (template/template_test.go), with Klaxon's own data where the value does not matter.
@Suite struct PrometheusFunctionsTests {
    static let querier = FixedQuerier(samples: [
        Sample(labels: ["__name__": "up", "instance": "b", "__value__": "strv"], t: 0, v: 21),
        Sample(labels: ["__name__": "up", "instance": "a"], t: 0, v: 11),
    ])
    static let queryContext = TemplateContext(
        time: 1_353_755_652_000, querier: querier, externalURL: TemplateExternalURL("http://testhost:9090/path/prefix"))

    @Test("query results: first, value, label, strvalue, sortByLabel", arguments: [
        ("{{ query \"up\" | first | value }}", "21"),
        ("{{ query \"up\" | first | label \"instance\" }}", "b"),
        ("{{ query \"up\" | first | label \"nope\" }}", ""),
        ("{{ query \"up\" | first | strvalue }}", "strv"),
        ("{{ $x := query \"up\" | first }}{{ $x.Labels.instance }}{{ $x.Labels.nope }}", "b"),
        ("{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}:{{ .Value }} {{ end }}", "a:11 b:21 "),
        ("{{ len (query \"up\") }}", "2"),
        ("{{ query \"up\" | first }}", "{map[__name__:up __value__:strv instance:b] 21}"),
    ])
    func queries(template: String, expected: String) {
        #expect(Run.expand(template, context: Self.queryContext) == expected)
    }

    @Test("query errors are reported as Go reports them", arguments: [
        (FixedQuerier(samples: []), "{{ query \"missing\" | first }}",
         "ERROR: error executing template test: template: test:1:21: executing \"test\" at <first>: error calling first: first() called on vector with no elements"),
        (FixedQuerier(samples: []), "{{ (query \"missing\").banana }}",
         "ERROR: error executing template test: template: test:1:10: executing \"test\" at <\"missing\">: can't evaluate field banana in type template.queryResult"),
        (FixedQuerier(failure: "query timed out in expression evaluation"), "{{ query \"up\" }}",
         "ERROR: error executing template test: template: test:1:3: executing \"test\" at <query \"up\">: error calling query: query timed out in expression evaluation"),
    ])
    func queryErrors(querier: FixedQuerier, template: String, expected: String) {
        let context = TemplateContext(time: 0, querier: querier)
        #expect(Run.expand(template, context: context) == expected)
    }

    @Test("query without a querier fails like a nil QueryFunc")
    func queryWithoutQuerier() {
        #expect(Run.expand("{{ query \"up\" }}", context: TemplateContext()) ==
            "ERROR: error executing template test: template: test:1:3: executing \"test\" at <query \"up\">: error calling query: runtime error: invalid memory address or nil pointer dereference")
    }

    static let humanizeCases: [(String, TemplateValue, String)] = [
        ("{{ range . }}{{ humanize . }}:{{ end }}", TemplateValue.floats([0, 1, 1_234_567, 0.12, 0.001234, -1234, 1e30]),
         "0:1:1.235M:120m:1.234m:-1.234k:1e+06Y:"),
        ("{{ range . }}{{ humanize . }}:{{ end }}", .strings(["0.0", "1.0", "1234567.0", ".12"]), "0:1:1.235M:120m:"),
        ("{{ range . }}{{ humanize . }}:{{ end }}", .ints([0, -1, 1, 1_234_567, Int64.max]), "0:-1:1:1.235M:9.223E:"),
        ("{{ range . }}{{ humanize1024 . }}:{{ end }}", .floats([0, 1, 1_048_576, 0.12]), "0:1:1Mi:0.12:"),
        ("{{ range . }}{{ humanize1024 . }}:{{ end }}", .ints([0, -1, 1, 1_234_567, Int64.max]), "0:-1:1:1.177Mi:8Ei:"),
        ("{{ range . }}{{ humanizeDuration . }}:{{ end }}",
         .floats([0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99]),
         "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:"),
        ("{{ range . }}{{ humanizeDuration . }}:{{ end }}", .floats([0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]),
         "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"),
        ("{{ range . }}{{ humanizeDuration . }}:{{ end }}", .ints([0, -1, 1, 1_234_567]), "0s:-1s:1s:14d 6h 56m 7s:"),
        ("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{ humanizeTimestamp . }}:{{ end }}",
         .floats([.infinity, -.infinity, .nan]), "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:"),
        ("{{ range . }}{{ humanize . }}:{{ end }}", .strings(["+Inf", "-Inf", "NaN"]), "+Inf:-Inf:NaN:"),
        ("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}",
         .missing, "-22.22%:0%:12.35%:123.5%"),
        ("{{ range . }}{{ humanizePercentage . }}:{{ end }}", .ints([0, -1, 1, 1_234_567, Int64.max]),
         "0%:-100%:100%:1.235e+08%:9.223e+20%:"),
        ("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", .ints([0, -1, 1, 1_234_567, 9_223_372_036]),
         "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"),
        ("{{ 1435065584.128 | humanizeTimestamp }}", TemplateValue.missing, "2015-06-23 13:19:44.128 +0000 UTC"),
        ("{{ \"1435065584.128\" | humanizeTimestamp }}", .missing, "2015-06-23 13:19:44.128 +0000 UTC"),
    ]

    @Test("humanize family", arguments: humanizeCases)
    func humanize(template: String, data: TemplateValue, expected: String) {
        #expect(Run.expand(template, data: data) == expected)
    }

    @Test("humanize argument errors", arguments: [
        ("{{ humanize \"one\" }}",
         "ERROR: error executing template test: template: test:1:3: executing \"test\" at <humanize \"one\">: error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax"),
        ("{{ \"one\" | humanizePercentage }}",
         "ERROR: error executing template test: template: test:1:11: executing \"test\" at <humanizePercentage>: error calling humanizePercentage: strconv.ParseFloat: parsing \"one\": invalid syntax"),
        ("{{ humanize true }}",
         "ERROR: error executing template test: template: test:1:3: executing \"test\" at <humanize true>: error calling humanize: can't convert bool to float"),
        ("{{ humanize nil }}",
         "ERROR: error executing template test: template: test:1:3: executing \"test\" at <humanize nil>: error calling humanize: can't convert <nil> to float"),
        ("{{ humanizeDuration \"1e999\" }}",
         "ERROR: error executing template test: template: test:1:3: executing \"test\" at <humanizeDuration \"1e999\">: error calling humanizeDuration: strconv.ParseFloat: parsing \"1e999\": value out of range"),
    ])
    func humanizeErrors(template: String, expected: String) {
        #expect(Run.expand(template) == expected)
    }

    @Test("humanizeTimestamp reports values that overflow nanoseconds")
    func timestampOverflow() {
        #expect(Run.expand("{{ range . }}{{ humanizeTimestamp . }}:{{ end }}", data: .ints([Int64.min, Int64.max])) ==
            "ERROR: error executing template test: template: test:1:16: executing \"test\" at <humanizeTimestamp .>: error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64")
    }

    @Test("time and duration values", arguments: [
        ("{{ (1435065584.128 | toTime).Format \"2006\" }}", "2015"),
        ("{{ (\"1435065584.128\" | toTime).Format \"2006-01-02T15:04:05.000Z07:00 Mon Jan _2 3PM\" }}",
         "2015-06-23T13:19:44.128Z Tue Jun 23 1PM"),
        ("{{ (1800 | toDuration).String }}", "30m0s"),
        ("{{ 1.5 | toDuration }} {{ 0.0000015 | toDuration }}", "1.5s 1.5µs"),
        ("{{ now }}", "1.353755652e+09"),
        ("{{ (now | toTime).Format \"Mon Jan 2 15:04:05 2006\" }}", "Sat Nov 24 11:14:12 2012"),
        ("{{ (\"-30m\" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }}", "1353753852000"),
        ("{{ now | toTime }}", "2012-11-24 11:14:12 +0000 UTC"),
        ("{{ (now | toTime).Month }} {{ (now | toTime).Weekday }} {{ (now | toTime).YearDay }}", "November Saturday 329"),
        ("{{ printf \"%0.2f\" (parseDuration \"1h2m10ms\") }} {{ printf \"%0.2f\" (parseDuration \"-1h2m10ms\") }}",
         "3720.01 -3720.01"),
        ("{{ (90 | toDuration).Minutes }} {{ humanizeDuration (90 | toDuration) }}", "1.5 ERROR"),
    ])
    func times(template: String, expected: String) {
        let out = Run.expand(template)
        if expected.hasSuffix("ERROR") {
            #expect(out.hasSuffix("error calling humanizeDuration: can't convert *time.Duration to float"))
        } else {
            #expect(out == expected)
        }
    }

    @Test("parseDuration errors", arguments: [
        ("1x", "unknown unit \"x\" in duration \"1x\""),
        ("m", "not a valid duration string: \"m\""),
        ("1m1h", "not a valid duration string: \"1m1h\""),
        ("", "empty duration string"),
        ("-", "empty duration string"),
        ("300y", "duration out of range"),
    ])
    func parseDurationErrors(text: String, message: String) {
        #expect(Run.expand("{{ parseDuration \(GoStrconv.quote(text)) }}").hasSuffix("error calling parseDuration: " + message))
    }

    @Test("strings, links and URLs", arguments: [
        ("{{ \"aa bb CC\" | title }}", "Aa Bb CC"),
        ("{{ \"hello-world foo_bar it's 3rd a.b a..b\" | title }}", "Hello-World Foo_bar It's 3Rd A.b A..B"),
        ("{{ \"aa bb CC ß\" | toUpper }} {{ \"aA bB CC Σ\" | toLower }}", "AA BB CC ß aa bb cc σ"),
        ("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}", "true false"),
        ("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", "xa"),
        ("{{ reReplaceAll \"(?P<host>[^:]+):(\\\\d+)\" \"${host} port $2$$\" \"node-1:9100\" }}", "node-1 port 9100$"),
        ("{{ reReplaceAll \"a*\" \"-\" \"baaac\" }}", "-b-c-"),
        ("{{ graphLink \"up == 0\" }}", "/graph?g0.expr=up+%3D%3D+0&g0.tab=0"),
        ("{{ tableLink \"up\" }}", "/graph?g0.expr=up&g0.tab=1"),
        ("{{ pathPrefix }} {{ externalURL }}", "/path/prefix http://testhost:9090/path/prefix"),
        ("{{ urlQueryEscape \"a b/c?\" }}", "a+b%2Fc%3F"),
        ("{{ \"<b>\" | safeHtml }}", "<b>"),
        ("{{ \"foo.example.com:12345\" | stripPort }} {{ \"[2001:0DB8::1]:12345\" | stripPort }} {{ \"[2001:0DB8::1]::12345\" | stripPort }}",
         "foo.example.com 2001:0DB8::1 [2001:0DB8::1]::12345"),
        ("{{ \"foo.example.com\" | stripDomain }} {{ \"foo.example.com:12345\" | stripDomain }} {{ \"192.0.2.1:12345\" | stripDomain }} {{ \"2001:0DB8::1\" | stripDomain }}",
         "foo foo:12345 192.0.2.1:12345 2001:0DB8::1"),
    ])
    func strings(template: String, expected: String) {
        #expect(Run.expand(template) == expected)
    }

    @Test("regular expression errors are worded as Go's regexp package words them", arguments: [
        ("{{ match \"(\" \"x\" }}", "error calling match: error parsing regexp: missing closing ): `(`"),
        ("{{ match \"a)\" \"x\" }}", "error calling match: error parsing regexp: unexpected ): `a)`"),
        ("{{ match \"[a\" \"x\" }}", "error calling match: error parsing regexp: missing closing ]: `[a`"),
        ("{{ match \"*\" \"x\" }}", "error calling match: error parsing regexp: missing argument to repetition operator: `*`"),
        ("{{ match \"a**\" \"x\" }}", "error calling match: error parsing regexp: invalid nested repetition operator: `**`"),
        ("{{ match \"\\\\q\" \"x\" }}", "error calling match: error parsing regexp: invalid escape sequence: `\\q`"),
        ("{{ match \"a{1001}\" \"x\" }}", "error calling match: error parsing regexp: invalid repeat count: `{1001}`"),
        ("{{ match \"[z-a]\" \"x\" }}", "error calling match: error parsing regexp: invalid character class range: `z-a`"),
        ("{{ match \"(?=a)\" \"x\" }}", "error calling match: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ("{{ reReplaceAll \"(\" \"x\" \"y\" }}",
         "error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"),
    ])
    func regexErrors(template: String, suffix: String) {
        let out = Run.expand(template)
        #expect(out.hasSuffix(suffix), "\(out)")
    }
}
