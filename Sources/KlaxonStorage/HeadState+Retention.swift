import KlaxonModel

extension HeadState {
    /// Drops every sample older than `before`: whole sealed chunks ending before it, the open chunk when all
    /// of it is older, buffered out-of-order samples; samples of partly older chunks stay stored but hidden.
    /// Series left without samples are removed, and so are series created without samples (by an
    /// appender) that are still empty at the next truncation. Renumbers series when many records are dead.
    mutating func truncate(before: Int64) {
        if before > minValidTime { minValidTime = before }
        if minTime < minValidTime { minTime = minValidTime }
        var dead: [UInt32] = []
        for id in allIDs {
            let index = Int(id)
            let hadSamples = series[index].hasSamples
            let sealed = series[index].sealed
            var keepFrom = 0
            while keepFrom < sealed.count && sealed[keepFrom].maxt < before {
                arena.remove(sealed[keepFrom].location)
                sealedSamples -= sealed[keepFrom].location.samples
                sampleCount -= sealed[keepFrom].location.samples
                keepFrom += 1
            }
            if keepFrom > 0 { series[index].sealed = Array(sealed[keepFrom...]) }
            let head = series[index].head
            if !head.isEmpty && head.maxTime < before {
                openBytes -= head.byteCount
                sampleCount -= Int(head.count)
                series[index].head = OpenChunk()
            }
            if let oldest = series[index].outOfOrder.first?.t, oldest < before {
                let kept = series[index].outOfOrder.filter { $0.t >= before }
                sampleCount -= series[index].outOfOrder.count - kept.count
                series[index].outOfOrder = kept
            }
            if series[index].hasSamples {
                series[index].flags &= ~SeriesRecord.emptyMarkFlag
            } else if hadSamples || series[index].flags & SeriesRecord.emptyMarkFlag != 0 {
                dead.append(id)
            } else {
                series[index].flags |= SeriesRecord.emptyMarkFlag
            }
        }
        remove(dead)
        compactPages()
        if deadRecords > options.renumberAfterRemovals && deadRecords > allIDs.count { renumber() }
    }

    /// Moves the chunks of pages that retention left mostly empty, so those pages can be freed.
    mutating func compactPages() {
        let sparse = arena.sparsePages(below: 0.25)
        guard !sparse.isEmpty else { return }
        for id in allIDs {
            let index = Int(id)
            guard series[index].sealed.contains(where: { sparse.contains($0.location.page) }) else { continue }
            var sealed = series[index].sealed
            for k in sealed.indices where sparse.contains(sealed[k].location.page) {
                // A page index freed here may be reused for new chunks; those are never revisited, because
                // each series' chunks are walked once and every old chunk of a freed page was moved already.
                sealed[k].location = arena.relocate(sealed[k].location)
            }
            series[index].sealed = sealed
        }
    }

    /// Removes series (sorted ids) from the hash table and the postings, leaving dead records behind.
    private mutating func remove(_ dead: [UInt32]) {
        guard !dead.isEmpty else { return }
        var byPair: [UInt64: [UInt32]] = [:]
        for id in dead {
            let index = Int(id)
            let record = series[index]
            // the hash is recomputed rather than stored: removal is rare, and records stay 8 bytes smaller
            hashTable.remove(HeadState.hash(labels(of: index), mask: options.hashMask), id: id)
            var i = Int(record.labelStart)
            for _ in 0..<Int(record.labelCount) {
                byPair[UInt64(labelSymbols[i]) << 32 | UInt64(labelSymbols[i + 1]), default: []].append(id)
                i += 2
            }
            deadLabelSymbols += Int(record.labelCount) * 2
            series[index] = SeriesRecord(labelStart: 0, labelCount: 0)
            series[index].flags = 0
        }
        for (pair, ids) in byPair {
            postings.remove(ids, name: UInt32(truncatingIfNeeded: pair >> 32), value: UInt32(truncatingIfNeeded: pair))
        }
        allIDs = Postings.subtract(allIDs, dead)
        deadRecords += dead.count
    }

    /// Rebuilds the series table densely, with fresh ids, symbols and postings, keeping every chunk.
    /// References handed out before stop working (the epoch changes).
    mutating func renumber() {
        var fresh = HeadState(options: options, epoch: epoch &+ 1)
        fresh.arena = arena
        fresh.minValidTime = minValidTime
        fresh.maxTime = maxTime
        fresh.minTime = minTime
        fresh.sampleCount = sampleCount
        fresh.sealedSamples = sealedSamples
        fresh.openBytes = openBytes
        fresh.series.reserveCapacity(allIDs.count)
        for id in allIDs {
            let index = Int(id)
            guard let newID = try? fresh.getOrCreate(labels(of: index)) else {
                continue  // unreachable: a live series always has a valid, non-empty label set
            }
            var record = series[index]
            let slot = fresh.series[Int(newID)]
            record.labelStart = slot.labelStart
            record.labelCount = slot.labelCount
            fresh.series[Int(newID)] = record
        }
        self = fresh
    }

    /// Sizes for `/metrics`.
    func stats() -> StorageStats {
        let recordBytes = series.count * MemoryLayout<SeriesRecord>.stride
        let sealedMetaBytes = arena.liveChunks * MemoryLayout<ChunkMeta>.stride + allIDs.count * 32
        let indexBytes =
            symbols.approximateBytes + labelSymbols.capacity * 4 + recordBytes + sealedMetaBytes
            + hashTable.approximateBytes + postings.approximateBytes + allIDs.capacity * 4
        return StorageStats(
            seriesCount: allIDs.count,
            sampleCount: sampleCount,
            sealedChunkCount: arena.liveChunks,
            sealedChunkBytes: arena.liveBytes,
            sealedSampleCount: sealedSamples,
            openChunkBytes: openBytes,
            chunkPageBytes: arena.allocatedBytes,
            indexBytes: indexBytes,
            symbolCount: symbols.count,
            minTime: sampleCount > 0 ? max(minTime, minValidTime) : nil,
            maxTime: sampleCount > 0 ? maxTime : nil
        )
    }
}
