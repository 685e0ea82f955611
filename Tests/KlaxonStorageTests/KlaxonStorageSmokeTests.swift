import Testing
@testable import KlaxonStorage

@Suite struct KlaxonStorageSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
