import Testing
@testable import KlaxonServer

@Suite struct KlaxonServerSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
