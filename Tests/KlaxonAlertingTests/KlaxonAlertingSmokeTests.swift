import Testing
@testable import KlaxonAlerting

@Suite struct KlaxonAlertingSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
