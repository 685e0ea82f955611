import KlaxonModel

/// A series' values as written, kept compact and expanded only when appended: `0+10x959` stays one ramp
/// instead of 960 points, so the memory of a large test is the storage's, not the fixtures'.
struct SeriesProgram: Sendable {
    enum Segment: Sendable {
        /// `count` values: `first`, then each one the previous plus `step` (repeated addition, as Prometheus
        /// expands `a+bxN`); a nil `step` repeats `first` itself.
        case ramp(first: Double, step: Double?, count: Int)
        /// Values one step apart; `SeriesProgram.omitted` marks a step without a sample.
        case values([Double])
        /// `count` steps without a sample.
        case gap(Int)
    }

    /// A NaN payload no parsed value can have (parsing gives Go's NaN, `Inf` or finite numbers; staleness
    /// markers have their own payload).
    static let omittedBits: UInt64 = 0x7FF4_0000_0000_0D0D
    static let omitted = Double(bitPattern: omittedBits)

    private(set) var segments: [Segment] = []
    /// Samples (staleness markers included, gaps not).
    private(set) var sampleCount = 0
    /// Steps, gaps included.
    private(set) var stepCount = 0

    mutating func appendValue(_ v: Double) {
        if case .values(var list) = segments.last {
            segments[segments.count - 1] = .gap(0)  // release the array so the append does not copy it
            list.append(v)
            segments[segments.count - 1] = .values(list)
        } else {
            segments.append(.values([v]))
        }
        if v.bitPattern != Self.omittedBits { sampleCount += 1 }
        stepCount += 1
    }

    mutating func appendRamp(first: Double, step: Double?, count: Int) {
        segments.append(.ramp(first: first, step: step, count: count))
        sampleCount += count
        stepCount += count
    }

    mutating func appendGap(_ count: Int) {
        if count > 0 { segments.append(.gap(count)) }
        stepCount += count
    }

    /// Every point, the k-th step at `start + k × interval` (for tests and small fixtures).
    func points(start: Timestamp, interval: Int64) -> [FPoint] {
        var points: [FPoint] = []
        var t = start
        for segment in segments {
            switch segment {
            case .gap(let count):
                t &+= interval &* Int64(count)
            case .ramp(let first, let step, let count):
                var value = first
                for _ in 0..<count {
                    points.append(FPoint(t: t, v: value))
                    if let step { value += step }
                    t &+= interval
                }
            case .values(let values):
                for v in values {
                    if v.bitPattern != Self.omittedBits { points.append(FPoint(t: t, v: v)) }
                    t &+= interval
                }
            }
        }
        return points
    }
}
