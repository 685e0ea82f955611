import KlaxonModel
import KlaxonPromQL

/// Prometheus's annotation and error texts (util/annotations), spelled exactly as Prometheus spells them.
enum Messages {
    static func invalidQuantile(_ q: Double) -> String {
        "PromQL warning: quantile value should be between 0 and 1, got \(GoFormat.g(q))"
    }

    static func invalidRatio(_ r: Double, cappedTo: Double) -> String {
        "PromQL warning: ratio value should be between -1 and 1, got \(GoFormat.g(r)), capping to \(GoFormat.g(cappedTo))"
    }

    static func badBucketLabel(metricName: String, value: String) -> String {
        withMetricName(
            "PromQL warning: bucket label \"le\" is missing or has a malformed value of \(GoQuote.quote(value))",
            metricName)
    }

    static func forcedMonotonicity(metricName: String) -> String {
        withMetricName(
            "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
            metricName)
    }

    static let sortInRangeQuery =
        "PromQL warning: sort is ineffective for range queries since results are always ordered by labels"

    static func withMetricName(_ text: String, _ metricName: String) -> String {
        metricName.isEmpty ? text : text + " for metric name " + GoQuote.quote(metricName)
    }

    static func incompatibleTypes(_ op: BinaryOperator) -> String {
        "PromQL info: incompatible sample types encountered for binary operator \"\(op.rawValue)\": float \(op.rawValue) float"
    }

    static let duplicateLabelset = "vector cannot contain metrics with the same labelset"
    static let nativeHistogramsUnsupported = "native histograms are not supported"
}
