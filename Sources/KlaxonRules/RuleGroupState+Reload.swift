import KlaxonModel

extension RuleGroupState {
    /// Prometheus's `Group.CopyState` for a reload: each rule of `newGroup` takes the staleness bookkeeping and
    /// alerts of the old rule with the same name and labels (the first unmatched one when there are several);
    /// the series of old rules left unmatched are queued for staleness markers at the next evaluation.
    /// `restored` is the restoration flag of the new group's alerting rules.
    public static func carryingOver(
        from old: RuleGroupState, of oldGroup: RuleGroup, to newGroup: RuleGroup, restored: Bool = true
    ) -> RuleGroupState {
        var state = RuleGroupState(for: newGroup, restored: restored)
        state.evaluationDuration = old.evaluationDuration
        state.lastEvaluation = old.lastEvaluation

        var unmatched: [String: [Int]] = [:]
        for (index, rule) in oldGroup.rules.enumerated() where index < old.rules.count {
            unmatched[rule.identity, default: []].append(index)
        }
        for (index, rule) in newGroup.rules.enumerated() {
            guard let oldIndex = unmatched[rule.identity]?.first else { continue }
            unmatched[rule.identity]?.removeFirst()
            let previous = old.rules[oldIndex]
            state.rules[index].seriesInPreviousEval = previous.seriesInPreviousEval
            if state.rules[index].alerting != nil, let alerts = previous.alerting?.active {
                state.rules[index].alerting?.active = alerts
            }
        }
        state.staleSeries = old.staleSeries
        for (index, rule) in oldGroup.rules.enumerated() where index < old.rules.count {
            if unmatched[rule.identity]?.contains(index) == true {
                state.staleSeries += old.rules[index].seriesInPreviousEval.sorted()
            }
        }
        return state
    }
}
