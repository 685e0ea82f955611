/// Names whose spelling is Prometheus's and visible to users, defined once.
public enum WellKnown {
    public static let metricName = "__name__"
    public static let bucketLabel = "le"
    public static let quantileLabel = "quantile"
    public static let alertName = "alertname"
    public static let alertState = "alertstate"
    public static let alertsMetric = "ALERTS"
    public static let alertsForStateMetric = "ALERTS_FOR_STATE"
    public static let typeLabel = "__type__"
    public static let unitLabel = "__unit__"
    /// Default lookback delta of instant selectors: 5 minutes.
    public static let defaultLookbackDelta: Int64 = 5 * 60 * 1000
}
