import KlaxonModel

/// How one endpoint retries a batch: up to `maxAttempts` attempts per cycle, separated by exponential
/// backoff with full jitter; when a cycle's budget is spent the batch stays queued and the next cycle starts
/// `maxBackoff` later (YAML: `retry: {max_attempts, initial_backoff, max_backoff}`).
///
/// The delay before attempt `n + 1`, after `n` failed attempts, is uniform in `0...min(maxBackoff,
/// initialBackoff · 2^(n-1))` ("full jitter").
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per cycle, the first included; values below 1 count as 1.
    public var maxAttempts: Int
    /// Ceiling of the first backoff.
    public var initialBackoff: Duration
    /// Ceiling of every backoff, and the pause between cycles.
    public var maxBackoff: Duration

    public init(maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// `maxAttempts`, at least 1.
    public var attemptsPerCycle: Int { Swift.max(1, maxAttempts) }

    /// The largest delay allowed after `failedAttempts` consecutive failures, in milliseconds.
    public func backoffCeiling(afterFailedAttempts failedAttempts: Int) -> Int64 {
        let initial = Swift.max(0, initialBackoff.milliseconds)
        let cap = Swift.max(0, maxBackoff.milliseconds)
        var ceiling = initial
        var doublings = Swift.max(0, failedAttempts - 1)
        while doublings > 0, ceiling < cap {
            let (doubled, overflow) = ceiling.multipliedReportingOverflow(by: 2)
            ceiling = overflow ? cap : doubled
            doublings -= 1
        }
        return Swift.min(ceiling, cap)
    }

    /// The delay after `failedAttempts` failures, drawn with `jitter` (clamped into the allowed range).
    public func delay(afterFailedAttempts failedAttempts: Int, jitter: JitterSource) -> Int64 {
        let ceiling = backoffCeiling(afterFailedAttempts: failedAttempts)
        guard ceiling > 0 else { return 0 }
        return Swift.min(Swift.max(0, jitter(ceiling)), ceiling)
    }

    /// The pause before the next cycle once a cycle's attempts are spent: `maxBackoff`, at least 10 ms so a
    /// zero policy cannot spin.
    public var cyclePause: Int64 { Swift.max(10, maxBackoff.milliseconds) }
}

/// A source of uniform random integers in `0...upperBound` (upperBound > 0) for backoff jitter; tests inject
/// a deterministic one.
public typealias JitterSource = @Sendable (_ upperBound: Int64) -> Int64

extension RetryPolicy {
    /// The default jitter: the system random number generator.
    public static let systemJitter: JitterSource = { upperBound in
        upperBound > 0 ? Int64.random(in: 0...upperBound) : 0
    }
}
