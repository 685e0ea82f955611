public import KlaxonModel

/// `klaxon serve --config`: a Prometheus configuration file (the sections Klaxon implements) plus Klaxon's
/// top-level `webhooks:`. Durations are milliseconds.
public struct ServerConfig: Sendable, Equatable {
    public var global = GlobalConfig()
    /// `rule_files` patterns, resolved against the configuration file's directory.
    public var ruleFiles: [String] = []
    public var scrapeConfigs: [ScrapeJobSettings] = []
    public var alertmanagers: [AlertmanagerSettings] = []
    public var webhooks: [WebhookSettings] = []
    /// The file as the user named it (nil for the embedded default).
    public var path: String?
    /// The file's text, for `/api/v1/status/config` (secrets replaced when shown).
    public var text: String = ""
    /// Where secrets are in `text`.
    public var secretSpans: [SourceSpan] = []

    public init() {}
}

/// `global:`.
public struct GlobalConfig: Sendable, Equatable {
    public var scrapeInterval: Int64 = 60_000
    public var scrapeTimeout: Int64 = 10_000
    public var evaluationInterval: Int64 = 60_000
    public var ruleQueryOffset: Int64 = 0
    public var externalLabels = Labels()

    public init() {}
}

/// `scrape_configs[]`.
public struct ScrapeJobSettings: Sendable, Equatable {
    public var jobName: String
    public var honorLabels = false
    public var honorTimestamps = true
    public var params: [String: [String]] = [:]
    public var scrapeInterval: Int64
    public var scrapeTimeout: Int64
    public var metricsPath = "/metrics"
    public var scheme = "http"
    public var sampleLimit = 0
    public var staticConfigs: [StaticTargets] = []
    public var http = HTTPClientSettings()
    public var relabelConfigs: [RelabelRule] = []
    public var metricRelabelConfigs: [RelabelRule] = []

    public init(jobName: String, scrapeInterval: Int64, scrapeTimeout: Int64) {
        self.jobName = jobName
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
    }
}

/// `static_configs[]`: targets (`host:port`) and the labels they share.
public struct StaticTargets: Sendable, Equatable {
    public var targets: [String] = []
    public var labels = Labels()

    public init(targets: [String] = [], labels: Labels = Labels()) {
        self.targets = targets
        self.labels = labels
    }
}

/// `relabel_configs[]` / `metric_relabel_configs[]` (Prometheus's `relabel.Config`), as written.
public struct RelabelRule: Sendable, Equatable {
    public var sourceLabels: [String] = []
    public var separator = ";"
    public var targetLabel = ""
    public var regex = "(.*)"
    public var modulus: UInt64 = 0
    public var replacement = "$1"
    public var action = "replace"

    public init() {}
}

/// Prometheus's `HTTPClientConfig` (the parts Klaxon can honour). Secrets are resolved at load time.
public struct HTTPClientSettings: Sendable, Equatable {
    public var basicAuth: BasicAuthCredentials?
    public var authorization: AuthorizationCredentials?
    public var tls = TLSSettings()
    public var proxyURL: String?
    public var followRedirects = true

    public init() {}

    /// The `Authorization` header these settings produce, if any.
    public var authorizationHeader: String? {
        if let basicAuth {
            return "Basic " + Base64.encode(Array((basicAuth.username + ":" + basicAuth.password).utf8))
        }
        if let authorization { return authorization.type + " " + authorization.credentials }
        return nil
    }
}

/// `basic_auth:` with the password read (from `password` or `password_file`).
public struct BasicAuthCredentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// `authorization:` (or the older `bearer_token`) with the credentials read.
public struct AuthorizationCredentials: Sendable, Equatable {
    public var type: String
    public var credentials: String

    public init(type: String = "Bearer", credentials: String) {
        self.type = type
        self.credentials = credentials
    }
}

/// `tls_config:` as written (Klaxon's current HTTP client uses the system trust store only).
public struct TLSSettings: Sendable, Equatable {
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var serverName: String?
    public var insecureSkipVerify = false

    public init() {}

    /// True when anything beyond the defaults is asked for.
    public var isCustomized: Bool {
        caFile != nil || certFile != nil || keyFile != nil || serverName != nil || insecureSkipVerify
    }
}

/// `alerting.alertmanagers[]`.
public struct AlertmanagerSettings: Sendable, Equatable {
    public var scheme = "http"
    public var pathPrefix = "/"
    public var timeout: Int64 = 10_000
    public var staticConfigs: [StaticTargets] = []
    public var http = HTTPClientSettings()

    public init() {}
}

/// Klaxon's `webhooks[]`: Alertmanager's `webhook_config` fields plus `retry`.
public struct WebhookSettings: Sendable, Equatable {
    /// The URL (read from `url_file` when that is used). A secret: it may carry a token.
    public var url: String
    public var sendResolved = true
    public var maxAlerts = 0
    /// 0: the default (10s).
    public var timeout: Int64 = 0
    public var http = HTTPClientSettings()
    public var retry = RetrySettings()

    public init(url: String) {
        self.url = url
    }
}

/// Standard Base64 (RFC 4648) without line breaks.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "=") {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(index))
        }
        var out: [UInt8] = []
        var i = 0
        while i + 1 < values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            if i + 2 < values.count { out.append(values[i + 1] << 4 | values[i + 2] >> 2) }
            if i + 3 < values.count { out.append(values[i + 2] << 6 | values[i + 3]) }
            i += 4
        }
        return out
    }
}

/// Klaxon's `retry:` of a webhook: attempts per delivery cycle and the backoff between them.
public struct RetrySettings: Sendable, Equatable, Hashable {
    /// Attempts per cycle, the first one included (at least 1).
    public var maxAttempts: Int
    /// Wait before the second attempt, in milliseconds; doubled after each failure.
    public var initialBackoff: Int64
    /// Longest wait between attempts, in milliseconds.
    public var maxBackoff: Int64

    public init(maxAttempts: Int = 5, initialBackoff: Int64 = 500, maxBackoff: Int64 = 30_000) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(0, initialBackoff)
        self.maxBackoff = max(self.initialBackoff, maxBackoff)
    }
}
