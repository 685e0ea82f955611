import KlaxonModel

extension HeadState {
    /// Appends one sample to the series at `index`, following Prometheus's `memSeries.appendable` rules.
    mutating func append(_ index: Int, t: Int64, v: Double) throws(AppendError) {
        if t < minValidTime { throw options.outOfOrderWindow > 0 ? .tooOldSample : .outOfBounds }
        // Fields are read one by one: a copy of the whole record would keep its chunk buffers shared and
        // make the append below copy them.
        let lastT = series[index].lastT
        if !series[index].hasInOrder || t > lastT {
            appendInOrder(index, t: t, v: v)
            return
        }
        if t == lastT {
            // Prometheus accepts an exact repeat (federation does this) and rejects a different value.
            let lastV = series[index].lastV
            if lastV.bitPattern == v.bitPattern { return }
            throw .duplicateSampleForTimestamp(timestamp: t, existing: lastV, new: v)
        }
        let window = options.outOfOrderWindow
        guard window > 0 else { throw .outOfOrderSample }
        let (limit, overflow) = maxTime.subtractingReportingOverflow(window)
        guard overflow || t >= limit else { throw .tooOldSample }
        try insertOutOfOrder(index, t: t, v: v)
    }

    private mutating func appendInOrder(_ index: Int, t: Int64, v: Double) {
        if !series[index].head.isEmpty && t >= chunkEnd(after: series[index].head.minTime) { seal(index) }
        openBytes += series[index].appendToHead(t: t, v: v)
        sampleCount += 1
        if t > maxTime { maxTime = t }
        if t < minTime { minTime = t }
        if Int(series[index].head.count) >= options.samplesPerChunk { seal(index) }
    }

    /// Moves the open chunk of a series into the arena, re-encoded with the best layout for its samples.
    mutating func seal(_ index: Int) {
        let head = series[index].head
        guard !head.isEmpty else { return }
        openBytes -= head.byteCount
        series[index].head = OpenChunk()
        storeSealed(index, head.points()[...])
    }

    private mutating func storeSealed(_ index: Int, _ points: ArraySlice<FPoint>) {
        guard let first = points.first, let last = points.last else { return }
        let bytes = points.withUnsafeBufferPointer { ChunkEncoder.encode($0) }
        let location = arena.store(bytes, samples: points.count)
        series[index].sealed.append(ChunkMeta(mint: first.t, maxt: last.t, location: location))
        sealedSamples += points.count
    }

    private mutating func insertOutOfOrder(_ index: Int, t: Int64, v: Double) throws(AppendError) {
        let position = HeadState.lowerBound(series[index].outOfOrder, t)
        if position < series[index].outOfOrder.count && series[index].outOfOrder[position].t == t {
            let existing = series[index].outOfOrder[position].v
            if existing.bitPattern == v.bitPattern { return }
            throw .duplicateSampleForTimestamp(timestamp: t, existing: existing, new: v)
        }
        if let existing = inOrderValue(index, at: t) {
            if existing.bitPattern == v.bitPattern { return }
            throw .duplicateSampleForTimestamp(timestamp: t, existing: existing, new: v)
        }
        series[index].outOfOrder.insert(FPoint(t: t, v: v), at: position)
        series[index].flags &= ~SeriesRecord.emptyMarkFlag
        sampleCount += 1
        if t < minTime { minTime = t }
        if series[index].outOfOrder.count >= options.outOfOrderCapacity { mergeOutOfOrder(index) }
    }

    /// The value of the in-order sample at exactly `t`, if there is one.
    private func inOrderValue(_ index: Int, at t: Int64) -> Double? {
        let record = series[index]
        if !record.head.isEmpty && t >= record.head.minTime && t <= record.head.maxTime {
            let points = record.head.points()
            let i = HeadState.lowerBound(points, t)
            return i < points.count && points[i].t == t ? points[i].v : nil
        }
        for chunk in record.sealed where chunk.mint <= t && t <= chunk.maxt {
            guard let page = arena.page(chunk.location) else { continue }
            var found: [FPoint] = []
            ChunkDecoder.decode(
                page.bytes(at: chunk.location.offset, count: chunk.location.length), mint: t, maxt: t, into: &found)
            return found.first?.v
        }
        return nil
    }

    /// Folds the buffered out-of-order samples into the chunks: every chunk from the first one they
    /// reach is decoded, merged with them and cut again into chunks; the tail becomes the open chunk.
    mutating func mergeOutOfOrder(_ index: Int) {
        let buffered = series[index].outOfOrder
        guard let oldest = buffered.first?.t else { return }
        var sealed = series[index].sealed
        let from = sealed.firstIndex { $0.maxt >= oldest } ?? sealed.count
        var existing: [FPoint] = []
        for chunk in sealed[from...] {
            if let page = arena.page(chunk.location) {
                ChunkDecoder.decode(
                    page.bytes(at: chunk.location.offset, count: chunk.location.length), into: &existing)
            }
            arena.remove(chunk.location)
            sealedSamples -= chunk.location.samples
        }
        sealed.removeSubrange(from...)
        let head = series[index].head
        existing.append(contentsOf: head.points())
        openBytes -= head.byteCount
        series[index].sealed = sealed
        series[index].head = OpenChunk()
        series[index].outOfOrder = []

        let merged = HeadState.merge(existing, buffered)
        var start = 0
        while start < merged.count {
            let end = chunkEnd(after: merged[start].t)
            var stop = start
            while stop < merged.count && stop - start < options.samplesPerChunk && merged[stop].t < end { stop += 1 }
            if stop - start == options.samplesPerChunk || stop < merged.count {
                storeSealed(index, merged[start..<stop])
            } else {
                var open = OpenChunk()
                for p in merged[start..<stop] { open.append(t: p.t, v: p.v) }
                openBytes += open.byteCount
                series[index].head = open
            }
            start = stop
        }
    }

    /// Merges two time-sorted runs with distinct timestamps.
    static func merge(_ a: [FPoint], _ b: [FPoint]) -> [FPoint] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [FPoint] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i].t <= b[j].t {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// First position in `points` whose timestamp is not below `t`.
    static func lowerBound(_ points: [FPoint], _ t: Int64) -> Int {
        var low = 0
        var high = points.count
        while low < high {
            let mid = (low + high) >> 1
            if points[mid].t < t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
