import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonRules

extension TestGroupRunner {
    /// Checks every alert test at `evalTime` against the state after the latest evaluation.
    func checkAlerts(at evalTime: Int64, groups: [LoadedGroup], outcome: inout TestGroupOutcome) {
        let cases = group.alertRuleTests.filter { $0.evalTime == evalTime }
        let names = Set(cases.map(\.alertname))
        var active: [String: [ObservedAlert]] = [:]
        for loaded in groups {
            for (i, rule) in loaded.group.rules.enumerated() {
                guard case .alerting(let alerting) = rule, names.contains(alerting.name),
                    let state = loaded.states[i].rules.first?.alerting
                else { continue }
                active[alerting.name, default: []] += state.activeAlerts.map { alert in
                    ObservedAlert(
                        labels: alert.labels, annotations: alert.annotations, state: alert.state,
                        activeAt: alert.activeAt - start, firedAt: alert.firedAt.map { $0 - start })
                }
            }
        }
        for testCase in cases {
            let includesPending = testCase.includesPending
            let got = (active[testCase.alertname] ?? []).filter { includesPending || $0.state == .firing }
            if !AlertMatching.matches(testCase, got) {
                outcome.failures.append(.alerts(AlertCheckFailure(testCase: testCase, got: AlertMatching.sorted(got))))
            }
        }
    }

    /// Runs one `promql_expr_test`; nil when it passes.
    func check(_ testCase: PromQLTestCase, querier: RuleTestQuerier, outcome: inout TestGroupOutcome) -> TestFailure? {
        let prefix = "    expr: \(GoQuote.quote(testCase.expr)), time: \(GoFormat.promDuration(testCase.evalTime))"
        func failure(_ message: String) -> TestFailure {
            .message(prefix + ", err: " + message, location: testCase.span)
        }
        let result: QueryResult
        do {
            let expr = try PromQL.parse(testCase.expr)
            result = try querier.evaluate(expr, at: start.addingSaturated(testCase.evalTime))
        } catch let error as ParseError {
            return failure(error.description)
        } catch {
            return failure(String(describing: error))
        }
        for warning in result.annotations.warnings {
            outcome.warnings.append(
                TestWarning(message: "expr \(GoQuote.quote(testCase.expr)): \(warning)", location: testCase.span))
        }
        var got: [ObservedSample]
        switch result.value {
        case .vector(let samples): got = samples.map { ObservedSample(labels: $0.labels, value: $0.v) }
        case .scalar(_, let v): got = [ObservedSample(labels: Labels(), value: v)]
        case .string, .matrix: return failure("rule result is not a vector or scalar")
        }
        var expected: [ObservedSample] = []
        for sample in testCase.expectedSamples {
            let labels: Labels
            do {
                labels = try ExpectedSampleLabels.parse(sample.labels)
            } catch {
                return failure("labels \(GoQuote.quote(sample.labels)): \(error)")
            }
            if !sample.histogram.isEmpty {
                return failure("labels \(GoQuote.quote(sample.labels)): native histograms are not supported")
            }
            expected.append(ObservedSample(labels: labels, value: sample.value))
        }
        expected.sort { Labels.compare($0.labels, $1.labels) < 0 }
        got.sort { Labels.compare($0.labels, $1.labels) < 0 }
        if SampleMatching.equal(expected, got, fuzzy: fuzzyCompare) { return nil }
        return .samples(SampleCheckFailure(testCase: testCase, expected: expected, got: got))
    }
}

/// The `labels:` of an expected sample: Prometheus's `ParseMetric` (a metric name and/or `{name="value", …}`;
/// empty gives no labels).
enum ExpectedSampleLabels {
    static func parse(_ text: String) throws(ParseError) -> Labels {
        if text.trimmingASCIIWhitespace().isEmpty { return Labels() }
        let (labels, values) = try PromQL.parseSeriesDescription(text)
        guard values.isEmpty else {
            throw ParseError("unexpected series values in a metric", range: 0..<text.utf8.count, input: text)
        }
        return labels
    }
}

/// promtool's comparison of `exp_samples` with a query result.
enum SampleMatching {
    /// Both sorted by labels: equal length, equal labels and values (`==`, so NaN never matches; with `fuzzy`,
    /// values one ULP apart match too).
    static func equal(_ expected: [ObservedSample], _ got: [ObservedSample], fuzzy: Bool) -> Bool {
        guard expected.count == got.count else { return false }
        return zip(expected, got).allSatisfy { e, g in
            e.labels == g.labels && valuesEqual(e.value, g.value, fuzzy: fuzzy)
        }
    }

    static func valuesEqual(_ x: Double, _ y: Double, fuzzy: Bool) -> Bool {
        x == y || (fuzzy && (x.nextDown == y || x.nextUp == y))
    }
}
