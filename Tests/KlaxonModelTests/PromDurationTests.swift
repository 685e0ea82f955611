import KlaxonModel
import Testing

@Suite struct PromDurationTests {
    @Test("parses Prometheus durations", arguments: [
        ("5m", Int64(300_000)), ("1h30m", 5_400_000), ("250ms", 250), ("0", 0), ("1y", 31_536_000_000), ("2w1d", 1_296_000_000),
        ("1m30s500ms", 90_500),
    ])
    func parse(text: String, ms: Int64) throws {
        #expect(try PromDuration.parse(text) == ms)
    }

    @Test("rejects malformed durations", arguments: ["", "5", "m", "30m1h", "1h1h", "5x", "-5m", "1.5h", "99999999999999999999y"])
    func reject(text: String) {
        #expect(throws: PromDuration.ParseError.self) { try PromDuration.parse(text) }
    }

    @Test("formats canonically", arguments: [(Int64(0), "0s"), (Int64(5_400_000), "1h30m"), (-300_000, "-5m"), (90_500, "1m30s500ms"), (Int64(31_536_001_000), "365d1s"), (Int64(7_776_000_000), "90d"), (Int64(1_209_600_000), "2w"), (Int64(31_536_000_000), "1y")])
    func format(ms: Int64, text: String) {
        #expect(PromDuration.format(ms) == text)
    }
}
