import KlaxonMetrics
import KlaxonModel
import KlaxonRules
import KlaxonStorage
import Logging
import Synchronization

extension AlertingEngine {
    /// Runs the feed, one evaluation loop per rule group and the notifiers' `run()`, until `stop()` is called
    /// or the task is cancelled; then returns normally. A notifier's error ends the run and is rethrown.
    ///
    /// - `stop()` is the graceful way out: every loop finishes what it is doing (a feed, a whole group
    ///   evaluation with its notifications) and returns, then the notifiers' `run()` are cancelled and
    ///   their `flush()` awaited.
    /// - Cancellation stops at the next well-defined point: a sleeping loop wakes at once, and a group
    ///   evaluation stops between two rules; the rules that ran are committed and their alerts delivered.
    ///
    /// An engine runs once: a second call throws `AlertingEngineError.alreadyRun`.
    ///
    /// ## Why `run()` and `stop()`, not `start()`
    /// A `start()` that returns while the engine keeps working needs an unstructured `Task`, whose errors
    /// nobody awaits and whose lifetime nobody owns; Klaxon's libraries do not create them. Run the engine in
    /// a task group you own instead, next to the application (see the type's documentation), or use
    /// `withRunning(_:)`, which is the `start` … `stop` pair as one scoped call. `KlaxonServer` wraps `run()`
    /// as a swift-service-lifecycle `Service`.
    public func run() async throws {
        let first = status.withLock { s in
            guard s.lifecycle == .idle else { return false }
            s.lifecycle = .running
            return true
        }
        guard first else { throw AlertingEngineError(.alreadyRun, "the alerting engine has already been run") }
        defer { status.withLock { $0.lifecycle = .finished } }
        logger.info(
            "alerting engine started",
            metadata: ["groups": "\(runners.count)", "notifiers": "\(notifiers.count)"])

        try await withThrowingTaskGroup(of: Bool.self) { group in  // child result: whether it was the loops
            group.addTask {
                await withDiscardingTaskGroup { loops in
                    loops.addTask { await self.runFeed() }
                    for (index, runner) in self.runners.enumerated() {
                        loops.addTask { await self.runEvaluations(of: runner, index: index) }
                    }
                }
                return true
            }
            for notifier in notifiers {
                group.addTask {
                    try await notifier.run()
                    return false
                }
            }
            var loopsEnded = false
            while true {
                do {
                    guard let wasLoops = try await group.next() else { break }
                    if wasLoops {
                        loopsEnded = true
                        group.cancelAll()  // the notifiers have nothing more to deliver
                    }
                } catch {
                    // Notifiers cancelled because the engine is stopping end with cancellation errors.
                    if loopsEnded || error is CancellationError || Task.isCancelled { continue }
                    logger.error("alert notifier failed", metadata: ["error": "\(error)"])
                    throw error
                }
            }
        }
        if !Task.isCancelled {
            for notifier in notifiers { await notifier.flush() }
        }
        logger.info("alerting engine stopped")
    }

    /// Asks a running engine to finish its current work and return from `run()` (see there). Safe to call
    /// from anywhere, more than once, and before `run()` (which then returns at once).
    public func stop() {
        shutdown.request()
    }

    /// Runs the engine while `body` runs: the `start()` … `stop()` of the issue as one structured call.
    /// When `body` returns or throws, the engine is stopped gracefully and awaited; `body`'s error wins over
    /// the engine's.
    ///
    /// ```swift
    /// try await engine.withRunning {
    ///     try await server.serve()   // the application's own work
    /// }
    /// ```
    public func withRunning<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask { try await self.run() }
            let result: Result
            do {
                result = try await body()
            } catch {
                stop()
                // The body's error is the one to report; the engine's, if any, is secondary.
                try? await group.waitForAll()
                throw error
            }
            stop()
            try await group.waitForAll()
            return result
        }
    }

    // MARK: Loops

    /// Sleeps until `deadline`; false when the engine is stopping or the task is cancelled.
    func sleep(until deadline: Timestamp) async -> Bool {
        if shutdown.isRequested || Task.isCancelled { return false }
        let completed = await withTaskGroup(of: Bool.self) { group in
            group.addTask { [timeSource] in
                do {
                    try await timeSource.sleep(until: deadline)
                    return true
                } catch {
                    return false  // cancelled
                }
            }
            group.addTask { [shutdown] in
                await shutdown.wait()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return completed && !shutdown.isRequested && !Task.isCancelled
    }

    /// The in-process feed: a scrape of the registry every `feedInterval`, the first at once.
    func runFeed() async {
        let interval = options.feedInterval.milliseconds
        let retention = options.retention.milliseconds
        var feed = InProcessFeed(job: options.job, instance: options.instance)
        var next = timeSource.now()
        var lastTruncation = next
        while await sleep(until: next) {
            let now = timeSource.now()
            // Feeds the process could not make (it was suspended) are skipped, as a scrape ticker skips them.
            let due = now.subtractingSaturated(next) >= interval ? next + (now - next) / interval * interval : next
            // Stamped with the schedule when on time, as Prometheus aligns scrape timestamps: regular
            // timestamps compress better and keep `rate()` windows regular.
            let t = now.subtractingSaturated(due) <= Self.timestampAlignmentTolerance ? due : now
            feedOnce(&feed, at: t)
            if t.subtractingSaturated(lastTruncation) >= Self.truncationPeriod {
                storage.truncate(before: t.subtractingSaturated(retention))
                lastTruncation = t
            }
            next = due + interval
        }
    }

    /// How late a feed may run and still be stamped with its scheduled time.
    static let timestampAlignmentTolerance: Int64 = 100
    /// How often samples past retention are dropped.
    static let truncationPeriod: Int64 = 60_000

    /// One feed at `t`: collect, label, mark vanished series stale, append atomically.
    func feedOnce(_ feed: inout InProcessFeed, at t: Timestamp) {
        let clock = ContinuousClock()
        let started = clock.now
        let scraped = registry.collect().samples
        let duration = clock.now - started
        let (samples, staleMarkers) = feed.samples(from: scraped, at: t, duration: duration)
        let report = storage.append(samples)
        let failures = report.failures.count
        if failures > 0 {
            logger.warning(
                "feed samples rejected by storage",
                metadata: ["count": "\(failures)", "first": "\(report.failures.first.map { "\($0.error)" } ?? "")"])
        }
        status.withLock { s in
            s.feed.feeds += 1
            s.feed.lastFeed = t
            s.feed.lastDuration = duration
            s.feed.samplesScraped = scraped.count
            s.feed.staleMarkers = staleMarkers
            s.feed.appendFailures = failures
        }
    }

    /// One group's loop, as Prometheus's `Group.run`: the first evaluation one interval after the group's
    /// latest slot, then every interval; when a slot was missed, the next evaluation is at the latest slot.
    func runEvaluations(of runner: RuleGroupRunner, index: Int) async {
        let group = await runner.group
        let interval = group.interval > 0 ? group.interval : options.evaluationInterval.milliseconds
        var slot = group.evaluationSlot(atOrBefore: timeSource.now()).addingSaturated(interval)
        while await sleep(until: slot) {
            let due = max(slot, group.evaluationSlot(atOrBefore: timeSource.now()))
            let missed = Int((due - slot) / interval)
            if missed > 0 {
                logger.warning(
                    "rule group missed evaluations",
                    metadata: ["group": "\(group.name)", "file": "\(group.file)", "missed": "\(missed)"])
            }
            let sink = NotificationFanOut(notifiers: notifiers, externalLabels: options.externalLabels, time: due)
            let result = await runner.iterate(at: due, storage: storage, engine: queryEngine, sink: sink)
            status.withLock { s in
                s.iterations[index] += 1
                s.missedIterations[index] += missed
            }
            for outcome in result.outcomes {
                guard let error = outcome.error else { continue }
                logger.warning(
                    "evaluating rule failed",
                    metadata: [
                        "group": "\(group.name)", "file": "\(group.file)",
                        "rule": "\(group.rules[outcome.ruleIndex].name)", "error": "\(error.message)",
                    ])
            }
            if result.wasCancelled { return }
            slot = due.addingSaturated(interval)
        }
    }
}

extension Int64 {
    /// `self - other`, clamped to the representable range.
    func subtractingSaturated(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { return other < 0 ? .max : .min }
        return difference
    }

    /// `self + other`, clamped to the representable range.
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? .max : .min }
        return sum
    }
}
