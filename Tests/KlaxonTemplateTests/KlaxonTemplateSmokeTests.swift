import Testing
@testable import KlaxonTemplate

@Suite struct KlaxonTemplateSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
