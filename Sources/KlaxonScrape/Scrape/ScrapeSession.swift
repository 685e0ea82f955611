import KlaxonModel
import KlaxonStorage

/// What one scrape's ingestion did (the numbers behind the synthetic series).
struct IngestResult {
    /// Samples in the exposition (`scrape_samples_scraped`).
    var total = 0
    /// Samples left after metric relabelling (`scrape_samples_post_metric_relabeling`).
    var added = 0
    /// Series seen for the first time (`scrape_series_added`).
    var seriesAdded = 0
    /// Why the scrape failed, in Prometheus's words.
    var error: String?
    /// Lines repeated within one exposition (dropped, counted like Prometheus's duplicate timestamps).
    var duplicates = 0
    /// Samples more than ten minutes ahead of the scrape.
    var outOfBounds = 0
    var sampleLimitExceeded = false
    var labelLimitExceeded = false
}

/// What a queued sample of the scrape's batch was, so commit failures can be traced back.
enum BatchItem {
    case sample(entry: Int, value: Double)
    case stale
    case report(index: Int, value: Double)
}

/// The ingestion settings of one target, fixed for the life of its loop.
struct IngestOptions: Sendable {
    var targetLabels: Labels
    var honorLabels: Bool
    var honorTimestamps: Bool
    var trackTimestampsStaleness: Bool
    var metricRelabeler: Relabeler
    var sampleLimit: Int
    var labelLimit: Int
    var labelNameLengthLimit: Int
    var labelValueLengthLimit: Int
    var validation: NameValidationScheme
    var dropCreatedSeries: Bool

    init(target: ScrapeTarget, config: ScrapeConfig, metricRelabeler: Relabeler) {
        targetLabels = target.labels
        honorLabels = config.honorLabels
        honorTimestamps = config.honorTimestamps
        trackTimestampsStaleness = config.trackTimestampsStaleness
        self.metricRelabeler = metricRelabeler
        sampleLimit = config.sampleLimit
        labelLimit = config.labelLimit
        labelNameLengthLimit = config.labelNameLengthLimit
        labelValueLengthLimit = config.labelValueLengthLimit
        validation = config.metricNameValidationScheme
        dropCreatedSeries = config.dropCreatedSeries
    }
}

/// The mutable state of one target's scrapes: the cache, the synthetic series' references, and the undo log
/// of the scrape in progress. Owned by a `ScrapeLoop` behind its mutex.
struct ScrapeSession {
    let options: IngestOptions
    var cache = ScrapeCache()
    /// References of the five synthetic series, in `ReportSeries` order.
    var reportRefs: [SeriesRef?] = Array(repeating: nil, count: ReportSeries.allCases.count)
    let reportLabels: [Labels]
    /// Staleness tracking changed by the scrape in progress: restored if it is rolled back.
    var trackLog: [(index: Int, previous: UInt64)] = []
    /// When the loop last scraped (for end-of-run staleness).
    var lastScrape: Timestamp?
    /// How the iteration in progress ends: flushing the cache (a successful, non-empty scrape) or not. It ends
    /// only after the commit, so cache indices stay valid while commit failures are traced back.
    var flushPending = false

    /// Prometheus accepts samples at most this far ahead of the scrape (`maxAheadTime`).
    static let maxAhead: Int64 = 10 * 60 * 1000

    init(options: IngestOptions) {
        self.options = options
        reportLabels = ReportSeries.allCases.map { series in
            var labels = options.targetLabels
            labels.set(WellKnown.metricName, series.rawValue)
            return labels
        }
    }

    // MARK: Label pipeline for a new series

    /// Target labels attached (conflicts renamed `exported_…` unless `honor_labels`), then metric relabelling;
    /// nil when the series is dropped (Prometheus's `mutateSampleLabels`).
    func mutate(_ exposed: Labels) -> Labels? {
        var labels = exposed
        if options.honorLabels {
            for label in options.targetLabels where !exposed.has(label.name) { labels.set(label.name, label.value) }
        } else {
            var conflicts: [Label] = []
            for label in options.targetLabels {
                let existing = exposed[label.name]
                if !existing.isEmpty { conflicts.append(Label(label.name, existing)) }
                labels.set(label.name, label.value)
            }
            if !conflicts.isEmpty {
                let ordered = conflicts.enumerated().sorted {
                    ($0.element.name.utf8.count, $0.offset) < ($1.element.name.utf8.count, $1.offset)
                }
                for (_, conflict) in ordered {
                    var name = conflict.name
                    repeat { name = TargetLabels.exportedPrefix + name } while !labels[name].isEmpty
                    labels.set(name, conflict.value)
                }
            }
        }
        if !options.metricRelabeler.isEmpty {
            guard let relabelled = options.metricRelabeler.process(labels) else { return nil }
            labels = relabelled
        }
        return labels.isEmpty ? nil : labels
    }

    /// Name presence and validity, then label limits; the error in Prometheus's words.
    func check(_ labels: Labels) -> (message: String, isLabelLimit: Bool)? {
        guard labels.has(WellKnown.metricName) else { return ("missing metric name (__name__ label)", false) }
        let scheme = options.validation
        for label in labels {
            let valid =
                scheme.isValidLabelName(label.name)
                && (label.name != WellKnown.metricName || scheme.isValidMetricName(label.value))
            if !valid { return ("invalid metric name or label names: \(ScrapeSession.format(labels))", false) }
        }
        let metric = String(labels.metricName.unicodeScalars.prefix(50))
        if options.labelLimit > 0 && labels.count > options.labelLimit {
            return (
                "label_limit exceeded (metric: \(metric), number of labels: \(labels.count), "
                    + "limit: \(options.labelLimit))", true
            )
        }
        guard options.labelNameLengthLimit > 0 || options.labelValueLengthLimit > 0 else { return nil }
        for label in labels {
            let name = String(label.name.unicodeScalars.prefix(50))
            let nameLength = label.name.utf8.count
            if options.labelNameLengthLimit > 0 && nameLength > options.labelNameLengthLimit {
                return (
                    "label_name_length_limit exceeded (metric: \(metric), label name: \(name), length: \(nameLength), "
                        + "limit: \(options.labelNameLengthLimit))", true
                )
            }
            let valueLength = label.value.utf8.count
            if options.labelValueLengthLimit > 0 && valueLength > options.labelValueLengthLimit {
                let value = GoQuote.quote(String(label.value.unicodeScalars.prefix(50)))
                return (
                    "label_value_length_limit exceeded (metric: \(metric), label name: \(name), value: \(value), "
                        + "length: \(valueLength), limit: \(options.labelValueLengthLimit))", true
                )
            }
        }
        return nil
    }

    /// Prometheus's `labels.Labels.String()`: `{__name__="up", job="x"}`, non-legacy names quoted.
    static func format(_ labels: Labels) -> String {
        let body = labels.map { label in
            let name = Labels.isValidLegacyLabelName(label.name) ? label.name : GoQuote.quote(label.name)
            return name + "=" + GoQuote.quote(label.value)
        }
        return "{" + body.joined(separator: ", ") + "}"
    }

    // MARK: Staleness and rollback

    /// Queues staleness markers for the series the previous scrape appended and this one did not.
    mutating func appendStaleMarkers(at t: Timestamp, into app: inout StorageAppender, batch: inout [BatchItem]) {
        for (_, ref) in cache.staleSeries() {
            app.appendStaleMarker(ref, t: t)
            batch.append(.stale)
        }
    }

    /// A scrape with no samples (failed, or an empty body): every series of the previous scrape goes stale and
    /// the cache is kept (Prometheus's `append` of an empty body).
    mutating func ingestEmpty(at t: Timestamp, into app: inout StorageAppender, batch: inout [BatchItem]) {
        appendStaleMarkers(at: t, into: &app, batch: &batch)
        flushPending = false
        trackLog.removeAll(keepingCapacity: true)
    }

    /// Ends the iteration once the batch is committed; true when the cache had to be flushed because failed
    /// scrapes let it grow.
    @discardableResult
    mutating func finishIteration() -> Bool {
        let forced = cache.finishIteration(flush: flushPending)
        flushPending = false
        return forced
    }

    /// Undoes the staleness tracking of a scrape whose samples are being discarded.
    mutating func rollBackTracking() {
        for (index, previous) in trackLog.reversed() { cache.setTracked(index, previous) }
        trackLog.removeAll(keepingCapacity: true)
    }

    /// Tracks `index` for staleness and logs the change.
    @inline(__always)
    mutating func track(_ index: Int) {
        let previous = cache.track(index)
        trackLog.append((index, previous))
    }
}

/// The synthetic series every scrape writes (Prometheus's report samples), in the order it writes them.
enum ReportSeries: String, CaseIterable {
    case up
    case scrapeDurationSeconds = "scrape_duration_seconds"
    case scrapeSamplesScraped = "scrape_samples_scraped"
    case scrapeSamplesPostMetricRelabeling = "scrape_samples_post_metric_relabeling"
    case scrapeSeriesAdded = "scrape_series_added"
}
