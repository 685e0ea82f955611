import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct OutOfOrderTests {
    @Test("samples inside the window are inserted in order; older ones are too old")
    func window() throws {
        let storage = MemoryStorage(options: StorageOptions(outOfOrderWindow: 10_000))
        let ref = try storage.seriesRef(for: ["__name__": "x"])
        try storage.append(ref, t: 20_000, v: 2)
        try storage.append(ref, t: 15_000, v: 1.5)
        try storage.append(ref, t: 10_000, v: 1)
        #expect(throws: AppendError.tooOldSample) { try storage.append(ref, t: 9_999, v: 0) }
        try storage.append(ref, t: 25_000, v: 2.5)
        let points = try storage.select([], mint: .min, maxt: .max).first?.points
        #expect(
            points == [
                FPoint(t: 10_000, v: 1), FPoint(t: 15_000, v: 1.5), FPoint(t: 20_000, v: 2), FPoint(t: 25_000, v: 2.5),
            ])
        #expect(
            try storage.select([], mint: 12_000, maxt: 22_000).first?.points == [
                FPoint(t: 15_000, v: 1.5), FPoint(t: 20_000, v: 2),
            ])
    }

    @Test("the window is measured from the newest sample of the whole storage")
    func windowIsGlobal() throws {
        let storage = MemoryStorage(options: StorageOptions(outOfOrderWindow: 5_000))
        try storage.append(["__name__": "a"], t: 10_000, v: 1)
        try storage.append(["__name__": "b"], t: 100_000, v: 1)
        #expect(throws: AppendError.tooOldSample) { try storage.append(["__name__": "a"], t: 9_000, v: 1) }
    }

    @Test("duplicates inside the window: same value accepted, different value rejected")
    func duplicates() throws {
        let storage = MemoryStorage(options: StorageOptions(outOfOrderWindow: 1_000_000))
        let ref = try storage.seriesRef(for: ["__name__": "x"])
        for i in 0..<300 where i % 3 != 0 { try storage.append(ref, t: Int64(i) * 100, v: Double(i)) }
        try storage.append(ref, t: 300, v: 0.5)
        try storage.append(ref, t: 300, v: 0.5)
        #expect(throws: AppendError.duplicateSampleForTimestamp(timestamp: 300, existing: 0.5, new: 7)) {
            try storage.append(ref, t: 300, v: 7)
        }
        // 100 is an in-order sample inside a sealed chunk
        try storage.append(ref, t: 100, v: 1)
        #expect(throws: AppendError.duplicateSampleForTimestamp(timestamp: 100, existing: 1, new: 9)) {
            try storage.append(ref, t: 100, v: 9)
        }
        let points = try #require(try storage.select([], mint: .min, maxt: .max).first).points
        #expect(points.count == 201)
    }

    @Test("many out-of-order samples merge into the chunks without losing or reordering any")
    func merging() throws {
        let storage = MemoryStorage(options: StorageOptions(outOfOrderWindow: 10_000_000))
        let ref = try storage.seriesRef(for: ["__name__": "x"])
        var expected: [FPoint] = []
        var rng = SeededGenerator(seed: 11)
        for i in 0..<1000 {
            let p = FPoint(t: Int64(i) * 1000, v: i % 5 == 0 ? Double(bitPattern: rng.next()) : Double(i))
            expected.append(p)
        }
        // every even sample in order, then the odd ones shuffled
        for p in expected.enumerated() where p.offset % 2 == 0 {
            try storage.append(ref, t: p.element.t, v: p.element.v)
        }
        for p in expected.enumerated().filter({ $0.offset % 2 == 1 }).shuffled(using: &rng) {
            try storage.append(ref, t: p.element.t, v: p.element.v)
        }
        #expect(try storage.select([], mint: .min, maxt: .max).first?.points == expected)
        #expect(storage.stats.sampleCount == 1000)
        #expect(storage.checkInvariants().isEmpty)
        // appends continue in order after the merges
        try storage.append(ref, t: 1_000_000, v: 1)
        #expect(try storage.select([], mint: 999_000, maxt: .max).first?.points.count == 2)
    }

    @Test("without a window an older sample is out of order")
    func disabled() throws {
        let storage = MemoryStorage()
        try storage.append(["__name__": "x"], t: 10, v: 1)
        #expect(throws: AppendError.outOfOrderSample) { try storage.append(["__name__": "x"], t: 9, v: 1) }
    }
}
