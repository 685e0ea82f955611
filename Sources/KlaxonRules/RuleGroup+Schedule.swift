public import KlaxonModel

extension RuleGroup {
    /// The group's phase within its interval, in milliseconds: Prometheus offsets each group's evaluations
    /// by `hash({file, name}) % interval` (in nanoseconds) so that groups do not all run at once.
    public var evaluationPhase: Int64 {
        guard interval > 0 else { return 0 }
        // `labels.Hash` of {file, name} in Prometheus's default (stringlabels) build: xxHash64 of each label's
        // name and value, each preceded by its length (one byte below 255, else 255 and 3 bytes little-endian).
        var bytes: [UInt8] = []
        for text in ["file", file, "name", name] {
            let count = text.utf8.count
            if count < 255 {
                bytes.append(UInt8(count))
            } else {
                bytes += [255, UInt8(truncatingIfNeeded: count), UInt8(truncatingIfNeeded: count >> 8),
                          UInt8(truncatingIfNeeded: count >> 16)]
            }
            bytes += Array(text.utf8)
        }
        let intervalNanoseconds = UInt64(interval.magnitude).multipliedReportingOverflow(by: 1_000_000)
        guard !intervalNanoseconds.overflow else { return 0 }
        return Int64(XXHash64.hash(bytes) % intervalNanoseconds.partialValue / 1_000_000)
    }

    /// Prometheus's `EvalTimestamp`: the latest evaluation slot at or before `now`. Evaluations then happen at
    /// that slot plus whole intervals (Prometheus starts one interval after it).
    public func evaluationSlot(atOrBefore now: Timestamp) -> Timestamp {
        guard interval > 0 else { return now }
        let phase = evaluationPhase
        let adjusted = now.subtractingSaturated(phase)
        var remainder = adjusted % interval
        if remainder < 0 { remainder += interval }
        return adjusted - remainder + phase
    }
}
