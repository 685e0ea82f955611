/// A handle on one series of a `MemoryStorage`, for appending without looking the labels up again (the
/// scrape fast path). A reference stays valid until the series is removed by retention, or until the
/// storage is reset or renumbers its series; appending through a stale reference fails with
/// `AppendError.unknownSeriesRef` (the labels-and-reference append falls back to the labels).
public struct SeriesRef: Hashable, Sendable, CustomStringConvertible {
    let id: UInt32
    let epoch: UInt32

    init(id: UInt32, epoch: UInt32) {
        self.id = id
        self.epoch = epoch
    }

    public var description: String { "\(epoch):\(id)" }
}
