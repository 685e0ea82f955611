import KlaxonModel
import Synchronization

extension HeadState {
    /// Cross-checks the redundant structures (series table, hash table, postings, chunk arena, counters)
    /// and returns a description of every inconsistency found; empty when all is well. Linear in the
    /// size of the storage: tests call it, and so can a debugging session.
    func checkInvariants() -> [String] {
        var problems: [String] = []
        if zip(allIDs, allIDs.dropFirst()).contains(where: { $0 >= $1 }) {
            problems.append("allIDs not strictly sorted")
        }
        if hashTable.count != allIDs.count {
            problems.append("hash table holds \(hashTable.count) series, \(allIDs.count) are live")
        }
        var live = Set<UInt32>()
        var chunkBytes = 0
        var chunkCount = 0
        var sealed = 0
        var samples = 0
        var pairs = 0
        for id in allIDs {
            let index = Int(id)
            guard index < series.count, series[index].isLive else {
                problems.append("live id \(id) has no live record")
                continue
            }
            live.insert(id)
            let labels = labels(of: index)
            if lookup(labels) != id { problems.append("labels \(labels) do not find series \(id)") }
            pairs += labels.count
            for label in labels {
                guard let name = symbols.lookup(label.name), let value = symbols.lookup(label.value),
                    Postings.intersect(postings.postings(name: name, value: value), [id]) == [id]
                else {
                    problems.append("series \(id) missing from postings of \(label.name)=\(label.value)")
                    continue
                }
            }
            var previousMaxt = Int64.min
            for chunk in series[index].sealed {
                if chunk.mint > chunk.maxt || (chunk.mint <= previousMaxt && previousMaxt != .min) {
                    problems.append("series \(id): chunks overlap or are out of order")
                }
                previousMaxt = chunk.maxt
                guard let page = arena.page(chunk.location) else {
                    problems.append("series \(id): chunk in a freed page")
                    continue
                }
                var points: [FPoint] = []
                let bytes = page.bytes(at: chunk.location.offset, count: chunk.location.length)
                ChunkDecoder.decode(bytes, into: &points)
                if points.count != chunk.location.samples || points.first?.t != chunk.mint
                    || points.last?.t != chunk.maxt
                {
                    problems.append("series \(id): chunk metadata does not match its samples")
                }
                chunkBytes += chunk.location.length
                chunkCount += 1
                sealed += chunk.location.samples
            }
            let head = series[index].head
            if !head.isEmpty {
                if head.minTime <= previousMaxt && previousMaxt != .min {
                    problems.append("series \(id): open chunk overlaps sealed chunks")
                }
                if head.maxTime != series[index].lastT {
                    problems.append("series \(id): open chunk does not end at lastT")
                }
            }
            let ooo = series[index].outOfOrder
            if zip(ooo, ooo.dropFirst()).contains(where: { $0.t >= $1.t }) {
                problems.append("series \(id): out-of-order buffer not sorted")
            }
            samples += Int(head.count) + ooo.count
        }
        samples += sealed
        if postings.entryCount != pairs {
            problems.append("postings hold \(postings.entryCount) ids, series have \(pairs) labels")
        }
        for (_, values) in postings.byName {
            for (_, list) in values {
                if list.isEmpty { problems.append("empty postings list kept") }
                if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                    problems.append("postings list not sorted")
                }
                if list.contains(where: { !live.contains($0) }) {
                    problems.append("postings list holds a removed series")
                }
            }
        }
        if arena.liveBytes != chunkBytes || arena.liveChunks != chunkCount {
            problems.append(
                "arena counts \(arena.liveChunks) chunks / \(arena.liveBytes) B, "
                    + "series hold \(chunkCount) / \(chunkBytes) B"
            )
        }
        if sealedSamples != sealed { problems.append("sealed sample counter \(sealedSamples), chunks hold \(sealed)") }
        if sampleCount != samples { problems.append("sample counter \(sampleCount), \(samples) samples stored") }
        return problems
    }
}

extension MemoryStorage {
    /// Inconsistencies between the storage's internal structures (see `HeadState.checkInvariants`).
    func checkInvariants() -> [String] { state.withLock { $0.checkInvariants() } }
}
