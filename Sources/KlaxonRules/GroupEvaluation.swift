import KlaxonEngine
public import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

/// One evaluation of a rule group, as a function: (group, time, querier, previous state) → (samples to
/// append, next state, alerts to send, per-rule errors). The test runner, the embedded engine, the daemon
/// and backtests share it; none of them is seen from here.
///
/// Rules run in order (Prometheus's sequential mode). Each rule's output goes into a `SampleOverlay` that
/// the next rules' queries see through `RuleQuerier`'s `pending` argument, the way Prometheus commits each
/// rule's samples before running the next rule. Nothing is written anywhere: the caller appends
/// `GroupEvaluationResult.samples` to storage and delivers the alerts.
public enum GroupEvaluation {
    /// Evaluates every rule of `group` at `ts` (queries run at `ts - queryOffset`, where results and
    /// staleness markers are written; alert times use `ts`). Stops between rules when the task is cancelled.
    public static func evaluate(
        _ group: RuleGroup, at ts: Timestamp, querier: some RuleQuerier, state previous: RuleGroupState,
        options: RuleEvaluationOptions = RuleEvaluationOptions()
    ) async -> GroupEvaluationResult {
        precondition(previous.rules.count == group.rules.count, "state was made for another group")
        let clock = ContinuousClock()
        let started = clock.now
        var state = previous
        var overlay = SampleOverlay()
        var outcomes: [RuleEvaluationOutcome] = []
        var cancelled = false
        let queryTime = ts.subtractingSaturated(group.queryOffset)

        for (index, rule) in group.rules.enumerated() {
            if Task.isCancelled {
                cancelled = true
                break
            }
            let ruleStarted = clock.now
            var ruleState = state.rules[index]
            var outcome = RuleEvaluationOutcome(ruleIndex: index)
            let before = overlay.samples.count
            await evaluate(
                rule, of: group, at: ts, queryTime: queryTime, querier: querier, state: &ruleState,
                overlay: &overlay, outcome: &outcome, options: options)
            outcome.samples = Array(overlay.samples[before...])
            outcome.duration = clock.now - ruleStarted
            ruleState.evaluationDuration = outcome.duration
            ruleState.lastEvaluation = ts
            state.rules[index] = ruleState
            outcomes.append(outcome)
        }
        if !cancelled {
            // Series of rules a reload removed (Prometheus's cleanupStaleSeries); conflicts are expected.
            for labels in state.staleSeries {
                try? overlay.append(Sample(labels: labels, t: queryTime, v: StaleMarker.value))
            }
            state.staleSeries = []
        }
        state.lastEvaluation = ts
        state.evaluationDuration = clock.now - started
        state.ruleEvaluationDurationSum = outcomes.reduce(.zero) { $0 + $1.duration }
        return GroupEvaluationResult(state: state, samples: overlay.samples, outcomes: outcomes, wasCancelled: cancelled)
    }

    private static func evaluate(
        _ rule: Rule, of group: RuleGroup, at ts: Timestamp, queryTime: Timestamp, querier: some RuleQuerier,
        state: inout RuleState, overlay: inout SampleOverlay, outcome: inout RuleEvaluationOutcome,
        options: RuleEvaluationOptions
    ) async {
        state.alerting?.evaluated = true
        let produced: [Sample]
        do throws(RuleEvaluationError) {
            let result = try await query(rule.query, at: queryTime, querier: querier, pending: overlay)
            outcome.annotations = result.annotations
            let vector = try result.ruleVector()
            switch rule {
            case .recording(let recording):
                produced = try recording.apply(vector, at: queryTime, limit: group.limit)
            case .alerting(let alerting):
                let environment = AlertExpansionEnvironment(
                    expander: options.templates, externalLabels: options.externalLabels,
                    externalURL: options.externalURL, evaluationTime: ts,
                    query: templateQuery(at: ts, querier: querier, pending: overlay))
                let current = try await alerting.alerts(from: vector, environment: environment)
                var alerts = state.alerting ?? AlertingRuleState()
                defer { state.alerting = alerts }  // keeps the reset made by a limit error
                produced = try alerts.update(
                    with: current, rule: alerting, at: ts, queryOffset: group.queryOffset, limit: group.limit)
                outcome.alertsToSend = alerts.alertsToSend(
                    at: ts, resendDelay: options.resendDelay, groupInterval: group.interval
                ).map { NotifiableAlert($0, expression: alerting.query.text, externalURL: options.externalURL) }
            }
        } catch {
            state.health = .err
            state.lastError = error.message
            outcome.error = error
            return
        }
        state.health = .ok
        state.lastError = nil

        var returned: Set<Labels> = []
        for sample in produced {
            do {
                try overlay.append(sample)
                returned.insert(sample.labels)
            } catch {
                let failure = RuleEvaluationError(.append, error.description)
                state.health = .err
                state.lastError = failure.message
                outcome.error = failure
            }
        }
        for labels in state.seriesInPreviousEval.subtracting(returned).sorted() {
            // The series may have been written by another rule at this timestamp: that conflict is expected.
            try? overlay.append(Sample(labels: labels, t: queryTime, v: StaleMarker.value))
        }
        state.seriesInPreviousEval = returned
    }

    private static func query(
        _ query: RuleQuery, at time: Timestamp, querier: some RuleQuerier, pending: SampleOverlay
    ) async throws(RuleEvaluationError) -> QueryResult {
        do {
            return try await querier.instantQuery(query, at: time, pending: pending)
        } catch let error as EvaluationError {
            throw RuleEvaluationError(.query, error.message)
        } catch {
            throw RuleEvaluationError(.query, String(describing: error))
        }
    }

    /// The template `query` function: parses the text and runs it at the evaluation time over the same data.
    private static func templateQuery(at ts: Timestamp, querier: some RuleQuerier, pending: SampleOverlay)
        -> @Sendable (String) async throws -> [Sample]
    {
        { text in
            let expr = try PromQL.parse(text)
            return try await querier.instantQuery(RuleQuery(expr, text: text), at: ts, pending: pending).ruleVector()
        }
    }
}
