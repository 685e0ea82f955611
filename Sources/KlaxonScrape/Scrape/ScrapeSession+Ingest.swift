import KlaxonModel
import KlaxonStorage

extension ScrapeSession {
    /// Parses an exposition and queues its samples (Prometheus's `scrapeLoopAppender.append`): cached lines go
    /// straight to their series reference; new lines are labelled, relabelled, checked and cached. On success
    /// the staleness markers are queued; on failure (`result.error`) the caller must roll back the batch and
    /// call `rollBackTracking()` then `ingestEmpty`. Either way the caller ends with `finishIteration()` after
    /// committing.
    mutating func ingestText(
        _ body: [UInt8],
        format: ScrapeFormat,
        at defaultTime: Timestamp,
        into app: inout StorageAppender,
        batch: inout [BatchItem]
    ) -> IngestResult {
        var result = IngestResult()
        if body.isEmpty {
            ingestEmpty(at: defaultTime, into: &app, batch: &batch)
            return result
        }
        trackLog.removeAll(keepingCapacity: true)
        var parser = ExpositionParser(body, format: format, skipCreatedSeries: options.dropCreatedSeries)
        let maxTime = defaultTime + ScrapeSession.maxAhead
        let trackExplicit = options.trackTimestampsStaleness
        var limited = 0
        app.reserveCapacity(body.count / 32)
        batch.reserveCapacity(batch.count + body.count / 32)

        while true {
            let entry: ExpositionEntry?
            do {
                entry = try parser.next()
            } catch {
                result.error = error.message
                break
            }
            guard let entry else { break }
            guard case .sample(let line) = entry else { continue }
            result.total += 1
            let explicit = options.honorTimestamps ? line.timestamp : nil
            let t = explicit ?? defaultTime
            let hash = ByteHash.hash(parser.b + line.series.lowerBound, line.series.count)

            var index = -1
            var newLabels: Labels?
            if let found = cache.find(parser.b, line.series, hash: hash) {
                let alreadySeen = cache.markSeen(found)
                guard cache.refs[found] != nil else { continue }  // dropped by relabelling
                if alreadySeen && explicit == nil {
                    result.duplicates += 1  // Prometheus: ErrDuplicateSampleForTimestamp, not appended
                    result.added += 1
                    continue
                }
                index = found
            } else {
                guard let labels = mutate(parser.labels()) else {
                    cache.insert(parser.b, line.series, hash: hash, ref: nil, labels: Labels())
                    continue
                }
                if let (message, isLabelLimit) = check(labels) {
                    result.error = message
                    result.labelLimitExceeded = isLabelLimit
                    break
                }
                newLabels = labels
            }

            // Prometheus's limitAppender: staleness markers of known series do not count.
            if options.sampleLimit > 0 && (newLabels != nil || !StaleMarker.isStale(line.value)) {
                limited += 1
                if limited > options.sampleLimit {
                    result.sampleLimitExceeded = true
                    result.added += 1
                    continue
                }
            }
            if t > maxTime {
                result.outOfBounds += 1
                result.added += 1
                continue
            }
            if let labels = newLabels {
                let ref: SeriesRef
                do {
                    ref = try app.append(labels, t: t, v: line.value)
                } catch {
                    result.error = error.description
                    break
                }
                index = cache.insert(parser.b, line.series, hash: hash, ref: ref, labels: labels)
                if !result.sampleLimitExceeded { result.seriesAdded += 1 }
            } else if let ref = cache.refs[index] {
                app.append(ref, t: t, v: line.value)
            }
            batch.append(.sample(entry: index, value: line.value))
            if explicit == nil || trackExplicit { track(index) }
            result.added += 1
        }
        return finish(result, at: defaultTime, into: &app, batch: &batch)
    }

    /// Queues samples produced in-process (the registry adapter): the same pipeline as `ingestText`, keyed by
    /// the samples' own labels. A sample whose `t` differs from the scrape time carries an explicit timestamp.
    mutating func ingestSamples(
        _ samples: [Sample],
        at defaultTime: Timestamp,
        into app: inout StorageAppender,
        batch: inout [BatchItem]
    ) -> IngestResult {
        var result = IngestResult()
        if samples.isEmpty {
            ingestEmpty(at: defaultTime, into: &app, batch: &batch)
            return result
        }
        trackLog.removeAll(keepingCapacity: true)
        let maxTime = defaultTime + ScrapeSession.maxAhead
        var limited = 0
        for sample in samples {
            result.total += 1
            let explicit = options.honorTimestamps && sample.t != defaultTime ? sample.t : nil
            let t = explicit ?? defaultTime
            let value = sample.v.isNaN && !StaleMarker.isStale(sample.v) ? GoNumberParser.normalNaN : sample.v
            var index = -1
            var newLabels: Labels?
            if let found = cache.find(labels: sample.labels) {
                let alreadySeen = cache.markSeen(found)
                guard cache.refs[found] != nil else { continue }
                if alreadySeen && explicit == nil {
                    result.duplicates += 1
                    result.added += 1
                    continue
                }
                index = found
            } else {
                guard let labels = mutate(sample.labels) else {
                    cache.insert(key: sample.labels, ref: nil, labels: Labels())
                    continue
                }
                if let (message, isLabelLimit) = check(labels) {
                    result.error = message
                    result.labelLimitExceeded = isLabelLimit
                    break
                }
                newLabels = labels
            }
            if options.sampleLimit > 0 && (newLabels != nil || !StaleMarker.isStale(value)) {
                limited += 1
                if limited > options.sampleLimit {
                    result.sampleLimitExceeded = true
                    result.added += 1
                    continue
                }
            }
            if t > maxTime {
                result.outOfBounds += 1
                result.added += 1
                continue
            }
            if let labels = newLabels {
                let ref: SeriesRef
                do {
                    ref = try app.append(labels, t: t, v: value)
                } catch {
                    result.error = error.description
                    break
                }
                index = cache.insert(key: sample.labels, ref: ref, labels: labels)
                if !result.sampleLimitExceeded { result.seriesAdded += 1 }
            } else if let ref = cache.refs[index] {
                app.append(ref, t: t, v: value)
            }
            batch.append(.sample(entry: index, value: value))
            if explicit == nil || options.trackTimestampsStaleness { track(index) }
            result.added += 1
        }
        return finish(result, at: defaultTime, into: &app, batch: &batch)
    }

    /// The end of a non-empty ingestion: the sample limit turns into the scrape's error; on success the
    /// staleness markers are queued and the cache flushed.
    private mutating func finish(
        _ result: IngestResult,
        at t: Timestamp,
        into app: inout StorageAppender,
        batch: inout [BatchItem]
    ) -> IngestResult {
        var result = result
        if result.sampleLimitExceeded && result.error == nil { result.error = "sample limit exceeded" }
        if result.error == nil {
            appendStaleMarkers(at: t, into: &app, batch: &batch)
            flushPending = true
            trackLog.removeAll(keepingCapacity: true)
        }
        return result
    }

    /// Queues the five synthetic series (Prometheus's `report`) with the target's labels.
    mutating func appendReport(
        at t: Timestamp,
        up: Bool,
        duration: Duration,
        result: IngestResult,
        into app: inout StorageAppender,
        batch: inout [BatchItem]
    ) {
        let values: [Double] = [
            up ? 1 : 0, duration.secondsDouble, Double(result.total), Double(result.added), Double(result.seriesAdded),
        ]
        appendReportValues(values, at: t, into: &app, batch: &batch)
    }

    /// Queues staleness markers for the synthetic series (Prometheus's `reportStale`).
    mutating func appendReportStale(at t: Timestamp, into app: inout StorageAppender, batch: inout [BatchItem]) {
        appendReportValues(
            Array(repeating: StaleMarker.value, count: ReportSeries.allCases.count), at: t, into: &app, batch: &batch)
    }

    private mutating func appendReportValues(
        _ values: [Double], at t: Timestamp, into app: inout StorageAppender, batch: inout [BatchItem]
    ) {
        for (index, value) in values.enumerated() {
            if let ref = reportRefs[index] {
                app.append(ref, t: t, v: value)
            } else {
                // Report labels always carry __name__, so creating the series cannot fail on an empty set.
                guard let ref = try? app.append(reportLabels[index], t: t, v: value) else { continue }
                reportRefs[index] = ref
            }
            batch.append(.report(index: index, value: value))
        }
    }
}
