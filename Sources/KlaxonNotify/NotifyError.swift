/// A failed notification attempt, a bad configuration or an unreadable snapshot. Messages never contain
/// credentials: URLs are redacted and known secrets scrubbed before the error is made.
public struct NotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The request could not be sent or no response arrived (connection refused, TLS, DNS).
        case transport
        /// No complete response within the timeout.
        case timeout
        /// The receiver answered with a status other than 2xx.
        case unexpectedStatus(Int)
        /// The endpoint's configuration cannot produce a request (unreadable secret or URL file, empty URL).
        case configuration
        /// A queue snapshot could not be decoded.
        case invalidSnapshot
    }

    public var kind: Kind
    /// Lowercase, no trailing period, already redacted.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Whether trying the same batch again may succeed: everything except a 4xx answer other than 408 and 429
    /// (the receiver rejected the payload itself, so repeating it would only block the queue; Alertmanager's
    /// webhook notifier likewise retries only 5xx).
    public var isRetryable: Bool {
        if case .unexpectedStatus(let status) = kind {
            return !(400..<500).contains(status) || status == 408 || status == 429
        }
        return kind != .invalidSnapshot
    }
}
