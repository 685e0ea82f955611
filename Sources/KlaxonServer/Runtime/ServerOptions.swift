import KlaxonAlerting
public import KlaxonModel

/// Everything `klaxon serve` is started with (command-line flags, resolved).
public struct ServerOptions: Sendable {
    /// Where the configuration comes from.
    public var source: ConfigSource
    /// `host:port` to listen on.
    public var listenAddress: String = "127.0.0.1:9097"
    /// Where alert state and undelivered notifications are kept across restarts (nil: nowhere).
    public var dataDirectory: String?
    /// `--web.config` (basic auth / bearer tokens).
    public var webConfigPath: String?
    /// `--webhook URL` values (added to the configuration's webhooks).
    public var webhooks: [String] = []
    /// Samples older than this are dropped from the store (milliseconds).
    public var retention: Int64 = 24 * 3600 * 1000
    /// API query bounds.
    public var limits = QueryLimits()
    /// The URL under which Klaxon is reachable (alerts' generator URLs, `$externalURL`).
    public var externalURL: String?
    /// How long a graceful shutdown may take before the service group cancels what is left.
    public var shutdownTimeout: Duration = .seconds(30)
    /// Part of the shutdown spent flushing queued notifications (milliseconds).
    public var notificationFlushTimeout: Int64 = 10_000
    /// `job` and `instance` of the in-process scrape of Klaxon's registry in the embedded default: the same as
    /// the embedded `AlertingEngine`'s, so the bundled rules see the same series in both.
    public var feedLabels: Labels = Labels([
        "job": AlertingEngineOptions().job, "instance": AlertingEngineOptions().instance,
    ])

    public init(source: ConfigSource) {
        self.source = source
    }

    /// `externalURL`, or `http://<listen address>`.
    public var resolvedExternalURL: String {
        if let externalURL, !externalURL.isEmpty {
            return externalURL.hasSuffix("/") ? String(externalURL.dropLast()) : externalURL
        }
        return "http://" + listenAddress
    }
}
