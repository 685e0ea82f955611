import Testing
@testable import KlaxonMetrics

@Suite struct ScratchTests {
    @Test("scratch") func scratch() {
        let registry = MetricsRegistry(clock: ManualWallClock(1_700_000_000_000))
        let platform = PlatformMetrics(registry: registry)
        platform.configuration.recordOperation("update", environment: "prod", duration: .milliseconds(12))
        platform.cache.recordHit(tier: .l1)
        platform.audit.recordEvent(type: "login", user: "a\"b\\c\nd")
        print(registry.exposition(.prometheusText))
        print(registry.exposition(.openMetrics1, includeCreated: true))
    }
}
