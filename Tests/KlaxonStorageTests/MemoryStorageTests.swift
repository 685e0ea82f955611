import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct MemoryStorageTests {
    static let all: Int64 = .max

    func everything(_ storage: MemoryStorage, _ matchers: [LabelMatcher] = []) throws -> [SeriesSamples] {
        try storage.select(matchers, mint: .min, maxt: .max)
    }

    @Test("appended samples come back in order, across sealed chunks and the open one")
    func roundTrip() throws {
        let storage = MemoryStorage()
        let labels: Labels = ["__name__": "up", "job": "node"]
        var expected: [FPoint] = []
        for i in 0..<1000 {
            let p = FPoint(t: Int64(i) * 15_000, v: i % 7 == 0 ? 0.5 * Double(i) : Double(i))
            try storage.append(labels, t: p.t, v: p.v)
            expected.append(p)
        }
        let result = try everything(storage)
        #expect(result == [SeriesSamples(labels: labels, points: expected)])
        let stats = storage.stats
        #expect(stats.sampleCount == 1000)
        #expect(stats.sealedSampleCount == 960)
        #expect(stats.sealedChunkCount == 8)
    }

    @Test("select honours the inclusive range and drops series without samples in it")
    func rangeSelection() throws {
        let storage = MemoryStorage()
        for i in 0..<300 { try storage.append(["__name__": "a"], t: Int64(i) * 1000, v: Double(i)) }
        try storage.append(["__name__": "b"], t: 1_000_000, v: 1)
        let result = try storage.select([.equal("__name__", "a")], mint: 10_000, maxt: 250_000)
        #expect(result.count == 1)
        #expect(result.first?.points.first == FPoint(t: 10_000, v: 10))
        #expect(result.first?.points.last == FPoint(t: 250_000, v: 250))
        #expect(result.first?.points.count == 241)
        let none = try storage.select([.equal("__name__", "b")], mint: 0, maxt: 999_999)
        #expect(none.isEmpty)
    }

    @Test("staleness markers, NaN payloads, -0 and infinities round-trip bit-exactly")
    func specialValues() throws {
        let storage = MemoryStorage()
        let values: [Double] = [
            1, StaleMarker.value, .nan, Double(bitPattern: 0x7ff8_0000_0000_00ab), -0.0, .infinity, -.infinity, 2.5,
        ]
        let ref = try storage.seriesRef(for: ["__name__": "x"])
        for (i, v) in values.enumerated() { try storage.append(ref, t: Int64(i), v: v) }
        try storage.appendStaleMarker(ref, t: 100)
        let points = try #require(try everything(storage).first).points
        #expect(points.map(\.v.bitPattern) == (values + [StaleMarker.value]).map(\.bitPattern))
        #expect(StaleMarker.isStale(points[1].v))
        #expect(!StaleMarker.isStale(points[2].v))
    }

    @Test("results are sorted by labels")
    func sortedByLabels() throws {
        let storage = MemoryStorage()
        for name in ["zeta", "alpha", "mid", "Beta"] {
            for instance in ["b", "a"] { try storage.append(["__name__": name, "instance": instance], t: 1, v: 1) }
        }
        let labels = try everything(storage, [try LabelMatcher(.regexMatch, "__name__", ".+")]).map(\.labels)
        #expect(labels == labels.sorted { Labels.compare($0, $1) < 0 })
        #expect(labels.count == 8)
        #expect(labels.first == ["__name__": "Beta", "instance": "a"])
    }

    @Test("out-of-order and duplicate samples are rejected with Prometheus's errors")
    func rejections() throws {
        let storage = MemoryStorage()
        let ref = try storage.seriesRef(for: ["__name__": "x"])
        try storage.append(ref, t: 1000, v: 1)
        #expect(throws: AppendError.outOfOrderSample) { try storage.append(ref, t: 999, v: 1) }
        let duplicate = #expect(throws: AppendError.self) { try storage.append(ref, t: 1000, v: 2) }
        #expect(duplicate == .duplicateSampleForTimestamp(timestamp: 1000, existing: 1, new: 2))
        #expect(duplicate?.description.hasPrefix("duplicate sample for timestamp") == true)
        #expect(AppendError.outOfOrderSample.description == "out of order sample")
        // the same timestamp with the same value is accepted silently, and stored once
        try storage.append(ref, t: 1000, v: 1)
        #expect(try everything(storage).first?.points == [FPoint(t: 1000, v: 1)])
        #expect(throws: AppendError.emptyLabelSet) { try storage.append(Labels(), t: 1, v: 1) }
    }

    @Test("label sets whose hashes collide stay distinct series")
    func hashCollisions() throws {
        var options = StorageOptions()
        options.hashMask = 0x3  // four hash values for 200 series
        let storage = MemoryStorage(options: options)
        var refs: [SeriesRef] = []
        for i in 0..<200 { refs.append(try storage.append(["__name__": "m", "i": String(i)], t: 1, v: Double(i))) }
        #expect(Set(refs).count == 200)
        for i in 0..<200 {
            #expect(storage.existingSeriesRef(for: ["__name__": "m", "i": String(i)]) == refs[i])
            try storage.append(["__name__": "m", "i": String(i)], t: 2, v: Double(i))
        }
        let result = try everything(storage)
        #expect(result.count == 200)
        #expect(
            result.allSatisfy {
                $0.points == [FPoint(t: 1, v: Double($0.labels["i"])!), FPoint(t: 2, v: Double($0.labels["i"])!)]
            })
        storage.truncate(before: 2)
        storage.truncate(before: 3)
        #expect(storage.stats.seriesCount == 0)
        #expect(storage.existingSeriesRef(for: ["__name__": "m", "i": "7"]) == nil)
    }

    @Test("reset drops everything and invalidates references")
    func reset() throws {
        let storage = MemoryStorage()
        let ref = try storage.append(["__name__": "x"], t: 1, v: 1)
        storage.reset()
        #expect(try everything(storage).isEmpty)
        #expect(storage.stats.seriesCount == 0)
        #expect(throws: AppendError.unknownSeriesRef(ref)) { try storage.append(ref, t: 2, v: 2) }
        let fresh = try storage.append(ref, ["__name__": "x"], t: 2, v: 2)
        #expect(fresh != ref)
        #expect(try everything(storage).first?.points == [FPoint(t: 2, v: 2)])
    }

    @Test("a batch becomes visible on commit and reports rejected samples")
    func batchAppender() throws {
        let storage = MemoryStorage()
        var appender = storage.makeAppender()
        let a = try appender.append(["__name__": "a"], t: 10, v: 1)
        appender.append(a, t: 20, v: 2)
        appender.append(a, t: 15, v: 3)
        appender.appendStaleMarker(a, t: 30)
        #expect(try everything(storage).isEmpty)
        let report = appender.commit()
        #expect(report.appended == 3)
        #expect(report.failures.map(\.index) == [2])
        #expect(report.failures.first?.error == .outOfOrderSample)
        #expect(try everything(storage).first?.points.count == 3)
        appender.append(a, t: 40, v: 4)
        appender.rollback()
        #expect(appender.commit().appended == 0)
        #expect(try everything(storage).first?.points.count == 3)
    }

    @Test("label names and values, with and without matchers and ranges")
    func labelNamesAndValues() throws {
        let storage = MemoryStorage()
        try storage.append(["__name__": "up", "job": "api", "zone": "b"], t: 1000, v: 1)
        try storage.append(["__name__": "up", "job": "db"], t: 5000, v: 1)
        try storage.append(["__name__": "errors", "job": "api", "code": "500"], t: 9000, v: 1)
        #expect(try storage.labelNames(matching: [], mint: .min, maxt: .max) == ["__name__", "code", "job", "zone"])
        #expect(try storage.labelValues("job", matching: [], mint: .min, maxt: .max) == ["api", "db"])
        #expect(try storage.labelValues("missing", matching: [], mint: .min, maxt: .max) == [])
        let up: [[LabelMatcher]] = [[.equal("__name__", "up")]]
        #expect(try storage.labelNames(matching: up, mint: .min, maxt: .max) == ["__name__", "job", "zone"])
        #expect(try storage.labelValues("job", matching: up, mint: 2000, maxt: .max) == ["db"])
        let either: [[LabelMatcher]] = [[.equal("job", "db")], [.equal("code", "500")]]
        #expect(try storage.labelValues("__name__", matching: either, mint: .min, maxt: .max) == ["errors", "up"])
        #expect(try storage.labelNames(matching: [], mint: 8000, maxt: 10_000) == ["__name__", "code", "job"])
    }

    @Test("stats account for series, samples and bytes")
    func stats() throws {
        let storage = MemoryStorage()
        #expect(storage.stats.minTime == nil)
        for s in 0..<10 {
            for i in 0..<240 {
                try storage.append(["__name__": "c", "s": String(s)], t: Int64(i) * 15_000, v: Double(i * 3))
            }
        }
        let stats = storage.stats
        #expect(stats.seriesCount == 10)
        #expect(stats.sampleCount == 2400)
        #expect(stats.sealedSampleCount == 2400)
        #expect(stats.sealedChunkCount == 20)
        #expect(stats.bytesPerSealedSample > 0 && stats.bytesPerSealedSample < 1)
        #expect(stats.openChunkBytes == 0)
        #expect(stats.indexBytes > 0)
        #expect(stats.minTime == 0)
        #expect(stats.maxTime == Timestamp(239 * 15_000))
        // every series carries one record: keep it small (the per-series overhead budget is 400 bytes)
        #expect(MemoryLayout<SeriesRecord>.stride <= 112)
    }

    @Test("chunks are cut at aligned chunk-range boundaries")
    func chunkRange() throws {
        let storage = MemoryStorage(options: StorageOptions(chunkRange: 10_000))
        for i in 0..<25 { try storage.append(["__name__": "x"], t: Int64(i) * 1000, v: Double(i)) }
        let stats = storage.stats
        #expect(stats.sealedChunkCount == 2)
        #expect(stats.sealedSampleCount == 20)
        #expect(try everything(storage).first?.points.count == 25)
    }

    @Test("appending a batch of samples through SampleAppender is atomic and reports rejections")
    func sampleAppender() throws {
        let storage = MemoryStorage()
        let appender: any SampleAppender = storage
        let report = appender.append([
            Sample(labels: ["__name__": "r", "i": "1"], t: 10, v: 1),
            Sample(labels: ["__name__": "r", "i": "2"], t: 10, v: 2),
            Sample(labels: ["__name__": "r", "i": "1"], t: 5, v: 3),
            Sample(labels: Labels(), t: 10, v: 4),
        ])
        #expect(report.appended == 2)
        #expect(report.failures.map(\.index) == [2, 3])
        #expect(report.failures.map(\.error) == [.outOfOrderSample, .emptyLabelSet])
        #expect(try storage.select([.equal("__name__", "r")], mint: .min, maxt: .max).count == 2)
    }
}
