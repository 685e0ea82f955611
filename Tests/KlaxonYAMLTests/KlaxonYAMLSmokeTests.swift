import Testing
@testable import KlaxonYAML

@Suite struct KlaxonYAMLSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
