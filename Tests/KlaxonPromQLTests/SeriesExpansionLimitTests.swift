import KlaxonPromQL
import Testing

@Suite struct SeriesExpansionLimitTests {
    @Test("a few bytes cannot expand to unbounded memory: the total is capped with a positioned error")
    func expansionBomb() throws {
        let text = "m 1x10000000 1x10000000 1x10000000"
        let error = try #require(throws: ParseError.self) { try PromQL.parseSeriesDescription(text) }
        #expect(error.message.contains("expand to more than"))
        #expect(error.range.lowerBound < text.utf8.count)
    }

    @Test("one item of the largest repetition promtool accepts still expands")
    func largestItem() throws {
        let values = try PromQL.parseSeriesValues("1x10000000")
        #expect(values.count == 10_000_001)
    }
}
