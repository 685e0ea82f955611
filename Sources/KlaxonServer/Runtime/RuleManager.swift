public import KlaxonEngine
public import KlaxonModel
public import KlaxonRules
public import KlaxonStorage
public import Logging

/// Runs rule groups on their schedule over the in-memory store (Prometheus's `rules.Manager`).
///
/// One scheduler loop: every group has its next evaluation time (its phase-shifted slot, as in Prometheus);
/// the loop sleeps until the earliest, evaluates every group that is due concurrently, at its slot time, then
/// schedules the next slot, skipping slots that an overrun made it miss. `update(_:)` swaps groups between
/// cycles (state carried over by `RuleReload`), and `stop()` lets the cycle in progress finish.
public actor RuleManager {
    private struct Slot {
        var runner: RuleGroupRunner
        var group: RuleGroup
        var next: Timestamp
    }

    public let storage: MemoryStorage
    public let engine: Engine
    public private(set) var options: RuleEvaluationOptions
    private let sink: any AlertSink
    private let time: any TimeSource
    private let logger: Logger
    private let metrics: ServerMetrics?
    private let signal = LoopSignal()
    private var slots: [Slot] = []
    private var isFirstLoad = true
    private var cycleInProgress = false
    private var cycleWaiters: [CheckedContinuation<Void, Never>] = []
    private var afterCycle: (@Sendable ([LoadedRuleGroup]) async -> Void)?
    private var completedCycles = 0

    public init(
        storage: MemoryStorage, engine: Engine, options: RuleEvaluationOptions, sink: any AlertSink,
        time: any TimeSource, logger: Logger, metrics: ServerMetrics? = nil
    ) {
        self.storage = storage
        self.engine = engine
        self.options = options
        self.sink = sink
        self.time = time
        self.logger = logger
        self.metrics = metrics
    }

    /// Called after every cycle that evaluated something, with every group's state (persistence hooks here).
    public func setAfterCycle(_ body: (@Sendable ([LoadedRuleGroup]) async -> Void)?) {
        afterCycle = body
    }

    /// The groups with their current state, in configuration order.
    public func groups() async -> [LoadedRuleGroup] {
        var out: [LoadedRuleGroup] = []
        for slot in slots { out.append(await slot.runner.loaded) }
        return out
    }

    /// Cycles that evaluated at least one group since the start (tests wait on it instead of sleeping).
    public var cycles: Int { completedCycles }

    /// Replaces the groups. Unchanged groups keep running untouched; changed ones keep their alerts (matched
    /// by rule name and labels); removed ones get staleness markers for the series they wrote. Waits for the
    /// cycle in progress so that no evaluation result is lost.
    public func update(_ groups: [RuleGroup], externalLabels: Labels? = nil) async {
        while cycleInProgress {
            await withCheckedContinuation { cycleWaiters.append($0) }
        }
        var optionsChanged = false
        if let externalLabels, externalLabels != options.externalLabels {
            options.externalLabels = externalLabels
            optionsChanged = true
        }
        let current = await self.groups()
        let plan = RuleReload.plan(current: current, new: groups, isFirstLoad: isFirstLoad)
        isFirstLoad = false
        let now = time.now()
        var bySlotKey: [String: Slot] = [:]
        for slot in slots { bySlotKey[slot.group.key] = slot }
        var next: [Slot] = []
        for loaded in plan.groups {
            let key = loaded.group.key
            if plan.unchanged.contains(key), let existing = bySlotKey[key] {
                if optionsChanged {
                    // Same group, new external labels: a runner with the new options takes over its state.
                    next.append(
                        Slot(
                            runner: RuleGroupRunner(await existing.runner.loaded, options: options),
                            group: existing.group, next: existing.next))
                } else {
                    next.append(existing)
                }
                continue
            }
            let firstSlot = loaded.group.evaluationSlot(atOrBefore: now).addingSaturated(loaded.group.interval)
            next.append(
                Slot(
                    runner: RuleGroupRunner(loaded, options: options), group: loaded.group,
                    next: bySlotKey[key]?.next ?? firstSlot))
        }
        for removed in plan.removed {
            metrics?.forgetGroup(removed.group.key)
            for labels in removed.state.seriesToMarkStaleOnRemoval {
                // A conflict only means the series already has a sample at this time.
                _ = try? storage.appendStaleMarker(labels, t: now)
            }
        }
        slots = next
        signal.wake()
    }

    /// Puts alerts saved by a previous process back into the groups loaded by the first `update(_:)` (see
    /// `SavedAlertRestoration`). Restored alerts whose condition is absent are held until
    /// `max(warmUp, 5 × the group's interval)` from now, while the empty store fills. Returns how many
    /// alerts were restored. Call before `run()`.
    @discardableResult
    public func restore(_ saved: [SavedAlert], warmUp: Int64) async -> Int {
        guard !saved.isEmpty else { return 0 }
        let saved = SavedAlertRestoration.rebase(saved, onto: slots.map(\.group))
        let now = time.now()
        var total = 0
        for index in slots.indices {
            let slot = slots[index]
            let window = Swift.max(warmUp, slot.group.interval.multipliedSaturated(by: 5))
            let (restored, count) = SavedAlertRestoration.restore(
                saved, into: await slot.runner.loaded, at: now, heldUntil: now.addingSaturated(window),
                options: options)
            guard count > 0 else { continue }
            slots[index].runner = RuleGroupRunner(restored, options: options)
            total += count
        }
        return total
    }

    /// Ends `run()` after the cycle in progress.
    public nonisolated func stopNow() {
        signal.stop()
    }

    /// The scheduler loop; returns after `stop()` (or when cancelled).
    public func run() async {
        while !signal.isStopped && !Task.isCancelled {
            if await evaluateDue() > 0 { continue }
            let now = time.now()
            let earliest = slots.map(\.next).min() ?? now.addingSaturated(3_600_000)
            if await signal.sleep(until: earliest, time: time) == .stopped { break }
        }
        for waiter in cycleWaiters { waiter.resume() }
        cycleWaiters = []
    }

    /// Evaluates every group whose next slot is at or before the current time (one cycle); returns how many.
    /// `run()` calls it; tests call it after moving a `ManualTimeSource`.
    @discardableResult
    public func evaluateDue() async -> Int {
        let now = time.now()
        let due = slots.indices.filter { slots[$0].next <= now }
        guard !due.isEmpty else { return 0 }
        await evaluate(due)
        return due.count
    }

    /// When each group is evaluated next, by group key.
    public var schedule: [String: Timestamp] {
        Dictionary(slots.map { ($0.group.key, $0.next) }, uniquingKeysWith: { a, _ in a })
    }

    private func evaluate(_ due: [Int]) async {
        cycleInProgress = true
        let jobs = due.map { (slots[$0].runner, slots[$0].group, slots[$0].next) }
        let storage = self.storage
        let engine = self.engine
        let sink = self.sink
        let results = await withTaskGroup(of: (Int, RuleGroupState, GroupEvaluationResult).self) { tasks in
            for (position, job) in jobs.enumerated() {
                let (runner, _, ts) = job
                tasks.addTask {
                    let before = await runner.state
                    let result = await runner.iterate(at: ts, storage: storage, engine: engine, sink: sink)
                    return (position, before, result)
                }
            }
            var collected: [(Int, RuleGroupState, GroupEvaluationResult)] = []
            for await item in tasks { collected.append(item) }
            return collected.sorted { $0.0 < $1.0 }
        }
        for (position, before, result) in results {
            let group = jobs[position].1
            report(result, before: before, group: group, at: jobs[position].2)
        }
        let now = time.now()
        for index in due {
            var slot = slots[index]
            var next = slot.next.addingSaturated(slot.group.interval)
            var missed = 0
            if slot.group.interval > 0 && next <= now {
                missed = Int((now - next) / slot.group.interval) + 1
                next = next.addingSaturated(Int64(missed).multipliedSaturated(by: slot.group.interval))
            }
            if missed > 0 {
                metrics?.recordMissed(group: slot.group.key, count: missed)
                logger.warning(
                    "rule group evaluation missed iterations",
                    metadata: ["group": "\(slot.group.name)", "file": "\(slot.group.file)", "missed": "\(missed)"])
            }
            slot.next = next
            slots[index] = slot
        }
        cycleInProgress = false
        completedCycles += 1
        let waiters = cycleWaiters
        cycleWaiters = []
        for waiter in waiters { waiter.resume() }
        if let afterCycle { await afterCycle(await groups()) }
    }

    private func report(_ result: GroupEvaluationResult, before: RuleGroupState, group: RuleGroup, at ts: Timestamp) {
        let failures = result.outcomes.filter { $0.error != nil }
        metrics?.recordEvaluation(
            group: group.key, rules: result.outcomes.count, failures: failures.count,
            duration: result.state.evaluationDuration, at: ts)
        for outcome in failures {
            guard let error = outcome.error, outcome.ruleIndex < group.rules.count else { continue }
            logger.warning(
                "rule evaluation failed",
                metadata: [
                    "group": "\(group.name)", "file": "\(group.file)", "rule": "\(group.rules[outcome.ruleIndex].name)",
                    "err": "\(error.message)",
                ])
        }
        for transition in AlertTransition.between(before, result.state, of: group) {
            logger.info(
                "alert \(transition.kind.rawValue)",
                metadata: [
                    "group": "\(transition.group)", "alertname": "\(transition.rule)",
                    "labels": "\(transition.labels)", "value": "\(GoFloat.formatAPI(transition.value))",
                ])
        }
    }
}
