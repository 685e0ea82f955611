public import KlaxonModel

/// Where `AlertingRule.alerts(from:…)` gets what templates need besides the sample.
public struct AlertExpansionEnvironment: Sendable {
    public var expander: any AlertTemplateExpander
    public var externalLabels: Labels
    public var externalURL: String
    /// The evaluation time (not shifted by `query_offset`).
    public var evaluationTime: Timestamp
    /// The template `query` function: an instant query at `evaluationTime`.
    public var query: @Sendable (String) async throws -> [Sample]

    public init(
        expander: any AlertTemplateExpander = VerbatimTemplateExpander(), externalLabels: Labels = Labels(),
        externalURL: String = "", evaluationTime: Timestamp,
        query: @escaping @Sendable (String) async throws -> [Sample] = { _ in [] }
    ) {
        self.expander = expander
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.evaluationTime = evaluationTime
        self.query = query
    }
}

extension AlertingRule {
    /// The first half of Prometheus's `AlertingRule.Eval`: one pending alert per result sample, with labels
    /// and annotations expanded (a failed expansion becomes `<error expanding template: …>`), `__name__`
    /// dropped and `alertname` set. Throws the duplicate-labelset error when two samples give the same labels.
    public func alerts(from vector: [Sample], environment: AlertExpansionEnvironment) async throws(RuleEvaluationError)
        -> [Labels: Alert]
    {
        var alerts: [Labels: Alert] = [:]
        for sample in vector {
            let context = AlertTemplateContext(
                alertName: name, labels: sample.labels, value: sample.v, externalLabels: environment.externalLabels,
                externalURL: environment.externalURL, evaluationTime: environment.evaluationTime,
                query: environment.query)
            var labels = sample.labels.droppingMetricName
            for label in self.labels {
                labels.set(label.name, await expand(label.value, context, environment.expander))
            }
            labels.set(WellKnown.alertName, name)
            var annotations: [Label] = []
            for annotation in self.annotations {
                annotations.append(Label(annotation.name, await expand(annotation.value, context, environment.expander)))
            }
            if alerts[labels] != nil { throw .duplicateAlertLabelSet }
            alerts[labels] = Alert(
                state: .pending, labels: labels, annotations: annotations, value: sample.v,
                activeAt: environment.evaluationTime)
        }
        return alerts
    }

    private func expand(_ text: String, _ context: AlertTemplateContext, _ expander: any AlertTemplateExpander) async
        -> String
    {
        do {
            return try await expander.expand(text, context: context)
        } catch {
            return "<error expanding template: \(error)>"
        }
    }

    /// The `ALERTS` sample of an alert: the rule's labels (unexpanded) overlaid with the alert's labels,
    /// `__name__="ALERTS"`, `alertname` and `alertstate`, value 1.
    public func alertsSample(for alert: Alert, at t: Timestamp) -> Sample {
        var labels = baseSampleLabels(alert)
        labels.set(WellKnown.metricName, WellKnown.alertsMetric)
        labels.set(WellKnown.alertName, name)
        labels.set(WellKnown.alertState, alert.state.description)
        return Sample(labels: labels, t: t, v: 1)
    }

    /// The `ALERTS_FOR_STATE` sample of an alert: its labels with `__name__="ALERTS_FOR_STATE"` and
    /// `alertname`, whose value is `activeAt` in whole Unix seconds (Go's `Time.Unix`, rounding down).
    public func forStateSample(for alert: Alert, at t: Timestamp) -> Sample {
        var labels = baseSampleLabels(alert)
        labels.set(WellKnown.metricName, WellKnown.alertsForStateMetric)
        labels.set(WellKnown.alertName, name)
        let seconds = alert.activeAt >= 0 ? alert.activeAt / 1000 : alert.activeAt.subtractingSaturated(999) / 1000
        return Sample(labels: labels, t: t, v: Double(seconds))
    }

    /// Matchers that select every `ALERTS_FOR_STATE` series of this rule (Prometheus's `QueryForStateSeries`):
    /// the rule's labels except those with template syntax, `__name__` and `alertname`.
    public var forStateMatchers: [LabelMatcher] {
        var labels = Labels(self.labels.filter { !$0.value.contains("{{") })
        labels.set(WellKnown.metricName, WellKnown.alertsForStateMetric)
        labels.set(WellKnown.alertName, name)
        return labels.map { LabelMatcher.equal($0.name, $0.value) }
    }

    private func baseSampleLabels(_ alert: Alert) -> Labels {
        var labels = Labels(self.labels)
        for label in alert.labels { labels.set(label.name, label.value) }
        return labels
    }
}
