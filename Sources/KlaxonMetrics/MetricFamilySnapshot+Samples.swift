public import KlaxonModel

extension MetricFamilySnapshot {
    /// The family as the flat samples a scrape of its text exposition yields in Prometheus 3.x: labels
    /// include `__name__`; a histogram gives `_bucket` series with an `le` label (formatted as Prometheus
    /// 3.x normalises it: `0.005`, `1.0`, `+Inf`), then `_sum` and `_count`. No `_created` series.
    public var samples: [(labels: Labels, value: Double)] {
        var out: [(labels: Labels, value: Double)] = []
        for series in self.series {
            switch series.value {
            case .counter(let value), .gauge(let value):
                out.append((series.labels.setting(WellKnown.metricName, name), value))
            case .histogram(let histogram):
                let bucketLabels = series.labels.setting(WellKnown.metricName, name + "_bucket")
                for bucket in histogram.buckets {
                    out.append(
                        (bucketLabels.setting(WellKnown.bucketLabel, ExpositionFloat.openMetrics(bucket.upperBound)),
                         Double(bucket.cumulativeCount))
                    )
                }
                out.append((series.labels.setting(WellKnown.metricName, name + "_sum"), histogram.sum))
                out.append((series.labels.setting(WellKnown.metricName, name + "_count"), Double(histogram.count)))
            }
        }
        return out
    }
}

extension Array where Element == MetricFamilySnapshot {
    /// Every family's samples, in family order.
    public var samples: [(labels: Labels, value: Double)] { flatMap { $0.samples } }

    /// Every family's samples stamped with `time`, ready for a `SampleAppender`.
    public func samples(at time: Timestamp) -> [Sample] {
        samples.map { Sample(labels: $0.labels, t: time, v: $0.value) }
    }
}
