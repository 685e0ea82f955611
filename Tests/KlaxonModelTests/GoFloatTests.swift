import KlaxonModel
import Testing

@Suite struct GoFloatTests {
    @Test("API formatting matches strconv 'f' -1", arguments: [
        (1.5, "1.5"), (0, "0"), (-0.0, "-0"), (100, "100"), (1e21, "1000000000000000000000"), (1e-7, "0.0000001"),
        (0.1 + 0.2, "0.30000000000000004"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
        (123456.789, "123456.789"), (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
    ])
    func api(value: Double, expected: String) {
        #expect(GoFloat.formatAPI(value) == expected)
    }

    @Test("%v formatting is strconv's shortest 'g'", arguments: [
        (1.0, "1"), (1e20, "1e+20"), (1e21, "1e+21"), (0.0001, "0.0001"), (0.00001, "1e-05"), (123456789.0, "1.23456789e+08"),
        (0.38461538461538464, "0.38461538461538464"), (-2.5e-10, "-2.5e-10"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func v(value: Double, expected: String) {
        #expect(GoFloat.formatV(value) == expected)
    }

    @Test("strconv 'g' -1 switches to exponent form at 1e6", arguments: [
        (1e6, "1e+06"), (123456.0, "123456"), (1234567.0, "1.234567e+06"),
    ])
    func g(value: Double, expected: String) {
        #expect(GoFloat.formatG(value) == expected)
    }
}
