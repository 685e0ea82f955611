import KlaxonConfig
import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonRules
import KlaxonStorage

/// Runs one test group with promtool 3.x's semantics (`testGroup.test` in `cmd/promtool/unittest.go`):
///
/// 1. expand the input series; load the rule files (the first file with errors fails the group);
/// 2. evaluate every rule group from the start (epoch or `start_timestamp`) to the largest `eval_time`, every
///    `evaluation_interval`, in `group_eval_order` (then file order); before each step the input samples up to
///    that time are appended; any rule error stops the group;
/// 3. after the step at `ts`, check the alert tests whose `eval_time` falls in `[ts, ts + interval)`: the
///    firing alerts of every rule with that name, compared with the expected ones plus `alertname`, sorted;
/// 4. after the last step, run the `promql_expr_test` queries over what was loaded.
///
/// Rules run one at a time and each one's output is committed before the next runs, as in Prometheus.
struct TestGroupRunner {
    let group: TestGroup
    let index: Int
    let evaluationInterval: Int64
    let fuzzyCompare: Bool
    let groupOrder: [String: Int]
    let ruleFiles: [RuleFile]
    let options: RuleTestOptions
    /// Debug lines go here (promtool prints them on standard error as it goes).
    let debugLog: @Sendable (String) -> Void

    /// A rule group of the test, evaluated rule by rule.
    struct LoadedGroup {
        var spec: RuleGroupSpec
        var group: RuleGroup
        /// One single-rule group per rule, so each rule's output is committed before the next rule runs.
        var singles: [RuleGroup]
        var states: [RuleGroupState]
    }

    var displayName: String { group.name.isEmpty ? "unnamed#\(index)" : group.name }
    var start: Timestamp { group.startTimestamp ?? 0 }
    var interval: Int64 { group.interval != 0 ? group.interval : evaluationInterval }

    func run() async -> TestGroupOutcome {
        let clock = ContinuousClock()
        let began = clock.now
        if options.debug { debugLog("DEBUG: Starting test \(displayName)\n") }
        var outcome = TestGroupOutcome(
            index: index, name: displayName, failures: [], warnings: [], firedRules: [], duration: .zero)
        await execute(&outcome)
        outcome.duration = clock.now - began
        if options.debug {
            let elapsed = outcome.duration.components
            let nanoseconds = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
            debugLog("DEBUG: Test \(displayName) finished, took \(GoFormat.duration(nanoseconds: nanoseconds))\n")
        }
        return outcome
    }

    private func execute(_ outcome: inout TestGroupOutcome) async {
        var series: FixtureSeriesSet
        do {
            series = try FixtureSeriesSet(group.inputSeries, interval: interval, start: start)
        } catch {
            outcome.failures.append(.message(error.message, location: error.position))
            return
        }
        if let failed = ruleFiles.first(where: \.hasErrors) {
            outcome.failures.append(.ruleFile(failed))
            return
        }
        var groups: [LoadedGroup]
        do {
            groups = try loadGroups()
        } catch {
            outcome.failures.append(.message(error.message, location: nil))
            return
        }
        if let missing = group.alertRuleTests.first(where: { $0.alertname.isEmpty }) {
            let inGroup = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
            outcome.failures.append(
                .message(
                    "an item under alert_rule_test misses required attribute alertname at eval_time "
                        + GoFormat.promDuration(missing.evalTime) + inGroup, location: missing.span))
            return
        }

        let storage = MemoryStorage()
        let engine = Engine(options: options.engineOptions(evaluationInterval: evaluationInterval))
        let querier = RuleTestQuerier(engine: engine, storage: storage, modifiers: options.modifiers)
        var ruleOptions = RuleEvaluationOptions()
        ruleOptions.externalLabels = group.externalLabels
        ruleOptions.externalURL = group.externalURL
        ruleOptions.templates = GoTemplateExpander(querier: RuleTestTemplateQuerier(querier: querier))

        let alertTimes = Array(Set(group.alertRuleTests.map(\.evalTime))).sorted()
        var nextAlertTime = 0
        let end = start.addingSaturated(group.maxEvalTime)
        var ts = start
        while ts <= end {
            if let error = series.append(through: ts, to: storage) {
                outcome.failures.append(.message(error.description, location: nil))
            } else {
                var evaluationErrors: [TestFailure] = []
                for g in groups.indices {
                    await evaluate(&groups[g], at: ts, querier: querier, options: ruleOptions, outcome: &outcome)
                    evaluationErrors += ruleErrors(groups[g], at: ts)
                }
                if !evaluationErrors.isEmpty {
                    outcome.failures += evaluationErrors
                    return
                }
            }
            while nextAlertTime < alertTimes.count, ts - start <= alertTimes[nextAlertTime],
                alertTimes[nextAlertTime] < ts.addingSaturated(interval: evaluationInterval) - start
            {
                checkAlerts(at: alertTimes[nextAlertTime], groups: groups, outcome: &outcome)
                nextAlertTime += 1
            }
            let (next, overflow) = ts.addingReportingOverflow(evaluationInterval)
            if overflow || evaluationInterval <= 0 { break }
            ts = next
        }
        for testCase in group.promqlExprTests {
            if let failure = check(testCase, querier: querier, outcome: &outcome) { outcome.failures.append(failure) }
        }
        if options.debug { dumpData(querier) }
    }

    /// Builds the groups of every rule file, keyed (file, name) as Prometheus keys them, in evaluation order.
    private func loadGroups() throws(RuleGroup.SpecError) -> [LoadedGroup] {
        var byKey: [String: Int] = [:]
        var loaded: [LoadedGroup] = []
        for file in ruleFiles {
            for spec in file.groups {
                let group = try RuleGroup(spec: spec, defaultInterval: interval)
                let singles = group.rules.map {
                    RuleGroup(
                        name: group.name, file: group.file, interval: group.interval, queryOffset: group.queryOffset,
                        limit: group.limit, rules: [$0])
                }
                let entry = LoadedGroup(
                    spec: spec, group: group, singles: singles, states: singles.map { RuleGroupState(for: $0) })
                if let existing = byKey[group.key] {
                    loaded[existing] = entry
                } else {
                    byKey[group.key] = loaded.count
                    loaded.append(entry)
                }
            }
        }
        // Groups named in group_eval_order first, in that order; the others keep file order (promtool leaves
        // them in map order, which is random).
        return loaded.enumerated().sorted { a, b in
            let x = groupOrder[a.element.group.name] ?? 0
            let y = groupOrder[b.element.group.name] ?? 0
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    private func evaluate(
        _ loaded: inout LoadedGroup, at ts: Timestamp, querier: RuleTestQuerier, options: RuleEvaluationOptions,
        outcome: inout TestGroupOutcome
    ) async {
        for i in loaded.singles.indices {
            var result = await GroupEvaluation.evaluate(
                loaded.singles[i], at: ts, querier: querier, state: loaded.states[i], options: options)
            result.commit(to: querier.storage)
            loaded.states[i] = result.state
            for outcomeOfRule in result.outcomes {
                for warning in outcomeOfRule.annotations.warnings {
                    outcome.warnings.append(
                        TestWarning(
                            message: "rule \(loaded.group.rules[i].name): \(warning)",
                            location: loaded.spec.rules[safe: i]?.positions.expr))
                }
            }
            if self.options.coverage, let alerts = loaded.states[i].rules.first?.alerting,
                alerts.active.values.contains(where: { $0.state == .firing })
            {
                outcome.firedRules.insert(RuleReference(file: loaded.group.file, group: loaded.group.name, index: i))
            }
        }
    }

    /// promtool's `rule: <name>, time: <ts - epoch>, err: <error>` for every rule whose last evaluation failed.
    private func ruleErrors(_ loaded: LoadedGroup, at ts: Timestamp) -> [TestFailure] {
        var failures: [TestFailure] = []
        for (i, state) in loaded.states.enumerated() {
            guard let error = state.rules.first?.lastError else { continue }
            let text =
                "    rule: \(loaded.group.rules[i].name), time: \(GoFormat.duration(sinceEpoch: ts)), err: \(error)"
            failures.append(.message(text, location: loaded.spec.rules[safe: i]?.positions.rule))
        }
        return failures
    }

    /// `{__name__=~".+"}[…]` at the end of the test, printed as promtool's `--debug` does.
    private func dumpData(_ querier: RuleTestQuerier) {
        // Fractional seconds cannot be written in PromQL: round up to the next whole second.
        let range = (group.maxEvalTime + 1000) / 1000 * 1000
        let text = "{__name__=~\".+\"}[\(PromDuration.format(range))]"
        do {
            let expr = try PromQL.parse(text)
            let result = try querier.evaluate(expr, at: start.addingSaturated(range))
            guard case .matrix(let series) = result.value else { return }
            let rendered = series.map { s in
                GoFormat.labels(s.labels) + " =>\n"
                    + s.points.map { GoFloat.formatAPI($0.v) + " @[\($0.t)]" }.joined(separator: "\n")
            }
            debugLog(
                "DEBUG: Dump of all data (input_series and rules) at \(GoFormat.duration(sinceEpoch: range)):\n"
                    + rendered.joined(separator: "\n") + "\n")
        } catch {
            debugLog("DEBUG: Failed query exec, expr: \(GoQuote.quote(text)), err: \(error)\n")
        }
    }
}

extension Int64 {
    /// `self + interval`, clamped.
    func addingSaturated(interval: Int64) -> Int64 { addingSaturated(interval) }

    /// `self + other`, clamped to the representable range.
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? .max : .min }
        return sum
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
