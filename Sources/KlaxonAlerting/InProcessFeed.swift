public import KlaxonModel

/// What a Prometheus scrape of one target does to the samples it reads, for samples collected in process:
/// target labels (`job`, `instance`) are attached, a scraped label that clashes with one of them is kept as
/// `exported_<name>` (Prometheus's `honor_labels: false`), labels with empty values are dropped, the report
/// series `up`, `scrape_duration_seconds`, `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling`
/// and `scrape_series_added` are added, and every series of the previous feed missing from this one gets a
/// staleness marker, so queries stop seeing it at once instead of after the 5m lookback.
///
/// A value type holding only the previous feed's series: the engine's feed loop owns one.
struct InProcessFeed: Sendable {
    let targetLabels: Labels
    /// Series (target labels applied) written by the previous feed, report series excluded.
    private(set) var previousSeries: Set<Labels> = []

    init(job: String, instance: String) {
        targetLabels = Labels([Label(Self.jobLabel, job), Label(Self.instanceLabel, instance)])
    }

    static let jobLabel = "job"
    static let instanceLabel = "instance"
    static let exportedPrefix = "exported_"

    /// The samples of one feed at `t`: the scraped ones, then staleness markers, then the report series.
    mutating func samples(
        from scraped: [(labels: Labels, value: Double)], at t: Timestamp, duration: Duration
    ) -> (samples: [Sample], staleMarkers: Int) {
        var out: [Sample] = []
        out.reserveCapacity(scraped.count + 5)
        var current: Set<Labels> = []
        current.reserveCapacity(scraped.count)
        var added = 0
        for (labels, value) in scraped {
            let labelled = applyingTargetLabels(to: labels)
            out.append(Sample(labels: labelled, t: t, v: value))
            if current.insert(labelled).inserted && !previousSeries.contains(labelled) { added += 1 }
        }
        var staleMarkers = 0
        for labels in previousSeries.subtracting(current).sorted() {
            out.append(Sample(labels: labels, t: t, v: StaleMarker.value))
            staleMarkers += 1
        }
        previousSeries = current
        let report: [(String, Double)] = [
            ("up", 1),
            ("scrape_duration_seconds", Double(duration.milliseconds) / 1000),
            ("scrape_samples_scraped", Double(scraped.count)),
            ("scrape_samples_post_metric_relabeling", Double(scraped.count)),
            ("scrape_series_added", Double(added)),
        ]
        for (name, value) in report {
            out.append(Sample(labels: targetLabels.setting(WellKnown.metricName, name), t: t, v: value))
        }
        return (out, staleMarkers)
    }

    /// Prometheus's `mutateSampleLabels` without `honor_labels`: target labels win; the scraped values they
    /// replace move to `exported_<name>` (prefixed again while that name is taken), shortest names first.
    func applyingTargetLabels(to labels: Labels) -> Labels {
        var result = labels
        var conflicts: [Label] = []
        for target in targetLabels {
            let existing = labels[target.name]
            if !existing.isEmpty { conflicts.append(Label(target.name, existing)) }
            result.set(target.name, target.value)
        }
        for conflict in conflicts.sorted(by: { $0.name.utf8.count < $1.name.utf8.count }) {
            var name = conflict.name
            repeat { name = Self.exportedPrefix + name } while !result[name].isEmpty
            result.set(name, conflict.value)
        }
        if result.contains(where: { $0.value.isEmpty }) {
            result = Labels(sortedUnchecked: result.filter { !$0.value.isEmpty })
        }
        return result
    }
}

/// What the in-process feed did last (the engine's `up`-side health).
public struct InProcessFeedStatus: Sendable, Equatable {
    /// Feeds done since the engine started.
    public var feeds: Int
    /// The timestamp of the last feed, nil before the first.
    public var lastFeed: Timestamp?
    /// How long collecting the registry took.
    public var lastDuration: Duration
    /// Samples read from the registry by the last feed.
    public var samplesScraped: Int
    /// Series that disappeared at the last feed (each got a staleness marker).
    public var staleMarkers: Int
    /// Samples of the last feed that storage rejected (duplicates with another value, out of order).
    public var appendFailures: Int

    public init(
        feeds: Int = 0, lastFeed: Timestamp? = nil, lastDuration: Duration = .zero, samplesScraped: Int = 0,
        staleMarkers: Int = 0, appendFailures: Int = 0
    ) {
        self.feeds = feeds
        self.lastFeed = lastFeed
        self.lastDuration = lastDuration
        self.samplesScraped = samplesScraped
        self.staleMarkers = staleMarkers
        self.appendFailures = appendFailures
    }
}
