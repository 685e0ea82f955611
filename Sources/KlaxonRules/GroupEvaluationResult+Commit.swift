public import KlaxonModel
public import KlaxonStorage

extension GroupEvaluationResult {
    /// Appends the samples to `storage` rule by rule, as Prometheus's per-rule appender does: a result sample
    /// the store rejects (out of order, duplicate timestamp, …) makes its rule unhealthy with the store's
    /// error and is left out of the rule's series, so it is not marked stale later; rejected staleness markers
    /// are expected (another rule wrote the series) and ignored. Returns the rejected result samples.
    @discardableResult
    public mutating func commit(to storage: MemoryStorage) -> [(sample: Sample, error: AppendError)] {
        var rejected: [(sample: Sample, error: AppendError)] = []
        var committed = 0
        for (position, outcome) in outcomes.enumerated() {
            for sample in outcome.samples {
                committed += 1
                do {
                    try storage.append(sample.labels, t: sample.t, v: sample.v)
                } catch {
                    guard !StaleMarker.isStale(sample.v) else { continue }
                    rejected.append((sample, error))
                    let index = outcome.ruleIndex
                    guard index < state.rules.count else { continue }
                    state.rules[index].health = .err
                    state.rules[index].lastError = error.description
                    state.rules[index].seriesInPreviousEval.remove(sample.labels)
                    outcomes[position].error = RuleEvaluationError(.append, error.description)
                }
            }
        }
        // Staleness markers for series of removed rules follow the rules' samples.
        for sample in samples.dropFirst(committed) {
            // A conflict means the series was written again at this time: nothing to mark.
            _ = try? storage.append(sample.labels, t: sample.t, v: sample.v)
        }
        return rejected
    }
}
