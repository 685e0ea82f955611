import Testing
@testable import KlaxonConfig

@Suite struct KlaxonConfigSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
