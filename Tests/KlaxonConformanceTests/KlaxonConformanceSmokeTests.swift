import Testing
@testable import KlaxonConformance

@Suite struct KlaxonConformanceSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
