import Testing
@testable import KlaxonScrape

@Suite struct KlaxonScrapeSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
