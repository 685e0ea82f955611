import Testing
@testable import KlaxonRuleTest

@Suite struct KlaxonRuleTestSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
