import Testing
@testable import KlaxonModel

@Suite struct KlaxonModelSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
