import Testing
@testable import KlaxonRules

@Suite struct KlaxonRulesSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
