import Testing

@testable import KlaxonMetrics

@Suite struct CardinalityLimiterTests {
    @Test("values seen before the limit keep passing; new ones after it are refused")
    func limit() {
        let limiter = CardinalityLimiter(limit: 2)
        #expect(limiter.admit("a") == "a")
        #expect(limiter.admit("b") == "b")
        #expect(limiter.admit("c") == nil)
        #expect(limiter.admit("a") == "a")
        #expect(limiter.admittedCount == 2)
        #expect(limiter.overflowValue == "__other__")
    }

    @Test("a zero limit admits nothing")
    func zero() {
        #expect(CardinalityLimiter(limit: 0).admit("a") == nil)
        #expect(CardinalityLimiter(limit: -3).limit == 0)
    }
}
