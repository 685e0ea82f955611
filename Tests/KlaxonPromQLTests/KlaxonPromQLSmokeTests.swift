import Testing
@testable import KlaxonPromQL

@Suite struct KlaxonPromQLSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
