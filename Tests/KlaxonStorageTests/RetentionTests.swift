import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct RetentionTests {
    @Test("truncate drops old chunks, hides older samples, and rejects appends before the cut")
    func truncate() throws {
        let storage = MemoryStorage()
        for i in 0..<600 { try storage.append(["__name__": "x"], t: Int64(i) * 1000, v: Double(i)) }
        let before = storage.stats
        storage.truncate(before: 300_000)
        let after = storage.stats
        #expect(after.sealedChunkCount < before.sealedChunkCount)
        #expect(after.sealedChunkBytes < before.sealedChunkBytes)
        let points = try #require(try storage.select([], mint: .min, maxt: .max).first).points
        #expect(points.first?.t == 300_000)
        #expect(points.count == 300)
        #expect(throws: AppendError.outOfBounds) { try storage.append(["__name__": "x"], t: 299_999, v: 0) }
        #expect(after.minTime == 300_000)
    }

    @Test("series left without samples are removed; fresh empty series survive one truncation")
    func seriesRemoval() throws {
        let storage = MemoryStorage()
        try storage.append(["__name__": "old"], t: 1000, v: 1)
        try storage.append(["__name__": "new"], t: 100_000, v: 1)
        let empty = try storage.seriesRef(for: ["__name__": "empty"])
        storage.truncate(before: 50_000)
        #expect(storage.stats.seriesCount == 2)
        // the empty series is kept but, holding no samples, lists no label values
        #expect(try storage.labelValues("__name__", matching: [], mint: .min, maxt: .max) == ["new"])
        try storage.append(empty, t: 60_000, v: 1)
        storage.truncate(before: 50_000)
        #expect(storage.stats.seriesCount == 2)
        storage.truncate(before: 200_000)
        #expect(storage.stats.seriesCount == 0)
        #expect(storage.stats.sealedChunkBytes == 0)
        #expect(throws: AppendError.unknownSeriesRef(empty)) { try storage.append(empty, t: 300_000, v: 1) }
    }

    @Test("renumbering after heavy churn keeps every surviving sample and label")
    func renumbering() throws {
        let storage = MemoryStorage()
        for i in 0..<10_000 {
            try storage.append(["__name__": "churn", "pod": "p\(i)"], t: Int64(i), v: Double(i))
        }
        for i in 0..<100 {
            try storage.append(["__name__": "kept", "i": String(i)], t: 20_000 + Int64(i), v: Double(i))
        }
        let stale = try #require(storage.existingSeriesRef(for: ["__name__": "kept", "i": "5"]))
        storage.truncate(before: 15_000)
        #expect(storage.stats.seriesCount == 100)
        #expect(storage.checkInvariants().isEmpty)
        let kept = try storage.select([.equal("__name__", "kept")], mint: .min, maxt: .max)
        #expect(kept.count == 100)
        #expect(
            kept.allSatisfy { $0.points == [FPoint(t: 20_000 + Int64($0.labels["i"])!, v: Double($0.labels["i"])!)] })
        #expect(try storage.labelValues("__name__", matching: [], mint: .min, maxt: .max) == ["kept"])
        // references from before the renumbering are stale; the labels still find the series
        #expect(throws: AppendError.unknownSeriesRef(stale)) { try storage.append(stale, t: 30_000, v: 1) }
        let fresh = try storage.append(stale, ["__name__": "kept", "i": "5"], t: 30_000, v: 1)
        try storage.append(fresh, t: 30_001, v: 2)
        #expect(try storage.select([.equal("i", "5")], mint: .min, maxt: .max).first?.points.count == 3)
    }

    @Test("pages left mostly empty by retention are compacted and freed, keeping the surviving chunks")
    func pageCompaction() throws {
        let storage = MemoryStorage(options: StorageOptions(samplesPerChunk: 10))
        // Interleave a long-lived series with short-lived ones so every page holds a few long-lived chunks.
        var rng = SeededGenerator(seed: 23)
        for round in 0..<400 {
            let t = Int64(round) * 1000
            try storage.append(["__name__": "kept"], t: t, v: Double(round))
            for s in 0..<1000 where round < 300 {
                try storage.append(["__name__": "short", "s": String(s)], t: t, v: Double(bitPattern: rng.next()))
            }
        }
        let before = storage.stats
        storage.truncate(before: 300_000)
        let after = storage.stats
        #expect(after.seriesCount == 1)
        #expect(after.chunkPageBytes < before.chunkPageBytes)
        #expect(after.chunkPageBytes <= 2 * ChunkArena.pageSize)
        #expect(storage.checkInvariants().isEmpty)
        let points = try #require(try storage.select([], mint: .min, maxt: .max).first).points
        #expect(points == (300..<400).map { FPoint(t: Int64($0) * 1000, v: Double($0)) })
    }

    @Test("retention by age keeps the last window before the newest sample")
    func retentionWindow() throws {
        let storage = MemoryStorage()
        storage.truncate(keepingLast: 1000)  // empty: nothing to do
        for i in 0..<600 { try storage.append(["__name__": "x"], t: Int64(i) * 1000, v: Double(i)) }
        storage.truncate(keepingLast: 100_000)
        let points = try #require(try storage.select([], mint: .min, maxt: .max).first).points
        #expect(points.first?.t == 499_000)
        #expect(points.last?.t == 599_000)
        #expect(storage.checkInvariants().isEmpty)
    }
}
