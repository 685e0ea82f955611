import KlaxonModel
import KlaxonStorage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-target memory of what was scraped (Prometheus's `scrapeCache`): the series text of each exposed line
/// mapped to its final labels and storage reference, lines dropped by relabelling, and which series each
/// scrape appended, so the next one can write staleness markers for those that disappeared.
///
/// Lookups hash the raw line bytes into an open-addressing table and compare bytes in place: a line seen
/// before costs no allocation. Data is kept as parallel arrays so the hot fields stay dense.
struct ScrapeCache {
    // Hot, parallel per-entry arrays.
    private(set) var hashes: [UInt64] = []
    private var keyStarts: [Int] = []
    private var keyLengths: [Int32] = []
    /// Iteration in which the entry was last exposed.
    private(set) var lastSeen: [UInt64] = []
    /// Iteration in which the entry was last appended for staleness tracking (0: never).
    private(set) var trackedIn: [UInt64] = []
    // Cold per-entry data.
    private(set) var refs: [SeriesRef?] = []  // nil: dropped by relabelling
    private(set) var labels: [Labels] = []

    private var keyBytes: [UInt8] = []
    private var slots: [Int32] = []  // 0 empty, else entry index + 1
    /// In-process scrapes key entries by labels instead of text.
    private var labelIndex: [Labels: Int] = [:]

    /// The current scrape iteration; starts at 1 so 0 means "never".
    private(set) var iteration: UInt64 = 1
    private var seenThisIteration = 0
    private var successfulCount = 0

    var count: Int { hashes.count }

    // MARK: Lookup and insertion

    /// The entry whose key is `base[range]`, if any.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, hash: UInt64) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = Int32(truncatingIfNeeded: range.count)
        return keyBytes.withUnsafeBufferPointer { keys -> Int? in
            while true {
                let value = slots[slot]
                if value == 0 { return nil }
                let index = Int(value - 1)
                if hashes[index] == hash && keyLengths[index] == length {
                    let start = keyStarts[index]
                    if let keyBase = keys.baseAddress,
                        memcmp(keyBase + start, base + range.lowerBound, range.count) == 0
                    {
                        return index
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The entry for an in-process series, if any.
    func find(labels: Labels) -> Int? { labelIndex[labels] }

    /// Adds an entry keyed by `base[range]`; `ref` nil records a dropped series.
    @discardableResult
    mutating func insert(
        _ base: UnsafePointer<UInt8>, _ range: Range<Int>, hash: UInt64, ref: SeriesRef?, labels: Labels
    ) -> Int {
        let index = append(hash: hash, keyStart: keyBytes.count, keyLength: range.count, ref: ref, labels: labels)
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
        place(index)
        return index
    }

    /// Adds an in-process entry keyed by `key` (the series' labels as exposed).
    @discardableResult
    mutating func insert(key: Labels, ref: SeriesRef?, labels: Labels) -> Int {
        let index = append(hash: 0, keyStart: 0, keyLength: 0, ref: ref, labels: labels)
        labelIndex[key] = index
        return index
    }

    private mutating func append(hash: UInt64, keyStart: Int, keyLength: Int, ref: SeriesRef?, labels: Labels) -> Int {
        let index = hashes.count
        hashes.append(hash)
        keyStarts.append(keyStart)
        keyLengths.append(Int32(truncatingIfNeeded: keyLength))
        lastSeen.append(iteration)
        trackedIn.append(0)
        refs.append(ref)
        self.labels.append(labels)
        seenThisIteration += 1
        return index
    }

    private mutating func place(_ index: Int) {
        if (hashes.count + 1) * 2 > slots.count {
            rebuildSlots(capacity: max(64, slots.count * 2))
            return
        }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[index]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    private mutating func rebuildSlots(capacity: Int) {
        var size = 64
        while size < capacity { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for index in 0..<hashes.count where keyLengths[index] > 0 {
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    // MARK: Per-scrape bookkeeping

    /// Marks the entry as exposed in this iteration; returns true when it already was (a duplicate line).
    @inline(__always)
    mutating func markSeen(_ index: Int) -> Bool {
        if lastSeen[index] == iteration { return true }
        lastSeen[index] = iteration
        seenThisIteration += 1
        return false
    }

    /// Records that the entry's series was appended this iteration; returns the previous value (for undo).
    @inline(__always)
    mutating func track(_ index: Int) -> UInt64 {
        let previous = trackedIn[index]
        trackedIn[index] = iteration
        return previous
    }

    /// Restores a tracking value (after a rolled-back scrape, or a sample the storage rejected).
    mutating func setTracked(_ index: Int, _ value: UInt64) {
        if index < trackedIn.count { trackedIn[index] = value }
    }

    /// Replaces an entry's storage reference (the series was recreated).
    mutating func updateRef(_ index: Int, _ ref: SeriesRef) {
        if index < refs.count { refs[index] = ref }
    }

    /// The series appended in the previous iteration but not in this one, each once: they get staleness markers
    /// (Prometheus's `forEachStale` over `seriesPrev` minus `seriesCur`, keyed by series reference).
    func staleSeries() -> [(index: Int, ref: SeriesRef)] {
        let previous = iteration - 1
        guard previous > 0 else { return [] }  // 0 means "never tracked"
        var candidates: [(index: Int, ref: SeriesRef)] = []
        for index in 0..<trackedIn.count where trackedIn[index] == previous {
            if let ref = refs[index] { candidates.append((index, ref)) }
        }
        guard !candidates.isEmpty else { return [] }
        var current = Set<SeriesRef>()
        for index in 0..<trackedIn.count where trackedIn[index] == iteration {
            if let ref = refs[index] { current.insert(ref) }
        }
        var emitted = Set<SeriesRef>()
        return candidates.filter { !current.contains($0.ref) && emitted.insert($0.ref).inserted }
    }

    /// Ends an iteration (Prometheus's `iterDone`). With `flush` (a successful, non-empty scrape) entries not
    /// exposed in this iteration are forgotten; the cache is also flushed when failed scrapes let it grow past
    /// twice its last successful size plus 1000.
    /// Returns true when the flush was forced.
    @discardableResult
    mutating func finishIteration(flush: Bool) -> Bool {
        var flush = flush
        var forced = false
        if flush {
            successfulCount = hashes.count
        } else if hashes.count > successfulCount * 2 + 1000 {
            flush = true
            forced = true
        }
        if flush && seenThisIteration < hashes.count { compact() }
        iteration += 1
        seenThisIteration = 0
        return forced
    }

    /// Drops the entries not seen in this iteration and rebuilds the table.
    private mutating func compact() {
        var keep: [Int] = []
        keep.reserveCapacity(hashes.count)
        for index in 0..<hashes.count where lastSeen[index] == iteration { keep.append(index) }
        let oldKeys = keyBytes
        let oldStarts = keyStarts
        let oldLengths = keyLengths
        let oldHashes = hashes
        let oldSeen = lastSeen
        let oldTracked = trackedIn
        let oldRefs = refs
        let oldLabels = labels
        var reverse: [Int: Int] = [:]
        hashes = []
        keyStarts = []
        keyLengths = []
        lastSeen = []
        trackedIn = []
        refs = []
        labels = []
        keyBytes = []
        for (newIndex, old) in keep.enumerated() {
            reverse[old] = newIndex
            hashes.append(oldHashes[old])
            keyStarts.append(keyBytes.count)
            keyLengths.append(oldLengths[old])
            keyBytes.append(contentsOf: oldKeys[oldStarts[old]..<(oldStarts[old] + Int(oldLengths[old]))])
            lastSeen.append(oldSeen[old])
            trackedIn.append(oldTracked[old])
            refs.append(oldRefs[old])
            labels.append(oldLabels[old])
        }
        if !labelIndex.isEmpty {
            var index: [Labels: Int] = [:]
            for (key, old) in labelIndex { if let new = reverse[old] { index[key] = new } }
            labelIndex = index
        }
        rebuildSlots(capacity: max(64, hashes.count * 2))
        seenThisIteration = hashes.count
    }
}

/// A fast 64-bit hash of byte strings for the scrape cache (not for anything adversarial: sample limits bound
/// the work a target can cause).
enum ByteHash {
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return h
    }
}
