public import KlaxonModel
import Synchronization

/// One endpoint being scraped (Prometheus's `scrape.Target`): its labels after relabelling, where it is
/// scraped, and how its last scrape went.
public final class ScrapeTarget: Sendable {
    /// The job (scrape pool) the target belongs to.
    public let scrapePool: String
    /// Every label after relabelling, including internal `__…` labels such as `__address__`,
    /// `__metrics_path__`, `__scheme__`, `__param_*` (`__meta_*` labels are gone).
    public let allLabels: Labels
    /// The labels attached to every scraped series (`allLabels` without `__`-prefixed names); the API's `labels`.
    public let labels: Labels
    /// The labels before relabelling; the API's `discoveredLabels`.
    public let discoveredLabels: Labels
    /// The URL scraped.
    public let scrapeURL: String
    /// The interval and timeout, from `__scrape_interval__` and `__scrape_timeout__`.
    public let scrapeInterval: Duration
    public let scrapeTimeout: Duration
    /// A stable identity of the target (labels and URL), which also fixes its phase within the interval.
    public let hash: UInt64

    private let health: Mutex<TargetStatus.Health>

    /// A target with already-final labels (see `make(discoveredLabels:config:relabeler:)` for the
    /// Prometheus pipeline); used directly by the in-process adapter.
    public init(
        scrapePool: String,
        labels allLabels: Labels,
        discoveredLabels: Labels,
        scrapeURL: String,
        scrapeInterval: Duration,
        scrapeTimeout: Duration
    ) {
        self.scrapePool = scrapePool
        self.allLabels = allLabels
        self.labels = Labels(sortedUnchecked: allLabels.filter { !$0.name.hasPrefix("__") })
        self.discoveredLabels = discoveredLabels
        self.scrapeURL = scrapeURL
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
        var hash = FNV1a()
        hash.add(String(allLabels.fingerprint))
        hash.add(scrapeURL)
        self.hash = hash.value
        health = Mutex(TargetStatus.Health())
    }

    /// The target's state for the API.
    public var status: TargetStatus {
        let health = self.health.withLock { $0 }
        return TargetStatus(
            scrapePool: scrapePool, labels: labels, discoveredLabels: discoveredLabels, scrapeURL: scrapeURL,
            health: health.health, lastError: health.lastError, lastScrape: health.lastScrape,
            lastScrapeDuration: health.lastScrapeDuration,
            scrapeInterval: allLabels[TargetLabels.scrapeInterval], scrapeTimeout: allLabels[TargetLabels.scrapeTimeout]
        )
    }

    /// Records the outcome of a scrape (Prometheus's `Target.Report`).
    func report(start: Timestamp, duration: Duration, error: String?) {
        health.withLock { h in
            h.health = error == nil ? .up : .down
            h.lastError = error ?? ""
            h.lastScrape = start
            h.lastScrapeDuration = duration
        }
    }

    /// Milliseconds until the first scrape from `now`, in (0, interval]: the first scrape lands on the
    /// target's stable phase `(hash ^ seed) % interval` (Prometheus's `Target.offset`).
    func firstScrapeDelay(now: Timestamp, seed: UInt64) -> Int64 {
        let interval = max(scrapeInterval.milliseconds, 1)
        let base = interval - ((now % interval) + interval) % interval
        let offset = Int64((hash ^ seed) % UInt64(interval))
        var next = base + offset
        if next > interval { next -= interval }
        return next
    }
}

/// A target's state as the targets API shows it (Prometheus's `/api/v1/targets` fields).
public struct TargetStatus: Sendable, Equatable {
    /// `up`, `down` or `unknown` (never scraped).
    public enum HealthState: String, Sendable, Equatable {
        case up, down, unknown
    }

    struct Health: Sendable {
        var health = HealthState.unknown
        var lastError = ""
        var lastScrape: Timestamp?
        var lastScrapeDuration = Duration.zero
    }

    public var scrapePool: String
    public var labels: Labels
    public var discoveredLabels: Labels
    public var scrapeURL: String
    public var health: HealthState
    /// The last scrape's error in Prometheus's words, "" when it succeeded.
    public var lastError: String
    /// When the last scrape started (its sample timestamp); nil before the first.
    public var lastScrape: Timestamp?
    public var lastScrapeDuration: Duration
    /// The interval and timeout as Prometheus prints them (`15s`, `1m`).
    public var scrapeInterval: String
    public var scrapeTimeout: String
}

/// A target dropped by relabelling, listed by the API with its discovered labels.
public struct DroppedTarget: Sendable, Equatable {
    public var scrapePool: String
    public var discoveredLabels: Labels
}

/// Label names of the scrape target pipeline (Prometheus's `model.*Label` constants).
public enum TargetLabels {
    public static let address = "__address__"
    public static let scheme = "__scheme__"
    public static let metricsPath = "__metrics_path__"
    public static let scrapeInterval = "__scrape_interval__"
    public static let scrapeTimeout = "__scrape_timeout__"
    public static let paramPrefix = "__param_"
    public static let metaPrefix = "__meta_"
    public static let reservedPrefix = "__"
    public static let job = "job"
    public static let instance = "instance"
    public static let exportedPrefix = "exported_"
}

/// 64-bit FNV-1a.
struct FNV1a {
    private(set) var value: UInt64 = 14_695_981_039_346_656_037

    mutating func add(_ s: String) {
        for byte in s.utf8 {
            value ^= UInt64(byte)
            value &*= 1_099_511_628_211
        }
    }
}

extension Duration {
    /// Seconds as a double.
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
