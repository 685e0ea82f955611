import KlaxonModel

/// The float comparison of the test-script format (Prometheus's `almost.Equal` with epsilon 1e-6).
public enum FloatComparison {
    /// Relative tolerance of the test scripts.
    public static let scriptEpsilon = 1e-6
    private static let minNormal = Double(bitPattern: 0x0010_0000_0000_0000)

    /// Two NaNs are equal, but the stale NaN equals only itself; equal values (±Inf included) are equal;
    /// otherwise `|a−b| / (|a|+|b|) < epsilon` (when a value is 0 the check is in effect exact).
    public static func almostEqual(_ a: Double, _ b: Double, epsilon: Double = scriptEpsilon) -> Bool {
        if StaleMarker.isStale(a) || StaleMarker.isStale(b) { return StaleMarker.isStale(a) && StaleMarker.isStale(b) }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let absSum = Swift.abs(a) + Swift.abs(b)
        let diff = Swift.abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
        return diff / Swift.min(absSum, Double.greatestFiniteMagnitude) < epsilon
    }

    /// Go's `%v` spelling of a float, with `stale` for the staleness marker.
    public static func format(_ v: Double) -> String {
        StaleMarker.isStale(v) ? "stale" : GoFloat.formatV(v)
    }
}
