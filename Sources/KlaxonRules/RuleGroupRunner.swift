public import KlaxonEngine
public import KlaxonModel
public import KlaxonStorage

/// One rule group bound to the in-process store: what Prometheus's `Group` does at each tick, minus the
/// ticking. `iterate(at:…)` evaluates, commits the samples, hands alerts to the sink and, for a group that
/// needs it, restores the `for` state after its second evaluation (as Prometheus's `Group.run` does).
/// Scheduling (`RuleGroup.evaluationSlot`, missed iterations) belongs to the caller.
public actor RuleGroupRunner {
    public private(set) var loaded: LoadedRuleGroup
    public let options: RuleEvaluationOptions
    private var iterations = 0

    public init(_ loaded: LoadedRuleGroup, options: RuleEvaluationOptions = RuleEvaluationOptions()) {
        self.loaded = loaded
        self.options = options
    }

    /// The group with its current state.
    public var group: RuleGroup { loaded.group }
    public var state: RuleGroupState { loaded.state }

    /// Evaluates at `ts` over `storage`, appends the result to it and sends the alerts to `sink`.
    @discardableResult
    public func iterate(at ts: Timestamp, storage: MemoryStorage, engine: Engine = Engine(), sink: some AlertSink)
        async -> GroupEvaluationResult
    {
        var result = await GroupEvaluation.evaluate(
            loaded.group, at: ts, querier: LocalQuerier(engine: engine, source: storage), state: loaded.state,
            options: options)
        result.commit(to: storage)
        await result.deliver(to: sink)
        loaded.state = result.state
        iterations += 1
        if loaded.needsRestore && iterations >= 2 && !result.wasCancelled {
            loaded.state = GroupEvaluation.restoreForState(
                loaded.group, state: loaded.state, at: ts, source: storage, options: options
            ).state
            loaded.needsRestore = false
        }
        return result
    }
}
