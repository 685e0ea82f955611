import Foundation
import KlaxonModel
import Testing

@testable import KlaxonServer

@Suite struct APITimeTests {
    @Test(
        "times parse as Prometheus parses them",
        arguments: [
            ("1000", 1_000_000), ("1.5", 1_500), ("-1.5", -1_500), ("2015-07-01T20:10:51.781Z", 1_435_781_451_781),
            ("2015-07-01T22:10:51+02:00", 1_435_781_451_000), ("1970-01-01T00:00:00Z", 0),
        ] as [(String, Int64)])
    func times(text: String, expected: Int64) throws {
        #expect(try APITime.parseTime(text) == expected)
    }

    @Test("bad times and durations give Prometheus's messages")
    func errors() {
        #expect(throws: APITime.ParseError(message: "cannot parse \"x\" to a valid timestamp")) {
            try APITime.parseTime("x")
        }
        #expect(throws: APITime.ParseError(message: "cannot parse \"2015-13-01T00:00:00Z\" to a valid timestamp")) {
            try APITime.parseTime("2015-13-01T00:00:00Z")
        }
        #expect(throws: APITime.ParseError(message: "cannot parse \"1e300\" to a valid duration. It overflows int64")) {
            try APITime.parseDuration("1e300")
        }
    }

    @Test(
        "durations: float seconds or Prometheus durations",
        arguments: [("15", 15_000), ("0.5", 500), ("1m30s", 90_000)] as [(String, Int64)])
    func durations(text: String, expected: Int64) throws {
        #expect(try APITime.parseDuration(text) == expected)
    }

    @Test("form parameters: body first, repeated names kept, percent-decoding")
    func form() {
        let form = FormParameters(query: "match[]=a&x=1&q=a%2Bb+c", body: "x=2&match[]=b")
        #expect(form.value("x") == "2")
        #expect(form.values("match[]") == ["b", "a"])
        #expect(form.value("q") == "a+b c")
        #expect(form.value("missing") == "")
    }
}
