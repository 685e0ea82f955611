public import KlaxonModel

/// Why a sample was rejected. Descriptions are Prometheus's (`storage.ErrOutOfOrderSample`, …).
public enum AppendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Older than the series' newest sample, outside any out-of-order window.
    case outOfOrderSample
    /// Same timestamp as an existing sample but a different value (the same value is accepted silently).
    case duplicateSampleForTimestamp(timestamp: Timestamp, existing: Double, new: Double)
    /// Older than what retention keeps.
    case outOfBounds
    /// Older than the out-of-order window allows (only when the window is enabled).
    case tooOldSample
    /// The reference names no live series of this storage.
    case unknownSeriesRef(SeriesRef)
    /// A series needs at least one label.
    case emptyLabelSet
    /// More labels than one series may carry (65535).
    case tooManyLabels(Int)

    public var description: String {
        switch self {
        case .outOfOrderSample: "out of order sample"
        case .duplicateSampleForTimestamp(let t, let existing, let new):
            "duplicate sample for timestamp \(t); overrides not allowed: existing \(GoFloat.formatG(existing)), "
                + "new value \(GoFloat.formatG(new))"
        case .outOfBounds: "out of bounds"
        case .tooOldSample: "too old sample"
        case .unknownSeriesRef(let ref): "unknown series reference \(ref)"
        case .emptyLabelSet: "empty labelset: invalid sample"
        case .tooManyLabels(let count): "label set has \(count) labels, more than the 65535 allowed: invalid sample"
        }
    }

    /// Values compare by bit pattern, so errors carrying NaNs still compare equal to themselves.
    public static func == (a: AppendError, b: AppendError) -> Bool {
        switch (a, b) {
        case (.outOfOrderSample, .outOfOrderSample), (.outOfBounds, .outOfBounds), (.tooOldSample, .tooOldSample),
            (.emptyLabelSet, .emptyLabelSet):
            true
        case (
            .duplicateSampleForTimestamp(let t1, let e1, let n1), .duplicateSampleForTimestamp(let t2, let e2, let n2)
        ):
            t1 == t2 && e1.bitPattern == e2.bitPattern && n1.bitPattern == n2.bitPattern
        case (.unknownSeriesRef(let r1), .unknownSeriesRef(let r2)): r1 == r2
        case (.tooManyLabels(let c1), .tooManyLabels(let c2)): c1 == c2
        default: false
        }
    }
}
