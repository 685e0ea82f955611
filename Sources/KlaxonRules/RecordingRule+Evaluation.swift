public import KlaxonModel

extension RecordingRule {
    /// Prometheus's `RecordingRule.Eval` after the query: every sample renamed to the rule's name and given
    /// the rule's labels (an empty value removes the label), stamped `t`. Throws the duplicate-labelset error,
    /// then `exceeded limit of N with M series` when the result has more than `limit` series (`0`: no limit).
    public func apply(_ vector: [Sample], at t: Timestamp, limit: Int = 0) throws(RuleEvaluationError) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(vector.count)
        var seen: Set<Labels> = []
        for sample in vector {
            var labels = sample.labels
            labels.set(WellKnown.metricName, name)
            for label in self.labels { labels.set(label.name, label.value) }
            guard seen.insert(labels).inserted else { throw .duplicateRecordingLabelSet }
            out.append(Sample(labels: labels, t: t, v: sample.v))
        }
        if limit > 0 && out.count > limit {
            throw RuleEvaluationError(.limitExceeded, "exceeded limit of \(limit) with \(out.count) series")
        }
        return out
    }
}
