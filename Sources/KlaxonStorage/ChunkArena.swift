/// One fixed block of memory that sealed chunks are copied into, back to back.
///
/// SAFETY: `@unchecked Sendable` because the bytes are raw memory. The storage writer is the only code that
/// writes to a page, always under the storage lock and only beyond the bytes already handed out; a chunk's
/// bytes are never written again once its location has been published (under the same lock). Readers only
/// read the bytes of locations they obtained under the lock, so reads and writes never touch the same bytes,
/// and the lock orders the write of a chunk before any read of it. Readers keep the page alive by holding
/// a reference, so the memory outlives their reads even if the storage drops the page meanwhile.
final class ChunkPage: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    func write(_ bytes: [UInt8], at offset: Int) {
        precondition(offset >= 0 && offset + bytes.count <= capacity, "chunk write outside its page")
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { (base + offset).copyMemory(from: from, byteCount: source.count) }
        }
    }

    func bytes(at offset: Int, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}

/// Where a sealed chunk lives and how many samples it holds, packed in 64 bits:
/// page (24 bits) | offset (20) | length (12) | sample count (8).
struct ChunkLocation: Sendable, Hashable {
    let raw: UInt64

    init(page: Int, offset: Int, length: Int, samples: Int) {
        raw = UInt64(page) << 40 | UInt64(offset) << 20 | UInt64(length) << 8 | UInt64(samples)
    }

    var page: Int { Int(raw >> 40) }
    var offset: Int { Int((raw >> 20) & 0xF_FFFF) }
    var length: Int { Int((raw >> 8) & 0xFFF) }
    var samples: Int { Int(raw & 0xFF) }
}

/// A sealed chunk of a series: its time range and location.
struct ChunkMeta: Sendable {
    var mint: Int64
    var maxt: Int64
    var location: ChunkLocation
}

/// Append-only pages holding every sealed chunk. Pages are freed once all their chunks are dropped.
struct ChunkArena: Sendable {
    static let pageSize = 1 << 20
    static let maxChunkLength = 0xFFF

    private(set) var pages: [ChunkPage?] = []
    private var liveBytesPerPage: [Int] = []
    private var current = -1
    private var used = 0
    private var freePageIndices: [Int] = []
    /// Bytes of chunks still referenced.
    private(set) var liveBytes = 0
    /// Chunks still referenced.
    private(set) var liveChunks = 0

    init() {}

    /// Bytes of pages allocated.
    var allocatedBytes: Int { pages.reduce(0) { $0 + ($1 == nil ? 0 : ChunkArena.pageSize) } }

    /// Copies `bytes` into a page and returns their location.
    mutating func store(_ bytes: [UInt8], samples: Int) -> ChunkLocation {
        precondition(bytes.count <= ChunkArena.maxChunkLength && samples <= 255, "chunk too large for the arena")
        if current < 0 || used + bytes.count > ChunkArena.pageSize {
            if current >= 0 && liveBytesPerPage[current] == 0 { release(page: current) }
            let page = ChunkPage(capacity: ChunkArena.pageSize)
            if let index = freePageIndices.popLast() {
                pages[index] = page
                liveBytesPerPage[index] = 0
                current = index
            } else {
                pages.append(page)
                liveBytesPerPage.append(0)
                current = pages.count - 1
            }
            used = 0
        }
        pages[current]?.write(bytes, at: used)
        let location = ChunkLocation(page: current, offset: used, length: bytes.count, samples: samples)
        used += bytes.count
        liveBytesPerPage[current] += bytes.count
        liveBytes += bytes.count
        liveChunks += 1
        return location
    }

    /// The page holding a location.
    func page(_ location: ChunkLocation) -> ChunkPage? {
        location.page < pages.count ? pages[location.page] : nil
    }

    /// Marks a chunk as dropped; frees its page when nothing in it is referenced any more.
    mutating func remove(_ location: ChunkLocation) {
        let index = location.page
        guard index < pages.count, pages[index] != nil else { return }
        liveBytesPerPage[index] -= location.length
        liveBytes -= location.length
        liveChunks -= 1
        if liveBytesPerPage[index] == 0 && index != current { release(page: index) }
    }

    private mutating func release(page index: Int) {
        pages[index] = nil
        freePageIndices.append(index)
        if index == current {
            current = -1
            used = 0
        }
    }

    /// Pages other than the current one whose live chunks fill less than `fraction` of them: copying
    /// those chunks elsewhere frees the pages.
    func sparsePages(below fraction: Double) -> Set<Int> {
        var out = Set<Int>()
        let threshold = Int(Double(ChunkArena.pageSize) * fraction)
        for (index, page) in pages.enumerated() where page != nil && index != current {
            if liveBytesPerPage[index] < threshold { out.insert(index) }
        }
        return out
    }

    /// Copies a chunk to the current page and drops the old copy; returns its new location.
    mutating func relocate(_ location: ChunkLocation) -> ChunkLocation {
        guard let page = page(location) else { return location }
        let bytes = withExtendedLifetime(page) { Array(page.bytes(at: location.offset, count: location.length)) }
        remove(location)
        return store(bytes, samples: location.samples)
    }

    /// Index of the page new chunks go to, or -1.
    var currentPage: Int { current }
}
