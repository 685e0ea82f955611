public import KlaxonModel

/// One scrape job, Prometheus's `scrape_config`, as plain values (YAML decoding is KlaxonConfig's job). The
/// defaults are Prometheus 3's, except where noted.
public struct ScrapeConfig: Sendable, Equatable {
    /// The `job` label of every target, and the scrape pool's name.
    public var jobName: String
    public var scrapeInterval: Duration
    /// Must not exceed `scrapeInterval`.
    public var scrapeTimeout: Duration
    public var metricsPath: String
    /// `http` or `https`.
    public var scheme: String
    /// URL query parameters (`params`); a target's `__param_<name>` label overrides the first value.
    public var params: [String: [String]]
    /// Keep labels exposed by the target when they clash with target labels (otherwise they are renamed
    /// `exported_<name>`).
    public var honorLabels: Bool
    /// Use timestamps exposed by the target.
    public var honorTimestamps: Bool
    /// Write staleness markers for series exposed with explicit timestamps too.
    public var trackTimestampsStaleness: Bool
    /// Rules applied to each target's labels before scraping (`relabel_configs`).
    public var relabelConfigs: [RelabelConfig]
    /// Rules applied to each new series after the target labels are attached (`metric_relabel_configs`).
    public var metricRelabelConfigs: [RelabelConfig]
    /// Limits; 0 means unlimited. `bodySizeLimit` is in bytes.
    public var sampleLimit: Int
    public var labelLimit: Int
    public var labelNameLengthLimit: Int
    public var labelValueLengthLimit: Int
    public var bodySizeLimit: Int
    /// Formats offered in the `Accept` header, most preferred first.
    public var scrapeProtocols: [ScrapeProtocol]
    /// The format to assume when a target sends no, or an unusable, `Content-Type` (none: the scrape fails).
    public var fallbackScrapeProtocol: ScrapeProtocol?
    /// Name validation for scraped series and relabelling.
    public var metricNameValidationScheme: NameValidationScheme
    /// The escaping scheme asked for in the `Accept` header (`allow-utf-8`, `underscores`, `dots`, `values`).
    public var metricNameEscapingScheme: String
    /// Drop OpenMetrics `_created` series of counters, histograms and summaries. Klaxon defaults to true;
    /// Prometheus keeps them unless `created-timestamp-zero-ingestion` is enabled.
    public var dropCreatedSeries: Bool
    /// Ask for gzip. KlaxonScrape cannot inflate bodies itself: the `HTTPTransport` must, when this is set.
    public var enableCompression: Bool
    /// Credentials: `basic_auth`, `authorization` (`Bearer` by default) and extra `http_headers`.
    public var basicAuth: BasicAuth?
    public var authorization: Authorization?
    public var headers: [String: String]
    /// The `User-Agent` header.
    public var userAgent: String
    /// `tls_config`: nil (or the defaults) scrapes through the manager's shared transport.
    public var tls: ScrapeTLS?

    /// Klaxon's user agent for scrapes.
    public static let defaultUserAgent = "Klaxon/" + KlaxonScrapeVersion.version

    public init(
        jobName: String,
        scrapeInterval: Duration = .seconds(60),
        scrapeTimeout: Duration = .seconds(10),
        metricsPath: String = "/metrics",
        scheme: String = "http",
        params: [String: [String]] = [:],
        honorLabels: Bool = false,
        honorTimestamps: Bool = true,
        trackTimestampsStaleness: Bool = false,
        relabelConfigs: [RelabelConfig] = [],
        metricRelabelConfigs: [RelabelConfig] = [],
        sampleLimit: Int = 0,
        labelLimit: Int = 0,
        labelNameLengthLimit: Int = 0,
        labelValueLengthLimit: Int = 0,
        bodySizeLimit: Int = 0,
        scrapeProtocols: [ScrapeProtocol] = ScrapeProtocol.defaults,
        fallbackScrapeProtocol: ScrapeProtocol? = nil,
        metricNameValidationScheme: NameValidationScheme = .utf8,
        metricNameEscapingScheme: String = "allow-utf-8",
        dropCreatedSeries: Bool = true,
        enableCompression: Bool = false,
        basicAuth: BasicAuth? = nil,
        authorization: Authorization? = nil,
        headers: [String: String] = [:],
        userAgent: String = ScrapeConfig.defaultUserAgent,
        tls: ScrapeTLS? = nil
    ) {
        self.jobName = jobName
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
        self.metricsPath = metricsPath
        self.scheme = scheme
        self.params = params
        self.honorLabels = honorLabels
        self.honorTimestamps = honorTimestamps
        self.trackTimestampsStaleness = trackTimestampsStaleness
        self.relabelConfigs = relabelConfigs
        self.metricRelabelConfigs = metricRelabelConfigs
        self.sampleLimit = sampleLimit
        self.labelLimit = labelLimit
        self.labelNameLengthLimit = labelNameLengthLimit
        self.labelValueLengthLimit = labelValueLengthLimit
        self.bodySizeLimit = bodySizeLimit
        self.scrapeProtocols = scrapeProtocols
        self.fallbackScrapeProtocol = fallbackScrapeProtocol
        self.metricNameValidationScheme = metricNameValidationScheme
        self.metricNameEscapingScheme = metricNameEscapingScheme
        self.dropCreatedSeries = dropCreatedSeries
        self.enableCompression = enableCompression
        self.basicAuth = basicAuth
        self.authorization = authorization
        self.headers = headers
        self.userAgent = userAgent
        self.tls = tls
    }

    /// Checks the job the way Prometheus's config loader does; messages are Prometheus's.
    public func validate() throws(ScrapeConfigError) {
        if jobName.isEmpty { throw ScrapeConfigError("job_name is empty") }
        if scrapeInterval <= .zero { throw ScrapeConfigError("scrape interval cannot be 0") }
        if scrapeTimeout > scrapeInterval {
            throw ScrapeConfigError(
                "scrape timeout greater than scrape interval for scrape config with job name \(GoQuote.quote(jobName))")
        }
        if scheme != "http" && scheme != "https" {
            throw ScrapeConfigError(
                "unsupported scheme \(GoQuote.quote(scheme)) for scrape config with job name \(GoQuote.quote(jobName))")
        }
        if scrapeProtocols.isEmpty {
            throw ScrapeConfigError(
                "scrape_protocols cannot be empty for scrape config with job name \(GoQuote.quote(jobName))")
        }
        for proto in scrapeProtocols + (fallbackScrapeProtocol.map { [$0] } ?? []) where proto.format == nil {
            throw ScrapeConfigError(
                "scrape protocol \(proto.rawValue) is not supported by Klaxon (job \(GoQuote.quote(jobName)))")
        }
        if basicAuth != nil && authorization != nil {
            throw ScrapeConfigError(
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if let tls {
            if !tls.certFile.isEmpty && tls.keyFile.isEmpty {
                throw ScrapeConfigError(
                    "exactly one of key or key_file must be configured when a client certificate is configured")
            }
            if !tls.keyFile.isEmpty && tls.certFile.isEmpty {
                throw ScrapeConfigError(
                    "exactly one of cert or cert_file must be configured when a client key is configured")
            }
        }
        do {
            _ = try Relabeler(relabelConfigs)
            _ = try Relabeler(metricRelabelConfigs)
        } catch {
            throw ScrapeConfigError(error.message)
        }
    }

    /// The `Accept` header Prometheus builds from `scrape_protocols`: q-values from 0.<n+1> down, the escaping
    /// scheme on the 1.0.0 formats, and `*/*` last.
    public var acceptHeader: String {
        var parts: [String] = []
        var weight = ScrapeProtocol.allCases.count + 1
        for proto in scrapeProtocols {
            var value = proto.mediaType
            if proto == .prometheusText1_0_0 || proto == .openMetricsText1_0_0 {
                value += ";escaping=" + metricNameEscapingScheme
            }
            value += ";q=0.\(weight)"
            parts.append(value)
            weight -= 1
        }
        parts.append("*/*;q=0.\(weight)")
        return parts.joined(separator: ",")
    }
}

/// `basic_auth` credentials.
public struct BasicAuth: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// `authorization` credentials: `Authorization: <type> <credentials>` (`bearer_token` is `Bearer`).
public struct Authorization: Sendable, Equatable {
    public var type: String
    public var credentials: String

    public init(type: String = "Bearer", credentials: String) {
        self.type = type
        self.credentials = credentials
    }
}

/// Prometheus's `scrape_protocols` values.
public enum ScrapeProtocol: String, Sendable, Hashable, CaseIterable {
    case prometheusProto = "PrometheusProto"
    case prometheusText0_0_4 = "PrometheusText0.0.4"
    case prometheusText1_0_0 = "PrometheusText1.0.0"
    case openMetricsText0_0_1 = "OpenMetricsText0.0.1"
    case openMetricsText1_0_0 = "OpenMetricsText1.0.0"

    /// Prometheus 3's default preference.
    public static let defaults: [ScrapeProtocol] = [
        .openMetricsText1_0_0, .openMetricsText0_0_1, .prometheusText1_0_0, .prometheusText0_0_4,
    ]

    /// The media type with its parameters, as offered in `Accept`.
    public var mediaType: String {
        switch self {
        case .prometheusProto:
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"
        case .prometheusText0_0_4: "text/plain;version=0.0.4"
        case .prometheusText1_0_0: "text/plain;version=1.0.0"
        case .openMetricsText0_0_1: "application/openmetrics-text;version=0.0.1"
        case .openMetricsText1_0_0: "application/openmetrics-text;version=1.0.0"
        }
    }

    /// The text format Klaxon parses for this protocol; nil for protobuf, which Klaxon does not parse.
    public var format: ScrapeFormat? {
        switch self {
        case .prometheusProto: nil
        case .prometheusText0_0_4, .prometheusText1_0_0: .prometheusText
        case .openMetricsText0_0_1, .openMetricsText1_0_0: .openMetrics
        }
    }
}

/// An invalid scrape job; `message` is Prometheus's wording where it has one.
public struct ScrapeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The version in Klaxon's scrape `User-Agent`.
public enum KlaxonScrapeVersion {
    public static let version = "0.1.0"
}
