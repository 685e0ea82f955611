import Testing
@testable import KlaxonTemplate

@Suite struct GoFloatFormatTests {
    @Test("strconv.FormatFloat forms", arguments: [
        (1234.5678, "e", 3, "1.235e+03"), (1234.5678, "f", -1, "1234.5678"), (1e21, "g", -1, "1e+21"),
        (0.000012345, "g", 3, "1.23e-05"), (123456.0, "g", -1, "123456"), (1234567.0, "g", -1, "1.234567e+06"),
        (100.0, "g", 4, "100"), (0.12, "g", 4, "0.12"), (12345.0, "g", 4, "1.234e+04"), (0.0, "e", 2, "0.00e+00"),
        (-0.0, "g", -1, "-0"), (2.5, "f", 0, "2"), (3.5, "f", 0, "4"), (9.9999, "f", 2, "10.00"), (0.0625, "f", 3, "0.062"),
        (Double(bitPattern: 2024), "g", -1, "1e-320"),  // 1e-320, a subnormal (1.7976931348623157e308, "g", -1, "1.7976931348623157e+308"),
        (1.7976931348623157e308, "e", 20, "1.79769313486231570815e+308"), (0.3, "f", 20, "0.29999999999999998890"),
        (.nan, "g", 4, "NaN"), (.infinity, "f", 2, "+Inf"), (-.infinity, "e", -1, "-Inf"),
    ] as [(Double, Character, Int, String)])
    func forms(value: Double, format: Character, precision: Int, expected: String) {
        #expect(GoFloatFormat.format(value, format, precision) == expected)
    }

    @Test("the shortest-digits shortcut agrees with exact rounding")
    func shortcutMatchesExactRounding() {
        var rng = TemplateFuzzTests.Random(state: 42)
        var mismatches: [String] = []
        for i in 0..<12000 {
            let mantissa = Double(rng.below(1_000_000)) / Double(1 + rng.below(1000))
            var value = mantissa * [1e-8, 1e-3, 1, 1e3, 1e9, 1e15][rng.below(6)] * (rng.below(2) == 0 ? 1 : -1)
            if i % 2 == 1 {
                // Arbitrary bit patterns give long digit strings (and the odd NaN, infinity or denormal).
                value = Double(bitPattern: rng.next() & 0xBFFF_FFFF_FFFF_FFFF | 0x3000_0000_0000_0000)
            }
            for (fmt, prec) in [(UInt8(ascii: "e"), rng.below(16)), (UInt8(ascii: "f"), rng.below(12)), (UInt8(ascii: "g"), rng.below(16))] {
                let quick = GoFloatFormat.bytes(value, fmt, prec)
                let exact = GoFloatFormat.bytes(value, fmt, prec, exactOnly: true)
                if quick != exact { mismatches.append("\(value) \(Character(Unicode.Scalar(fmt))) \(prec)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
