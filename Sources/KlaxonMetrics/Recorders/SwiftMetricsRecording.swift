import CoreMetrics

/// The shared plumbing of the typed recorders: swift-metrics objects for a catalog family, created through
/// whichever `MetricsFactory` the recorder was given.
struct SwiftMetricsRecording: Sendable {
    let factory: any MetricsFactory

    func counter(_ family: MetricDescriptor, _ values: String...) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: family.name, dimensions: dimensions(family, values), factory: factory)
    }

    func gauge(_ family: MetricDescriptor, _ values: String...) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: family.name, dimensions: dimensions(family, values), factory: factory)
    }

    func timer(_ family: MetricDescriptor, _ values: String...) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: family.name, dimensions: dimensions(family, values), factory: factory)
    }

    private func dimensions(_ family: MetricDescriptor, _ values: [String]) -> [(String, String)] {
        assert(values.count == family.labelNames.count, "\(family.name) takes \(family.labelNames)")
        return Array(zip(family.labelNames, values))
    }
}

extension CoreMetrics.Timer {
    /// Records a `Swift.Duration` with nanosecond precision (clamped to `Int64`; negative durations record 0).
    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return recordNanoseconds(0) }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        recordNanoseconds(overflow || carry ? Int64.max : total)
    }
}
