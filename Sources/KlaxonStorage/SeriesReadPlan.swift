import KlaxonModel

/// What a reader copies out of the storage under the lock for one series: its labels and references to
/// the bytes it needs. Decoding happens after the lock is released.
struct SeriesReadPlan: Sendable {
    struct SealedChunk: Sendable {
        let page: ChunkPage
        let location: ChunkLocation
    }

    var labels: Labels
    var sealed: [SealedChunk]
    /// Snapshot of the open chunk, empty when it holds nothing in range.
    var head: [UInt8]
    var outOfOrder: [FPoint]
    var mint: Int64
    var maxt: Int64

    /// The samples in `mint...maxt`, in time order.
    func points() -> [FPoint] {
        var out: [FPoint] = []
        out.reserveCapacity(sealed.count * 120 + (head.isEmpty ? 0 : 120))
        for chunk in sealed {
            withExtendedLifetime(chunk.page) {
                let bytes = chunk.page.bytes(at: chunk.location.offset, count: chunk.location.length)
                ChunkDecoder.decode(bytes, mint: mint, maxt: maxt, into: &out)
            }
        }
        if !head.isEmpty {
            head.withUnsafeBytes { ChunkDecoder.decode($0, mint: mint, maxt: maxt, into: &out) }
        }
        return outOfOrder.isEmpty ? out : HeadState.merge(out, outOfOrder)
    }
}

extension HeadState {
    /// Read plans for the series `ids` that hold samples in `mint...maxt` (clamped to retention).
    func readPlans(for ids: [UInt32], mint requestedMint: Int64, maxt: Int64) -> [SeriesReadPlan] {
        let mint = max(requestedMint, minValidTime)
        guard mint <= maxt else { return [] }
        var plans: [SeriesReadPlan] = []
        plans.reserveCapacity(ids.count)
        for id in ids {
            let index = Int(id)
            guard overlaps(index, mint: mint, maxt: maxt) else { continue }
            var sealed: [SeriesReadPlan.SealedChunk] = []
            for chunk in series[index].sealed {
                if chunk.maxt < mint { continue }
                if chunk.mint > maxt { break }
                if let page = arena.page(chunk.location) { sealed.append(.init(page: page, location: chunk.location)) }
            }
            let head = series[index].head
            let headBytes = !head.isEmpty && head.maxTime >= mint && head.minTime <= maxt ? head.encoded() : []
            let outOfOrder = series[index].outOfOrder.filter { $0.t >= mint && $0.t <= maxt }
            if sealed.isEmpty && headBytes.isEmpty && outOfOrder.isEmpty { continue }
            plans.append(
                SeriesReadPlan(
                    labels: labels(of: index), sealed: sealed, head: headBytes, outOfOrder: outOfOrder, mint: mint,
                    maxt: maxt
                )
            )
        }
        return plans
    }

    /// True when the series at `index` may hold samples in `mint...maxt`.
    func overlaps(_ index: Int, mint: Int64, maxt: Int64) -> Bool {
        guard let low = series[index].minTime, let high = series[index].maxTime else { return false }
        return low <= maxt && high >= mint
    }

    /// Series ids matching any of the matcher sets (every live series when there are none), restricted to
    /// those with samples in range unless the range covers everything stored.
    func seriesIDs(matchingAny sets: [[LabelMatcher]], mint: Int64, maxt: Int64) -> [UInt32] {
        let nonEmpty = sets.filter { !$0.isEmpty }
        var ids: [UInt32]
        if nonEmpty.isEmpty {
            ids = allIDs
        } else if nonEmpty.count == 1 {
            ids = postings(matching: nonEmpty[0])
        } else {
            ids = Postings.union(nonEmpty.map { postings(matching: $0) })
        }
        let lower = max(mint, minValidTime)
        if lower <= minTime && maxt >= maxTime && minValidTime == .min { return ids }
        return ids.filter { overlaps(Int($0), mint: lower, maxt: maxt) }
    }

    func labelNames(matchingAny sets: [[LabelMatcher]], mint: Int64, maxt: Int64) -> [String] {
        var names = Set<UInt32>()
        if sets.allSatisfy(\.isEmpty) && mint <= minTime && maxt >= maxTime && minValidTime == .min {
            names = Set(postings.byName.keys)
        } else {
            for id in seriesIDs(matchingAny: sets, mint: mint, maxt: maxt) {
                let (labelStart, labelCount) = (Int(series[Int(id)].labelStart), Int(series[Int(id)].labelCount))
                var i = labelStart
                for _ in 0..<labelCount {
                    names.insert(labelSymbols[i])
                    i += 2
                }
            }
        }
        return names.map { symbols[$0] }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func labelValues(_ name: String, matchingAny sets: [[LabelMatcher]], mint: Int64, maxt: Int64) -> [String] {
        guard let nameSymbol = symbols.lookup(name), let byValue = postings.values(of: nameSymbol) else { return [] }
        var values = Set<UInt32>()
        if sets.allSatisfy(\.isEmpty) && mint <= minTime && maxt >= maxTime && minValidTime == .min {
            values = Set(byValue.keys)
        } else {
            for id in seriesIDs(matchingAny: sets, mint: mint, maxt: maxt) {
                let (labelStart, labelCount) = (Int(series[Int(id)].labelStart), Int(series[Int(id)].labelCount))
                var i = labelStart
                for _ in 0..<labelCount {
                    if labelSymbols[i] == nameSymbol {
                        values.insert(labelSymbols[i + 1])
                        break
                    }
                    i += 2
                }
            }
        }
        return values.map { symbols[$0] }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
