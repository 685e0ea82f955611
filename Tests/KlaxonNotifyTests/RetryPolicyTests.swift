import Testing
@testable import KlaxonNotify

@Suite struct RetryPolicyTests {
    @Test("backoff ceilings double from the initial backoff up to the maximum")
    func ceilings() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(500), maxBackoff: .seconds(5))
        let ceilings = (1...7).map { policy.backoffCeiling(afterFailedAttempts: $0) }
        #expect(ceilings == [500, 1000, 2000, 4000, 5000, 5000, 5000])
    }

    @Test("full jitter draws the delay from zero to the ceiling, clamped")
    func jitter() {
        let policy = RetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(8))
        #expect(policy.delay(afterFailedAttempts: 3, jitter: { $0 / 4 }) == 1000)
        #expect(policy.delay(afterFailedAttempts: 3, jitter: { _ in -5 }) == 0)
        #expect(policy.delay(afterFailedAttempts: 3, jitter: { $0 * 10 }) == 4000)
        for _ in 0..<100 {
            #expect((0...4000).contains(policy.delay(afterFailedAttempts: 3, jitter: RetryPolicy.systemJitter)))
        }
    }

    @Test("huge policies do not overflow, zero policies cannot spin")
    func extremes() {
        let huge = RetryPolicy(maxAttempts: 100, initialBackoff: .seconds(Int64.max / 2), maxBackoff: .seconds(Int64.max / 2))
        #expect(huge.backoffCeiling(afterFailedAttempts: 90) == Int64.max)
        let zero = RetryPolicy(maxAttempts: 0, initialBackoff: .zero, maxBackoff: .zero)
        #expect(zero.attemptsPerCycle == 1)
        #expect(zero.cyclePause == 10)
        #expect(zero.delay(afterFailedAttempts: 1, jitter: { $0 }) == 0)
    }
}
