import KlaxonMetrics
public import KlaxonModel
import KlaxonStorage
import Logging
import Synchronization

extension ScrapeLoop {
    /// What a fetch produced.
    enum Payload {
        case exposition([UInt8], ScrapeFormat)
        case samples([Sample])
        case failed(String)
    }

    /// One scrape at `scrapeTime` (Prometheus's `scrapeAndReport`): fetch, ingest, report, commit atomically,
    /// update the target's health. Throws only `CancellationError`.
    @discardableResult
    public func scrape(at scrapeTime: Timestamp) async throws -> ScrapeOutcome {
        let started = stopwatch.now()
        let payload: Payload
        switch source {
        case .http(let transport):
            payload = try await fetch(through: transport)
        case .inProcess(let collect):
            do {
                payload = .samples(try await collect(scrapeTime))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                payload = .failed("\(error)")
            }
        }
        let outcome = ingest(payload, at: scrapeTime, started: started)
        target.report(start: scrapeTime, duration: outcome.duration, error: outcome.error)
        if let error = outcome.error { logger.debug("Scrape failed", metadata: ["err": "\(error)"]) }
        return outcome
    }

    /// Ingests a fetched payload and commits it with the report, under the session lock.
    func ingest(_ payload: Payload, at t: Timestamp, started: Duration) -> ScrapeOutcome {
        let storage = self.storage
        return session.withLock { session in
            var app = storage.makeAppender()
            var batch: [BatchItem] = []
            var result: IngestResult
            var failure: String?
            switch payload {
            case .failed(let message):
                failure = message
                result = IngestResult()
                session.ingestEmpty(at: t, into: &app, batch: &batch)
            case .exposition(let body, let format):
                result = session.ingestText(body, format: format, at: t, into: &app, batch: &batch)
            case .samples(let samples):
                result = session.ingestSamples(samples, at: t, into: &app, batch: &batch)
            }
            if let error = result.error {
                // The samples of a failed scrape are discarded; everything seen before goes stale.
                app.rollback()
                batch.removeAll(keepingCapacity: true)
                session.rollBackTracking()
                session.ingestEmpty(at: t, into: &app, batch: &batch)
                failure = error
                if result.sampleLimitExceeded { metrics?.exceededSampleLimit.increment() }
                if result.labelLimitExceeded { metrics?.exceededLabelLimits.increment() }
            }
            let duration = stopwatch.now() - started
            session.appendReport(
                at: t, up: failure == nil, duration: duration, result: result, into: &app, batch: &batch)
            let report = app.commit()
            absorb(
                report, batch: batch, session: &session, duplicates: result.duplicates, outOfBounds: result.outOfBounds)
            if session.finishIteration() { metrics?.cacheFlushForced.increment() }
            session.lastScrape = t
            return ScrapeOutcome(
                timestamp: t, samplesScraped: result.total, samplesPostMetricRelabeling: result.added,
                seriesAdded: result.seriesAdded, error: failure, duration: duration)
        }
    }

    /// Traces samples the storage rejected back to their series (Prometheus's `checkAddError`): counts them,
    /// stops tracking them for staleness, and re-creates series whose reference went stale (retention removed
    /// them) by appending through their labels.
    func absorb(
        _ report: AppendReport, batch: [BatchItem], session: inout ScrapeSession, duplicates: Int, outOfBounds: Int
    ) {
        var outOfOrder = 0
        var duplicates = duplicates
        var outOfBounds = outOfBounds
        for failure in report.failures where failure.index < batch.count {
            switch batch[failure.index] {
            case .stale:
                continue  // a newer sample exists: the series is alive again
            case .report(let index, let value):
                if case .unknownSeriesRef = failure.error {
                    // Retried once through the labels; a second failure loses one synthetic sample, no more.
                    session.reportRefs[index] = try? storage.append(
                        nil, session.reportLabels[index], t: failure.t, v: value)
                }
            case .sample(let entry, let value):
                switch failure.error {
                case .unknownSeriesRef:
                    do {
                        let ref = try storage.append(nil, session.cache.labels[entry], t: failure.t, v: value)
                        session.cache.updateRef(entry, ref)
                        continue
                    } catch {
                        logger.debug("Append failed", metadata: ["err": "\(error)"])
                    }
                case .outOfOrderSample: outOfOrder += 1
                case .duplicateSampleForTimestamp: duplicates += 1
                case .outOfBounds, .tooOldSample: outOfBounds += 1
                default: logger.debug("Append failed", metadata: ["err": "\(failure.error)"])
                }
                session.cache.setTracked(entry, 0)
            }
        }
        if outOfOrder > 0 {
            metrics?.outOfOrder.increment(by: UInt64(outOfOrder))
            logger.warning("Error on ingesting out-of-order samples", metadata: ["num_dropped": "\(outOfOrder)"])
        }
        if duplicates > 0 {
            metrics?.duplicateTimestamp.increment(by: UInt64(duplicates))
            logger.warning(
                "Error on ingesting samples with different value but same timestamp",
                metadata: ["num_dropped": "\(duplicates)"])
        }
        if outOfBounds > 0 {
            metrics?.outOfBounds.increment(by: UInt64(outOfBounds))
            logger.warning(
                "Error on ingesting samples that are too old or are too far into the future",
                metadata: ["num_dropped": "\(outOfBounds)"])
        }
    }
}
