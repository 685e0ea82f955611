import KlaxonModel
import Testing

@testable import KlaxonScrape

/// Error tables from Prometheus's `TestPromParseErrors`, `TestOpenMetricsParseErrors` and the NUL-byte tests:
/// the messages must match byte for byte.
@Suite struct ExpositionParserErrorTests {
    static func firstError(_ input: [UInt8], _ format: ScrapeFormat) -> ExpositionParseError? {
        var parser = ExpositionParser(input, format: format)
        do {
            while try parser.next() != nil {}
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "text format errors are worded like Prometheus's",
        arguments: [
            ("a", #"expected value after metric, got "\n" ("INVALID") while parsing: "a\n""#),
            ("a{b='c'} 1\n", #"expected label value, got "'" ("INVALID") while parsing: "a{b='""#),
            ("a{b=\n", #"expected label value, got "\n" ("INVALID") while parsing: "a{b=\n""#),
            ("a{b=\"\u{FFFD}\"} 1\n", ""),  // a valid non-ASCII value is fine
            (#"{"a", "b = "c"}"#, #"expected equal, got "c\"" ("LNAME") while parsing: "{\"a\", \"b = \"c\"""#),
            (#"{"a",b\nc="d"} 1"#, #"expected equal, got "\\" ("INVALID") while parsing: "{\"a\",b\\""#),
            ("a true\n", #"strconv.ParseFloat: parsing "true": invalid syntax while parsing: "a true""#),
            (
                "something_weird{problem=\"",
                #"expected label value, got "\"\n" ("INVALID") while parsing: "something_weird{problem=\"\n""#
            ),
            (
                "empty_label_name{=\"\"} 0",
                #"expected label name, got "=\"" ("EQUAL") while parsing: "empty_label_name{=\"""#
            ),
            ("{A}0", #"expected equal, got "}0" ("BCLOSE") while parsing: "{A}0""#),
            ("foo 1_2\n", #"unsupported character in float while parsing: "foo 1_2""#),
            ("foo 0x1p-3\n", #"unsupported character in float while parsing: "foo 0x1p-3""#),
            ("foo 0x1P-3\n", #"unsupported character in float while parsing: "foo 0x1P-3""#),
            ("foo 0 1_2\n", #"expected next entry after timestamp, got "_" ("INVALID") while parsing: "foo 0 1_""#),
            (#"{a="ok"} 1"#, #"metric name not set while parsing: "{a=\"ok\"} 1""#),
            ("# TYPE #\n#EOF\n", ##"expected metric name after TYPE, got "#" ("INVALID") while parsing: "# TYPE #""##),
            ("# HELP #\n#EOF\n", ##"expected metric name after HELP, got "#" ("INVALID") while parsing: "# HELP #""##),
            ("a{b=\u{0}\"ssss\"} 1\n", #"expected label value, got "\x00" ("INVALID") while parsing: "a{b=\x00""#),
            ("a{b=\"\u{0}", #"expected label value, got "\"\x00\n" ("INVALID") while parsing: "a{b=\"\x00\n""#),
            ("a{b\u{0}=\"hiih\"}\t1", #"expected equal, got "\x00" ("INVALID") while parsing: "a{b\x00""#),
            ("a\u{0}{b=\"ddd\"} 1", #"expected value after metric, got "\x00" ("INVALID") while parsing: "a\x00""#),
            ("a 0 1\u{0}", #"expected next entry after timestamp, got "\x00" ("INVALID") while parsing: "a 0 1\x00""#),
            ("null_byte_metric{a=\"abc\u{0}\"} 1", ""),
            ("a{b=\"\u{0}ss\"} 1\n", ""),
            ("# TYPE a gauges\n", #"invalid metric type "gauges""#),
            (
                "a 1 99999999999999999999\n",
                #"strconv.ParseInt: parsing "99999999999999999999": value out of range while parsing: "a 1 99999999999999999999""#
            ),
            ("a 1e400\n", #"strconv.ParseFloat: parsing "1e400": value out of range while parsing: "a 1e400""#),
            (
                "a{b=\"1\"}{c=\"2\"} 1\n",
                #"expected value after metric, got "{c" ("BOPEN") while parsing: "a{b=\"1\"}{c""#
            ),
            (#"a{"b",c="1"} 1"#, #"metric name already set while parsing: "a{\"b\",""#),
            ("a 1 -5\n", #"expected timestamp or new record, got "-" ("INVALID") while parsing: "a 1 -""#),
        ] as [(String, String)])
    func textFormatErrors(input: String, message: String) {
        let error = Self.firstError(Array(input.utf8), .prometheusText)
        #expect((error?.message ?? "") == message)
    }

    @Test("invalid UTF-8 is reported with Go's byte escapes")
    func invalidUTF8() {
        let name: [UInt8] = Array("a{".utf8) + [0xFF] + Array("=\"foo\"} 1\n".utf8)
        #expect(
            Self.firstError(name, .prometheusText)?.message
                == #"expected label name, got "\xff" ("INVALID") while parsing: "a{\xff""#)
        let value: [UInt8] = Array("a{b=\"".utf8) + [0xFF] + Array("\"} 1\n".utf8)
        #expect(Self.firstError(value, .prometheusText)?.message == #"invalid UTF-8 label value: "\"\xff\"""#)
        #expect(
            Self.firstError(value + Array("# EOF\n".utf8), .openMetrics)?.message
                == #"invalid UTF-8 label value: "\"\xff\"""#)
    }

    @Test(
        "OpenMetrics errors are worded like Prometheus's",
        arguments: [
            ("# EOF", ""),
            ("# EOF\n", ""),
            ("", "data does not end with # EOF"),
            ("\n", #"expected a valid start token, got "\n" ("INVALID") while parsing: "\n""#),
            ("metric", #"expected value after metric, got "metric" ("EOF") while parsing: "metric""#),
            ("metric 1", "data does not end with # EOF"),
            ("metric 1\n", "data does not end with # EOF"),
            ("metric_total 1 # {aa=\"bb\"} 4", "data does not end with # EOF"),
            ("a\n#EOF\n", #"expected value after metric, got "\n" ("INVALID") while parsing: "a\n""#),
            ("\n\n#EOF\n", #"expected a valid start token, got "\n" ("INVALID") while parsing: "\n""#),
            (" a 1\n#EOF\n", #"expected a valid start token, got " " ("INVALID") while parsing: " ""#),
            ("9\n#EOF\n", #"expected a valid start token, got "9" ("INVALID") while parsing: "9""#),
            ("# TYPE u untyped\n#EOF\n", #"invalid metric type "untyped""#),
            ("# TYPE c counter \n#EOF\n", #"invalid metric type "counter ""#),
            (
                "#  TYPE c counter\n#EOF\n",
                ##"expected a valid start token, got "#  " ("INVALID") while parsing: "#  ""##
            ),
            ("# TYPE \n#EOF\n", ##"expected metric name after TYPE, got "\n" ("INVALID") while parsing: "# TYPE \n""##),
            ("# TYPE m\n#EOF\n", "expected text in TYPE"),
            ("# UNIT metric suffix\n#EOF\n", #"unit "suffix" not a suffix of metric "metric""#),
            ("# UNIT metricsuffix suffix\n#EOF\n", #"unit "suffix" not a suffix of metric "metricsuffix""#),
            ("# UNIT m suffix\n#EOF\n", #"unit "suffix" not a suffix of metric "m""#),
            ("# UNIT \n#EOF\n", ##"expected metric name after UNIT, got "\n" ("INVALID") while parsing: "# UNIT \n""##),
            ("# UNIT m\n#EOF\n", "expected text in UNIT"),
            ("# HELP \n#EOF\n", ##"expected metric name after HELP, got "\n" ("INVALID") while parsing: "# HELP \n""##),
            ("# HELP m\n#EOF\n", "expected text in HELP"),
            ("a\t1\n#EOF\n", #"expected value after metric, got "\t" ("INVALID") while parsing: "a\t""#),
            ("a 1\t2\n#EOF\n", #"strconv.ParseFloat: parsing "1\t2": invalid syntax while parsing: "a 1\t2""#),
            (
                "a 1 2 \n#EOF\n",
                #"expected next entry after timestamp, got " \n" ("INVALID") while parsing: "a 1 2 \n""#
            ),
            (
                "a 1 2 #\n#EOF\n",
                #"expected next entry after timestamp, got " #\n" ("TIMESTAMP") while parsing: "a 1 2 #\n""#
            ),
            ("a 1 1z\n#EOF\n", #"strconv.ParseFloat: parsing "1z": invalid syntax while parsing: "a 1 1z""#),
            (" # EOF\n", #"expected a valid start token, got " " ("INVALID") while parsing: " ""#),
            ("# EOF\na 1", "unexpected data after # EOF"),
            ("# EOF\n\n", "unexpected data after # EOF"),
            ("# EOFa 1", "unexpected data after # EOF"),
            ("#\tTYPE c counter\n", ##"expected a valid start token, got "#\t" ("INVALID") while parsing: "#\t""##),
            ("# TYPE c  counter\n", #"invalid metric type " counter""#),
            (
                "a 1 1 1\n# EOF\n",
                #"expected next entry after timestamp, got " 1\n" ("TIMESTAMP") while parsing: "a 1 1 1\n""#
            ),
            ("a{b='c'} 1\n# EOF\n", #"expected label value, got "'" ("INVALID") while parsing: "a{b='""#),
            ("a{,b=\"c\"} 1\n# EOF\n", #"expected label name, got ",b" ("COMMA") while parsing: "a{,b""#),
            (
                "a{b=\"c\"d=\"e\"} 1\n# EOF\n",
                #"expected comma or brace close, got "d=" ("LNAME") while parsing: "a{b=\"c\"d=""#
            ),
            (
                "a{b=\"c\",,d=\"e\"} 1\n# EOF\n",
                #"expected label name, got ",d" ("COMMA") while parsing: "a{b=\"c\",,d""#
            ),
            ("a{b=\n# EOF\n", #"expected label value, got "\n" ("INVALID") while parsing: "a{b=\n""#),
            (
                "{\"a\",\"b = \"c\"}\n# EOF\n",
                #"expected equal, got "c\"" ("LNAME") while parsing: "{\"a\",\"b = \"c\"""#
            ),
            ("{\"a\",b\\nc=\"d\"} 1\n# EOF\n", #"expected equal, got "\\" ("INVALID") while parsing: "{\"a\",b\\""#),
            ("a true\n", #"strconv.ParseFloat: parsing "true": invalid syntax while parsing: "a true""#),
            (
                "something_weird{problem=\"\n# EOF\n",
                #"expected label value, got "\"\n" ("INVALID") while parsing: "something_weird{problem=\"\n""#
            ),
            (
                "empty_label_name{=\"\"} 0\n# EOF\n",
                #"expected label name, got "=\"" ("EQUAL") while parsing: "empty_label_name{=\"""#
            ),
            ("{A}0\n# EOF\n", #"expected equal, got "}0" ("BCLOSE") while parsing: "{A}0""#),
            ("foo 1_2\n\n# EOF\n", #"unsupported character in float while parsing: "foo 1_2""#),
            ("foo 0x1p-3\n\n# EOF\n", #"unsupported character in float while parsing: "foo 0x1p-3""#),
            ("foo 0 1_2\n\n# EOF\n", #"unsupported character in float while parsing: "foo 0 1_2""#),
            (
                "custom_metric_total 1 # {aa=bb}\n# EOF\n",
                #"expected label value, got "b" ("INVALID") while parsing: "custom_metric_total 1 # {aa=b""#
            ),
            (
                "custom_metric_total 1 # {aa=\"bb\"}\n# EOF\n",
                #"expected value after exemplar labels, got "\n" ("INVALID") while parsing: "custom_metric_total 1 # {aa=\"bb\"}\n""#
            ),
            (
                #"custom_metric_total 1 # {aa="bb"}"#,
                #"expected value after exemplar labels, got "}" ("EOF") while parsing: "custom_metric_total 1 # {aa=\"bb\"}""#
            ),
            (
                #"custom_metric_total 1 # {bb}"#,
                #"expected equal, got "}" ("BCLOSE") while parsing: "custom_metric_total 1 # {bb}""#
            ),
            (
                #"custom_metric_total 1 # {bb, a="dd"}"#,
                #"expected equal, got ", " ("COMMA") while parsing: "custom_metric_total 1 # {bb, ""#
            ),
            (
                #"custom_metric_total 1 # {aa="bb",,cc="dd"} 1"#,
                #"expected label name, got ",c" ("COMMA") while parsing: "custom_metric_total 1 # {aa=\"bb\",,c""#
            ),
            (
                #"custom_metric_total 1 # {aa="bb"} 1_2"#,
                #"unsupported character in float while parsing: "custom_metric_total 1 # {aa=\"bb\"} 1_2""#
            ),
            (
                #"custom_metric_total 1 # {aa="bb"} true"#,
                #"strconv.ParseFloat: parsing "true": invalid syntax while parsing: "custom_metric_total 1 # {aa=\"bb\"} true""#
            ),
            (
                #"custom_metric_total 1 # {aa="bb",cc=}"#,
                #"expected label value, got "}" ("INVALID") while parsing: "custom_metric_total 1 # {aa=\"bb\",cc=}""#
            ),
            (#"{b="c",} 1"#, #"metric name not set while parsing: "{b=\"c\",} 1""#),
            ("a 1 NaN", "invalid timestamp NaN"),
            ("a 1 -Inf", "invalid timestamp -Inf"),
            ("a 1 Inf", "invalid timestamp +Inf"),
            ("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 NaN", "invalid exemplar timestamp NaN"),
            ("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 -Inf", "invalid exemplar timestamp -Inf"),
            ("null_byte_metric{a=\"abc\u{0}\"} 1\n# EOF\n", ""),
            ("a{b=\"\u{0}\"} 1\n# EOF", ""),
            (
                "a{b=\u{0}\"ssss\"} 1\n# EOF\n",
                #"expected label value, got "\x00" ("INVALID") while parsing: "a{b=\x00""#
            ),
            ("a{b=\"\u{0}", #"expected label value, got "\"\x00" ("INVALID") while parsing: "a{b=\"\x00""#),
            ("a{b\u{0}=\"hiih\"}\t1", #"expected equal, got "\x00" ("INVALID") while parsing: "a{b\x00""#),
            ("a\u{0}{b=\"ddd\"} 1", #"expected value after metric, got "\x00" ("INVALID") while parsing: "a\x00""#),
            ("#", ##"expected a valid start token, got "#" ("INVALID") while parsing: "#""##),
            ("# H", ##"expected a valid start token, got "# H" ("INVALID") while parsing: "# H""##),
            (
                "custom_metric_total 1 # {b=\u{0}\"ssss\"} 1\n",
                #"expected label value, got "\x00" ("INVALID") while parsing: "custom_metric_total 1 # {b=\x00""#
            ),
            (
                "custom_metric_total 1 # {b=\"\u{0}ss\"} 1\n",
                #"expected label value, got "\"\x00" ("INVALID") while parsing: "custom_metric_total 1 # {b=\"\x00""#
            ),
        ] as [(String, String)])
    func openMetricsErrors(input: String, message: String) {
        let error = Self.firstError(Array(input.utf8), .openMetrics)
        #expect((error?.message ?? "") == message)
    }

    @Test(
        "errors carry the line and column of the offending token",
        arguments: [
            ("a 1\nb 2\nc{d=x} 3\n", ScrapeFormat.prometheusText, 3, 5),
            ("a 1\n  b true\n", .prometheusText, 2, 5),
            ("# HELP a x\n# TYPE a bogus\n", .prometheusText, 2, 10),
            ("é{ü=x} 1\n", .prometheusText, 1, 1),
            ("a{ü=\"1\"} 1\n", .prometheusText, 1, 3),
            ("a{b=\"ü\",c=x} 1\n", .prometheusText, 1, 11),
            ("a 1\n", .openMetrics, 2, 1),
            ("a 1\nb  2\n# EOF\n", .openMetrics, 2, 2),
        ] as [(String, ScrapeFormat, Int, Int)])
    func positions(input: String, format: ScrapeFormat, line: Int, column: Int) throws {
        let error = try #require(Self.firstError(Array(input.utf8), format))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.description.hasPrefix("\(line):\(column): "))
    }

    @Test("after an error every call throws the same error")
    func errorIsSticky() throws {
        var parser = ExpositionParser(Array("a 1\nb x\nc 3\n".utf8), format: .prometheusText)
        _ = try parser.next()
        let first = #expect(throws: ExpositionParseError.self) { _ = try parser.next() }
        let second = #expect(throws: ExpositionParseError.self) { _ = try parser.next() }
        #expect(first != nil)
        #expect(first == second)
    }
}
