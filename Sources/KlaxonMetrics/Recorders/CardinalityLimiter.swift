import Synchronization

/// Bounds the number of distinct values one label may take: the first `limit` distinct values pass through,
/// later new values are folded into `overflowValue`. Values seen before keep passing after the limit is hit,
/// so existing series stay stable.
public final class CardinalityLimiter: Sendable {
    /// The value that stands for every value beyond the limit.
    public static let defaultOverflowValue = "__other__"

    /// How many distinct values pass through.
    public let limit: Int
    public let overflowValue: String
    private let seen = Mutex<Set<String>>([])

    /// A limiter admitting `limit` distinct values (at least 0).
    public init(limit: Int, overflowValue: String = CardinalityLimiter.defaultOverflowValue) {
        self.limit = max(0, limit)
        self.overflowValue = overflowValue
    }

    /// `value` if it is admitted, or nil when it must be folded into `overflowValue`.
    public func admit(_ value: String) -> String? {
        seen.withLock { set in
            if set.contains(value) { return value }
            guard set.count < limit else { return nil }
            set.insert(value)
            return value
        }
    }

    /// How many distinct values have been admitted.
    public var admittedCount: Int { seen.withLock { $0.count } }
}
