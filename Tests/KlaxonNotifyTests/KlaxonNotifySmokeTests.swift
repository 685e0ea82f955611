import Testing
@testable import KlaxonNotify

@Suite struct KlaxonNotifySmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
