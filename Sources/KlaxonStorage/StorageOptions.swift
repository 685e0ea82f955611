public import KlaxonModel

/// Tuning of a `MemoryStorage`.
public struct StorageOptions: Sendable, Equatable {
    /// How far behind the newest sample of the whole storage an out-of-order sample may be and still be
    /// inserted (Prometheus's `out_of_order_time_window`), in milliseconds. 0 rejects every out-of-order sample.
    public var outOfOrderWindow: Int64 = 0
    /// Samples after which a chunk is sealed (1...120).
    public var samplesPerChunk = 120
    /// Chunks never span an aligned boundary of this many milliseconds (Prometheus's head chunk range, 2h).
    public var chunkRange: Int64 = 2 * 3600 * 1000
    /// Out-of-order samples buffered per series before they are merged into its chunks.
    public var outOfOrderCapacity = 32
    /// Masks label-set hashes; tests narrow it to force collisions.
    var hashMask: UInt64 = ~0
    /// Series are renumbered once more than this many (and more than the live ones) have been removed.
    var renumberAfterRemovals = 4096

    public init(outOfOrderWindow: Int64 = 0, samplesPerChunk: Int = 120, chunkRange: Int64 = 2 * 3600 * 1000) {
        self.outOfOrderWindow = max(0, outOfOrderWindow)
        self.samplesPerChunk = min(max(samplesPerChunk, 1), 120)
        self.chunkRange = max(chunkRange, 1)
    }
}

/// Sizes of a `MemoryStorage`, for its own `/metrics`.
public struct StorageStats: Sendable, Equatable {
    /// Live series.
    public var seriesCount: Int
    /// Samples held (those hidden by retention inside a partly expired chunk included).
    public var sampleCount: Int
    /// Sealed chunks.
    public var sealedChunkCount: Int
    /// Encoded bytes of sealed chunks.
    public var sealedChunkBytes: Int
    /// Samples in sealed chunks.
    public var sealedSampleCount: Int
    /// Encoded bytes of the chunks still being appended to (approximate).
    public var openChunkBytes: Int
    /// Bytes of chunk pages allocated (sealed chunk bytes plus free space in pages).
    public var chunkPageBytes: Int
    /// Approximate bytes of labels, symbols, postings, the series table and per-series bookkeeping.
    public var indexBytes: Int
    /// Interned label strings.
    public var symbolCount: Int
    /// Oldest and newest sample timestamps, nil when empty.
    public var minTime: Timestamp?
    public var maxTime: Timestamp?

    /// `sealedChunkBytes / sealedSampleCount`, 0 when nothing is sealed.
    public var bytesPerSealedSample: Double {
        sealedSampleCount == 0 ? 0 : Double(sealedChunkBytes) / Double(sealedSampleCount)
    }
}
