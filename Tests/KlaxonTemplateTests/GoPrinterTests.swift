import KlaxonModel
import Testing
@testable import KlaxonTemplate

/// Go's `fmt` behaviour as the `printf`, `print` and `println` template functions expose it.
@Suite struct GoPrinterTests {
    struct PrintfCase: Sendable, CustomTestStringConvertible {
        var format: String
        var args: [TemplateValue]
        var expected: String
        init(_ format: String, _ args: [TemplateValue], _ expected: String) {
            (self.format, self.args, self.expected) = (format, args, expected)
        }
        var testDescription: String { format }
    }

    static let integersCases: [PrintfCase] = [
        PrintfCase("%d|%v|%+d|% d", [.int(12345), .int(12345), .int(12345), .int(12345)], "12345|12345|+12345| 12345"),
        PrintfCase("%x|%#x|%X|%#X|%x", [.int(255), .int(255), .int(255), .int(255), .int(-255)], "ff|0xff|FF|0XFF|-ff"),
        PrintfCase("%o|%#o|%O|%b|%#b", [.int(8), .int(8), .int(8), .int(5), .int(5)], "10|010|0o10|101|0b101"),
        PrintfCase("%08d|%-8d|%.3d|%8.3d|%.0d", [.int(-12), .int(12), .int(7), .int(7), .int(0)], "-0000012|12      |007|     007|"),
        PrintfCase("%c|%q|%U|%#U|%c", [.int(65), .int(65), .int(0x1F600), .int(0x78), .int(0x110000)],
         "A|'A'|U+1F600|U+0078 'x'|\u{FFFD}"),
        PrintfCase("%d", [.int(200, type: .uint8)], "200"),
    ]

    @Test("integer verbs and flags", arguments: integersCases)
    func integers(_ c: PrintfCase) {
        #expect(GoPrinter.sprintf(c.format, c.args) == c.expected)
    }

    static let stringsCases: [PrintfCase] = [
        PrintfCase("%s|%10s|%-5s|%.2s", [.string("abc"), .string("abc"), .string("abc"), .string("abc")],
         "abc|       abc|abc  |ab"),
        PrintfCase("%q|%#q|%+q", [.string("a\"b"), .string("abc"), .string("é\n")], "\"a\\\"b\"|`abc`|\"\\u00e9\\n\""),
        PrintfCase("%x|% x|%#x|% #X", [.string("hi"), .string("hi"), .string("hi"), .string("hi")], "6869|68 69|0x6869|0X68 0X69"),
        PrintfCase("%s|%d", [.html("<b>"), .html("x")], "<b>|%!d(template.HTML=x)"),
        PrintfCase("%5.1s|", [.string("héllo")], "    h|"),
    ]

    @Test("string verbs and flags", arguments: stringsCases)
    func strings(_ c: PrintfCase) {
        #expect(GoPrinter.sprintf(c.format, c.args) == c.expected)
    }

    static let floatsCases: [PrintfCase] = [
        PrintfCase("%f|%.2f|%8.2f|%-8.2f|%+.2f", [.float(3.14159), .float(3.14159), .float(3.14159), .float(3.14159), .float(3.14159)],
         "3.141590|3.14|    3.14|3.14    |+3.14"),
        PrintfCase("%e|%E|%g|%G|%.3g", [.float(1234.5678), .float(1234.5678), .float(1234.5678), .float(1e-7), .float(1234.5678)],
         "1.234568e+03|1.234568E+03|1234.5678|1E-07|1.23e+03"),
        PrintfCase("%v|%v|%v|%v|%v|%v", [.float(1e6), .float(100_000), .float(123_456_789), .float(0.0001), .float(0.00001), .float(-0.0)],
         "1e+06|100000|1.23456789e+08|0.0001|1e-05|-0"),
        PrintfCase("%.0f|%.0f|%.0f|%.1f|%.2f", [.float(0.5), .float(1.5), .float(2.5), .float(0.05), .float(1.005)], "0|2|2|0.1|1.00"),
        PrintfCase("%05.1f|%#g|%#.3g|%10.4v", [.float(-1.5), .float(1), .float(1), .float(3.14159265)], "-01.5|1.00000|1.00|     3.142"),
        PrintfCase("%x|%x|%X|%b", [.float(1), .float(3.5), .float(-0.1), .float(1)],
         "0x1p+00|0x1.cp+01|-0X1.999999999999AP-04|4503599627370496p-52"),
        PrintfCase("%f|%+f|%5.2f|%-5f|%05f", [.float(.nan), .float(.nan), .float(.infinity), .float(-.infinity), .float(.infinity)],
         "NaN|+NaN| +Inf|-Inf | +Inf"),
        PrintfCase("%.20f|%.17g|%.0f|%g", [.float(0.1), .float(0.1), .float(1e23), .float(1e23)],
         "0.10000000000000000555|0.10000000000000001|99999999999999991611392|1e+23"),
        PrintfCase("%f|%.3g|%g", [.float(.leastNonzeroMagnitude), .float(.leastNonzeroMagnitude), .float(.leastNonzeroMagnitude)], "0.000000|4.94e-324|5e-324"),
        PrintfCase("%v|%.2f", [.complex(1, -2), .complex(0.5, 1)], "(1-2i)|(0.50+1.00i)"),
    ]

    @Test("float verbs, precisions and special values", arguments: floatsCases)
    func floats(_ c: PrintfCase) {
        #expect(GoPrinter.sprintf(c.format, c.args) == c.expected)
    }

    static let errorFormsCases: [PrintfCase] = [
        PrintfCase("%z|%d|%t", [.int(1), .bool(true), .string("x")], "%!z(int=1)|%!d(bool=true)|%!t(string=x)"),
        PrintfCase("%d %d", [.int(1)], "1 %!d(MISSING)"),
        PrintfCase("%d", [.int(1), .int(2), .string("x")], "1%!(EXTRA int=2, string=x)"),
        PrintfCase("100%", [], "100%!(NOVERB)"),
        PrintfCase("%[2]d %[1]d", [.int(1), .int(2)], "2 1"),
        PrintfCase("%[3]d", [.int(1)], "%!d(BADINDEX)"),
        PrintfCase("%*d|%-*d|%.*f", [.int(5), .int(1), .int(5), .int(1), .int(2), .float(3.14159)], "    1|1    |3.14"),
        PrintfCase("%*d", [.string("x"), .int(1)], "%!(BADWIDTH)1"),
        PrintfCase("%d|%s|%v", [.missing, .missing, .missing], "%!d(<nil>)|%!s(<nil>)|<nil>"),
        PrintfCase("%T %T %T %T %T", [.int(1), .string(""), .float(1), .missing, .labels(["a": "b"])],
         "int string float64 <nil> map[string]string"),
        PrintfCase("%5t|%v", [.bool(true), .bool(false)], " true|false"),
        PrintfCase("%5d", [.string("ab")], "%!d(string=   ab)"),
        PrintfCase("%!", [], "%!!(MISSING)"),
        PrintfCase("%%|%5%", [], "%|%"),
    ]

    @Test("error forms and argument handling", arguments: errorFormsCases)
    func errorForms(_ c: PrintfCase) {
        #expect(GoPrinter.sprintf(c.format, c.args) == c.expected)
    }

    static let compositesCases: [PrintfCase] = [
        PrintfCase("%v", [.labels(["b": "2", "a": "1"])], "map[a:1 b:2]"),
        PrintfCase("%v", [.list([.int(1), .string("a"), .bool(true), .missing])], "[1 a true <nil>]"),
        PrintfCase("%s", [.list([.int(1), .int(2)])], "[%!s(int=1) %!s(int=2)]"),
        PrintfCase("%d", [.labels(["a": "b"])], "map[%!d(string=a):%!d(string=b)]"),
        PrintfCase("%q", [.map(["k": .string("v"), "n": .int(1)])], "map[\"k\":\"v\" \"n\":'\\x01']"),
        PrintfCase("%v", [.sample(TemplateSample(labels: ["a": "b"], value: 1.5))], "&{map[a:b] 1.5}"),
        PrintfCase("%+v", [.sample(TemplateSample(labels: ["a": "b"], value: 2))], "&{Labels:map[a:b] Value:2}"),
        PrintfCase("%v|%s", [.int(90_000_000_000, type: .duration), .durationPointer(1_500_000)], "1m30s|1.5ms"),
        PrintfCase("%d", [.int(90_000_000_000, type: .duration)], "90000000000"),
        PrintfCase("%v", [.time(GoTime(seconds: 0, nanoseconds: 5), pointer: true)], "1970-01-01 00:00:00.000000005 +0000 UTC"),
    ]

    @Test("composite values", arguments: compositesCases)
    func composites(_ c: PrintfCase) {
        #expect(GoPrinter.sprintf(c.format, c.args) == c.expected)
    }

    @Test("Sprint puts spaces only between non-string operands; Sprintln always")
    func sprint() {
        #expect(GoPrinter.sprint([.int(1), .int(2), .string("a"), .string("b"), .int(3), .html("h"), .int(4)]) == "1 2ab3h4")
        #expect(GoPrinter.sprintln([.string("a"), .string("b"), .int(1)]) == "a b 1\n")
    }
}
