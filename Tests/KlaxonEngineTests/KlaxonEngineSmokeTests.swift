import Testing
@testable import KlaxonEngine

@Suite struct KlaxonEngineSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
