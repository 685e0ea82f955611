public import KlaxonModel

/// One webhook receiver, with Alertmanager's `webhook_config` fields (`url` or `url_file`, `send_resolved`,
/// `max_alerts`, `timeout`, `http_config`) plus Klaxon's `retry` policy and the receiver name written into
/// each payload. Decoding it from YAML belongs to the configuration module.
public struct WebhookConfig: Sendable, Equatable {
    /// The payload's `receiver` field (Alertmanager takes it from the enclosing receiver's `name`).
    public var receiver: String
    /// `url`: where to POST. May carry `user:password@`, which becomes a basic-auth header as Go's HTTP client
    /// does when `http_config` sets no credentials.
    public var url: String
    /// `url_file`: a file holding the URL, read (and trimmed) on every attempt. Exactly one of `url` and
    /// `url_file` must be set.
    public var urlFile: String
    /// `send_resolved`: when false, resolved alerts are left out (a batch of only resolved alerts sends nothing).
    public var sendResolved: Bool
    /// `max_alerts`: at most this many alerts per payload, the rest counted in `truncatedAlerts`; 0 = no limit.
    public var maxAlerts: UInt64
    /// `timeout`: per attempt; zero means `WebhookConfig.defaultTimeout`.
    public var timeout: Duration
    /// `http_config`.
    public var httpConfig: HTTPClientConfig
    /// `retry`: Klaxon's retry policy.
    public var retry: RetryPolicy

    /// The attempt timeout when `timeout` is zero. Alertmanager imposes none of its own there, but its whole
    /// notification pipeline is bounded by the group interval (5m by default); Klaxon uses that bound.
    public static let defaultTimeout: Duration = .seconds(300)

    public init(
        receiver: String = "klaxon", url: String = "", urlFile: String = "", sendResolved: Bool = true,
        maxAlerts: UInt64 = 0, timeout: Duration = .zero, httpConfig: HTTPClientConfig = HTTPClientConfig(),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.receiver = receiver
        self.url = url
        self.urlFile = urlFile
        self.sendResolved = sendResolved
        self.maxAlerts = maxAlerts
        self.timeout = timeout
        self.httpConfig = httpConfig
        self.retry = retry
    }

    /// The timeout each attempt gets.
    public var effectiveTimeout: Duration { timeout > .zero ? timeout : WebhookConfig.defaultTimeout }

    /// Alertmanager's and prometheus/common's messages for an invalid block; empty when valid.
    public var validationErrors: [String] {
        var errors: [String] = []
        if url.isEmpty && urlFile.isEmpty { errors.append("one of url or url_file must be configured") }
        if !url.isEmpty && !urlFile.isEmpty { errors.append("at most one of url & url_file must be configured") }
        return errors + httpConfig.validationErrors
    }
}

/// A closure that rewrites an alert's labels, or drops the alert by returning nil: where the configuration
/// module plugs in `alert_relabel_configs`.
public typealias AlertRelabeler = @Sendable (Labels) -> Labels?

/// One `alertmanagers:` entry of Prometheus's `alerting` block with static targets: every target gets its
/// own queue and receives every alert, as in Prometheus 3 (independent send loops per Alertmanager).
public struct AlertmanagerConfig: Sendable {
    /// `static_configs` targets, `host:port`.
    public var targets: [String]
    /// `scheme`: "http" or "https".
    public var scheme: String
    /// `path_prefix`: alerts go to `<scheme>://<target><path_prefix>/api/v2/alerts`.
    public var pathPrefix: String
    /// `timeout`: per request (Prometheus's default 10s).
    public var timeout: Duration
    /// `http_config`.
    public var httpConfig: HTTPClientConfig
    /// `alert_relabel_configs` of this entry, applied after the global relabelling.
    public var alertRelabel: AlertRelabeler?
    /// Klaxon's retry policy.
    public var retry: RetryPolicy

    public init(
        targets: [String], scheme: String = "http", pathPrefix: String = "/", timeout: Duration = .seconds(10),
        httpConfig: HTTPClientConfig = HTTPClientConfig(), alertRelabel: AlertRelabeler? = nil,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.targets = targets
        self.scheme = scheme
        self.pathPrefix = pathPrefix
        self.timeout = timeout
        self.httpConfig = httpConfig
        self.alertRelabel = alertRelabel
        self.retry = retry
    }

    /// The URL alerts are posted to for `target`: Prometheus's `postPath`, `path.Join("/", prefix, "/api/v2/alerts")`.
    public func url(for target: String) -> String {
        scheme + "://" + target + AlertmanagerConfig.cleanPath("/" + pathPrefix + "/api/v2/alerts")
    }

    /// Go's `path.Clean` for absolute paths: collapses `//`, `.` and `..`.
    static func cleanPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

