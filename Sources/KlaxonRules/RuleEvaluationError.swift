/// Why one rule's evaluation failed; `message` is what Prometheus shows as the rule's `lastError`.
public struct RuleEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The query failed (the querier's error message).
        case query
        /// The query gave a string or range vector.
        case unsupportedResult
        /// Two result samples got the same labels once the rule's labels were applied.
        case duplicateLabelSet
        /// More series or alerts than the group's `limit`.
        case limitExceeded
        /// Writing a result sample conflicted with a sample written earlier in the same evaluation.
        case append
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static let duplicateAlertLabelSet = RuleEvaluationError(
        .duplicateLabelSet, "vector contains metrics with the same labelset after applying alert labels")
    static let duplicateRecordingLabelSet = RuleEvaluationError(
        .duplicateLabelSet, "vector contains metrics with the same labelset after applying rule labels")
    static let unsupportedResult = RuleEvaluationError(.unsupportedResult, "rule result is not a vector or scalar")
}

/// A rule's health as the rules API reports it.
public enum RuleHealth: String, Sendable, Hashable {
    case unknown = "unknown"
    case ok = "ok"
    case err = "err"
}
