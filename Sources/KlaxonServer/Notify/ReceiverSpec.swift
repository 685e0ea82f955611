/// One place alerts are delivered to, resolved from the configuration: the URL, the body format and the
/// request headers (credentials already read from their files). `headers` hold secrets: never log them.
public struct ReceiverSpec: Sendable, Equatable, Hashable {
    /// The body to send.
    public enum Format: String, Sendable, Hashable {
        /// Alertmanager's webhook notification (`version: "4"`).
        case webhook
        /// Alertmanager's API v2 `POST /api/v2/alerts`.
        case alertmanagerV2
    }

    /// A name for logs and metrics (`webhook[0]`, `alertmanager[0]/127.0.0.1:9093`); never contains the URL,
    /// which may embed a token.
    public var name: String
    public var url: String
    public var format: Format
    /// Send resolved alerts too.
    public var sendResolved: Bool
    /// At most this many alerts per request (0: no limit).
    public var maxAlerts: Int
    /// Timeout of one request, in milliseconds.
    public var timeout: Int64
    /// Extra request headers (`Authorization`).
    public var headers: [Header]
    public var retry: RetryPolicy

    /// An HTTP header.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        name: String, url: String, format: Format, sendResolved: Bool = true, maxAlerts: Int = 0,
        timeout: Int64 = 10_000, headers: [Header] = [], retry: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.url = url
        self.format = format
        self.sendResolved = sendResolved
        self.maxAlerts = maxAlerts
        self.timeout = timeout
        self.headers = headers
        self.retry = retry
    }
}

/// How often and how patiently a failed delivery is retried (Klaxon's `retry:` of a webhook).
public struct RetryPolicy: Sendable, Equatable, Hashable {
    /// Attempts per batch, the first one included (at least 1).
    public var maxAttempts: Int
    /// Wait before the second attempt, in milliseconds; doubled after each failure.
    public var initialBackoff: Int64
    /// Longest wait between attempts, in milliseconds.
    public var maxBackoff: Int64

    public init(maxAttempts: Int = 5, initialBackoff: Int64 = 1_000, maxBackoff: Int64 = 30_000) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(0, initialBackoff)
        self.maxBackoff = max(self.initialBackoff, maxBackoff)
    }

    /// The wait after the `failures`-th consecutive failure.
    public func backoff(after failures: Int) -> Int64 {
        var wait = initialBackoff
        for _ in 1..<max(1, failures) where wait < maxBackoff { wait = min(maxBackoff, wait * 2) }
        return wait
    }
}
