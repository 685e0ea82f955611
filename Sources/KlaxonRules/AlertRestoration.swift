public import KlaxonModel
public import KlaxonStorage

/// Prometheus's `RestoreForState`: after a restart, pending alerts get back the time they already spent
/// pending, read from the `ALERTS_FOR_STATE` series, so a long `for:` does not start over.
public enum AlertRestoration {
    /// Restores one rule's alerts from its `ALERTS_FOR_STATE` series (selected with
    /// `AlertingRule.forStateMatchers` over `[ts - outageTolerance, ts]`). For each alert with a series whose
    /// last sample is not a staleness marker — `downAt` that sample's time and `activeAt'` its value, both in
    /// whole seconds, and `remaining = for - (downAt - activeAt')`:
    /// - `remaining <= 0` (it was firing): `activeAt = activeAt'`;
    /// - `remaining < forGracePeriod`: `activeAt = ts + forGracePeriod - for`, so it fires `forGracePeriod` from now;
    /// - otherwise: `activeAt = activeAt' + (ts - downAt)`, as if the outage had not happened.
    /// Rules whose `for` is below `forGracePeriod` are left alone. The result is always marked restored.
    public static func restore(
        _ state: AlertingRuleState, rule: AlertingRule, series: [SeriesSamples], at ts: Timestamp,
        forGracePeriod: Int64
    ) -> AlertingRuleState {
        var state = state
        state.restored = true
        let hold = rule.holdDuration
        guard hold >= forGracePeriod, !series.isEmpty else { return state }
        var lastPoint: [Labels: FPoint] = [:]
        for s in series {
            guard let last = s.points.last else { continue }
            lastPoint[s.labels.droppingMetricName] = last
        }
        for (key, alert) in state.active {
            guard let point = lastPoint[alert.labels], !StaleMarker.isStale(point.v) else { continue }
            guard let activeAt = restoredActiveAt(alert: point, at: ts, hold: hold, forGracePeriod: forGracePeriod)
            else { continue }
            state.active[key]?.activeAt = activeAt
        }
        return state
    }

    /// The new `activeAt` for one `ALERTS_FOR_STATE` sample, nil when its value is not a usable time.
    static func restoredActiveAt(alert point: FPoint, at ts: Timestamp, hold: Int64, forGracePeriod: Int64)
        -> Timestamp?
    {
        // Go: time.Unix(t/1000, 0) and time.Unix(int64(v), 0); both truncate toward zero.
        guard point.v.isFinite, point.v > -9.2e15, point.v < 9.2e15 else { return nil }
        let downAt = (point.t / 1000) * 1000
        let previousActiveAt = Int64(point.v) * 1000
        let remaining = hold.subtractingSaturated(downAt.subtractingSaturated(previousActiveAt))
        if remaining <= 0 { return previousActiveAt }
        if remaining < forGracePeriod { return ts.addingSaturated(forGracePeriod).subtractingSaturated(hold) }
        return previousActiveAt.addingSaturated(ts.subtractingSaturated(downAt))
    }
}

extension GroupEvaluation {
    /// Prometheus's `Group.RestoreForState` at `ts` over `source`: restores every alerting rule of the group
    /// (see `AlertRestoration.restore`) and marks them restored. A rule whose series cannot be read is marked
    /// restored unchanged; the errors are returned as `(rule name, message)` for logging.
    public static func restoreForState(
        _ group: RuleGroup, state: RuleGroupState, at ts: Timestamp, source: some SeriesSource,
        options: RuleEvaluationOptions = RuleEvaluationOptions()
    ) -> (state: RuleGroupState, errors: [(rule: String, message: String)]) {
        var state = state
        var errors: [(rule: String, message: String)] = []
        let mint = ts.subtractingSaturated(options.outageTolerance)
        for (index, rule) in group.rules.enumerated() where index < state.rules.count {
            guard case .alerting(let alerting) = rule, let alerts = state.rules[index].alerting else { continue }
            var series: [SeriesSamples] = []
            if alerting.holdDuration >= options.forGracePeriod {
                do {
                    series = try source.select(alerting.forStateMatchers, mint: mint, maxt: ts)
                } catch {
                    errors.append((alerting.name, String(describing: error)))
                }
            }
            state.rules[index].alerting = AlertRestoration.restore(
                alerts, rule: alerting, series: series, at: ts, forGracePeriod: options.forGracePeriod)
        }
        return (state, errors)
    }
}
