import KlaxonModel

/// Everything the storage keeps for one series: its interned labels (a slice of the shared symbol
/// array), the chunk being appended to, sealed chunk locations, and buffered out-of-order samples.
struct SeriesRecord: Sendable {
    static let liveFlag: UInt8 = 1
    static let emptyMarkFlag: UInt8 = 2
    static let hasInOrderFlag: UInt8 = 4

    var labelStart: UInt32
    var labelCount: UInt16
    var flags: UInt8 = SeriesRecord.liveFlag
    /// Newest in-order sample, valid when `hasInOrder`.
    var lastT: Int64 = .min
    var lastV: Double = 0
    var head = OpenChunk()
    var sealed: [ChunkMeta] = []
    /// Out-of-order samples not yet merged into chunks, sorted by time.
    var outOfOrder: [FPoint] = []

    init(labelStart: UInt32, labelCount: UInt16) {
        self.labelStart = labelStart
        self.labelCount = labelCount
    }

    /// Appends an in-order sample to the open chunk in one access to the record; returns how many bytes
    /// the open chunk grew by.
    @inline(__always)
    mutating func appendToHead(t: Int64, v: Double) -> Int {
        let before = head.byteCount
        head.append(t: t, v: v)
        lastT = t
        lastV = v
        flags = (flags | SeriesRecord.hasInOrderFlag) & ~SeriesRecord.emptyMarkFlag
        return head.byteCount - before
    }

    var isLive: Bool { flags & SeriesRecord.liveFlag != 0 }
    var hasInOrder: Bool { flags & SeriesRecord.hasInOrderFlag != 0 }
    var hasSamples: Bool { !head.isEmpty || !sealed.isEmpty || !outOfOrder.isEmpty }

    /// Oldest sample timestamp, nil when the series holds none.
    var minTime: Int64? {
        var result: Int64? = sealed.first?.mint ?? (head.isEmpty ? nil : head.minTime)
        if let first = outOfOrder.first?.t { result = min(result ?? first, first) }
        return result
    }

    /// Newest sample timestamp, nil when the series holds none.
    var maxTime: Int64? {
        if !head.isEmpty { return head.maxTime }
        let sealedMax = sealed.last?.maxt
        let oooMax = outOfOrder.last?.t
        switch (sealedMax, oooMax) {
        case (nil, nil): return nil
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (let a?, let b?): return max(a, b)
        }
    }
}
