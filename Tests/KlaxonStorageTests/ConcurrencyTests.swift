import KlaxonModel
import Testing

@testable import KlaxonStorage

@Suite struct ConcurrencyTests {
    @Test("readers running alongside one writer only ever see whole, consistent commits")
    func writerAndReaders() async throws {
        let storage = MemoryStorage()
        let seriesCount = 50
        let rounds = 400
        let refs = try (0..<seriesCount).map { try storage.seriesRef(for: ["__name__": "c", "s": String($0)]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for round in 1...rounds {
                    var appender = storage.makeAppender()
                    for ref in refs { appender.append(ref, t: Int64(round) * 1000, v: Double(round)) }
                    let report = appender.commit()
                    #expect(report.failures.isEmpty)
                    if round % 100 == 0 { storage.truncate(before: Int64(round - 50) * 1000) }
                }
            }
            for _ in 0..<3 {
                group.addTask {
                    var lastSeen = 0
                    while lastSeen < rounds {
                        let result = try storage.select([.equal("__name__", "c")], mint: .min, maxt: .max)
                        // each commit carries one sample per series: all series end at the same round
                        let ends = Set(result.map { $0.points.last?.t ?? -1 })
                        #expect(ends.count <= 1)
                        for series in result {
                            // values equal the round, timestamps strictly increase, no sample is torn
                            #expect(series.points.allSatisfy { $0.v * 1000 == Double($0.t) })
                            #expect(zip(series.points, series.points.dropFirst()).allSatisfy { $0.t < $1.t })
                        }
                        if let end = ends.first { lastSeen = Int(end / 1000) }
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(storage.stats.seriesCount == seriesCount)
        #expect(storage.checkInvariants().isEmpty)
    }
}
