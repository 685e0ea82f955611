public import KlaxonModel
import KlaxonRules

/// One scrape target as `/api/v1/targets` shows it (Prometheus's `Target`).
public struct TargetStatus: Sendable, Equatable {
    /// `up`, `down` or `unknown`.
    public enum Health: String, Sendable {
        case up, down, unknown
    }

    public var scrapePool: String
    public var scrapeURL: String
    /// Labels before relabelling.
    public var discoveredLabels: Labels
    /// Labels attached to the target's samples.
    public var labels: Labels
    public var health: Health
    public var lastError: String
    public var lastScrape: Timestamp?
    /// Seconds.
    public var lastScrapeDuration: Double
    /// Milliseconds.
    public var scrapeInterval: Int64
    /// Milliseconds.
    public var scrapeTimeout: Int64

    public init(
        scrapePool: String, scrapeURL: String, discoveredLabels: Labels, labels: Labels, health: Health = .unknown,
        lastError: String = "", lastScrape: Timestamp? = nil, lastScrapeDuration: Double = 0, scrapeInterval: Int64,
        scrapeTimeout: Int64
    ) {
        self.scrapePool = scrapePool
        self.scrapeURL = scrapeURL
        self.discoveredLabels = discoveredLabels
        self.labels = labels
        self.health = health
        self.lastError = lastError
        self.lastScrape = lastScrape
        self.lastScrapeDuration = lastScrapeDuration
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
    }
}

/// Where the server learns about scrape targets (the scrape manager once KlaxonScrape lands).
public protocol TargetSource: Sendable {
    /// Active targets, by pool then URL.
    func activeTargets() async -> [TargetStatus]
}

/// `/api/v1/targets` (Prometheus's `TargetDiscovery`), with the `state` (`active`|`dropped`|`any`) and
/// `scrapePool` filters.
public enum TargetsAPI {
    public static func targets(_ targets: [TargetStatus], pools: [String], form: FormParameters) -> APIReply {
        let state = form.value("state").lowercased()
        let pool = form.value("scrapePool")
        let showActive = state.isEmpty || state == "any" || state == "active"
        let showDropped = state.isEmpty || state == "any" || state == "dropped"
        var json = "{"
        if showActive {
            let selected = targets.filter { pool.isEmpty || $0.scrapePool == pool }
            json += "\"activeTargets\":[" + selected.map(targetJSON).joined(separator: ",") + "]"
        } else {
            json += "\"activeTargets\":[]"
        }
        json += ",\"droppedTargets\":[]"
        if showDropped {
            let counts = pools.filter { pool.isEmpty || $0 == pool }.sorted().map { GoJSON.quote($0) + ":0" }
            json += ",\"droppedTargetCounts\":{" + counts.joined(separator: ",") + "}"
        } else {
            json += ",\"droppedTargetCounts\":null"
        }
        return .success(data: json + "}")
    }

    static func targetJSON(_ target: TargetStatus) -> String {
        var json = "{\"discoveredLabels\":" + GoJSON.labels(target.discoveredLabels)
        json += ",\"labels\":" + GoJSON.labels(target.labels)
        json += ",\"scrapePool\":" + GoJSON.quote(target.scrapePool)
        json += ",\"scrapeUrl\":" + GoJSON.quote(target.scrapeURL)
        json += ",\"globalUrl\":" + GoJSON.quote(target.scrapeURL)
        json += ",\"lastError\":" + GoJSON.quote(target.lastError)
        json += ",\"lastScrape\":" + GoJSON.quote(target.lastScrape.map(AlertAPIFormat.rfc3339) ?? RulesAPI.zeroTime)
        json += ",\"lastScrapeDuration\":" + JSONNumber.format(target.lastScrapeDuration)
        json += ",\"health\":" + GoJSON.quote(target.health.rawValue)
        json += ",\"scrapeInterval\":" + GoJSON.quote(PromDuration.format(target.scrapeInterval))
        json += ",\"scrapeTimeout\":" + GoJSON.quote(PromDuration.format(target.scrapeTimeout))
        return json + "}"
    }
}
