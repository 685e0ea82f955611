import Testing
@testable import KlaxonMetrics

@Suite struct KlaxonMetricsSmokeTests {
    @Test("module links") func moduleLinks() { #expect(Bool(true)) }
}
