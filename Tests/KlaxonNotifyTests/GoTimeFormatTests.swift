import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct GoTimeFormatTests {
    @Test(
        "strfmt.DateTime always writes three fraction digits in UTC",
        arguments: [
            (Timestamp(0), "1970-01-01T00:00:00.000Z"),
            (march1, "2024-03-01T12:00:00.000Z"),
            (march1 + 5, "2024-03-01T12:00:00.005Z"),
            (march1 + 86_399_999, "2024-03-02T11:59:59.999Z"),
            (Timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z"),
            (Timestamp(-1), "1969-12-31T23:59:59.999Z"),
        ])
    func millis(time: Timestamp, expected: String) {
        #expect(GoTimeFormat.rfc3339Millis(time) == expected)
    }

    @Test(
        "time.Time.MarshalJSON trims trailing zeros of the fraction",
        arguments: [
            (march1, "2024-03-01T12:00:00Z"),
            (march1 + 500, "2024-03-01T12:00:00.5Z"),
            (march1 + 120, "2024-03-01T12:00:00.12Z"),
            (march1 + 7, "2024-03-01T12:00:00.007Z"),
            (Timestamp(253_402_300_799_000), "9999-12-31T23:59:59Z"),
        ])
    func nano(time: Timestamp, expected: String) {
        #expect(GoTimeFormat.rfc3339Nano(time) == expected)
    }

    @Test("the zero time is Go's year 1")
    func zero() {
        #expect(GoTimeFormat.zeroTime == "0001-01-01T00:00:00Z")
        #expect(GoTimeFormat.rfc3339Nano(-62_135_596_800_000) == GoTimeFormat.zeroTime)
    }
}
