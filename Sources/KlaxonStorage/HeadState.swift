import KlaxonModel

/// The whole mutable state of a `MemoryStorage`, kept behind its mutex.
struct HeadState {
    let options: StorageOptions
    /// Bumped by `reset` and by renumbering, so references from before never alias another series.
    var epoch: UInt32
    var symbols = SymbolTable()
    /// Name and value symbols of every series, in pairs; each series owns a slice.
    var labelSymbols: [UInt32] = []
    /// Indexed by series id; removed series stay as dead records until the next renumbering.
    var series: [SeriesRecord] = []
    var hashTable = SeriesHashTable()
    var postings = PostingsIndex()
    /// Ids of the live series, sorted.
    var allIDs: [UInt32] = []
    var arena = ChunkArena()
    /// Samples older than this are gone (retention); appends older than it are out of bounds.
    var minValidTime: Int64 = .min
    /// Newest timestamp appended to any series (Prometheus's head max time).
    var maxTime: Int64 = .min
    /// Oldest timestamp appended (not raised by retention, except to `minValidTime`).
    var minTime: Int64 = .max
    var sampleCount = 0
    var sealedSamples = 0
    var openBytes = 0
    var deadRecords = 0
    var deadLabelSymbols = 0

    init(options: StorageOptions, epoch: UInt32 = 0) {
        self.options = options
        self.epoch = epoch
    }

    // MARK: Series lookup

    static func hash(_ labels: Labels, mask: UInt64) -> UInt64 {
        var hasher = Hasher()
        for label in labels {
            hasher.combine(label.name)
            hasher.combine(label.value)
        }
        return UInt64(UInt(bitPattern: hasher.finalize())) & mask
    }

    func ref(_ id: UInt32) -> SeriesRef { SeriesRef(id: id, epoch: epoch) }

    /// The index of the live series `ref` names.
    func index(of ref: SeriesRef) throws(AppendError) -> Int {
        let index = Int(ref.id)
        guard ref.epoch == epoch, index < series.count, series[index].isLive else { throw .unknownSeriesRef(ref) }
        return index
    }

    func labels(of index: Int) -> Labels {
        let (labelStart, labelCount) = (Int(series[index].labelStart), Int(series[index].labelCount))
        var out: [Label] = []
        out.reserveCapacity(labelCount)
        var i = labelStart
        for _ in 0..<labelCount {
            out.append(Label(symbols[labelSymbols[i]], symbols[labelSymbols[i + 1]]))
            i += 2
        }
        return Labels(sortedUnchecked: out)
    }

    private func hasLabels(_ index: Int, _ labels: Labels) -> Bool {
        let (labelStart, labelCount) = (Int(series[index].labelStart), Int(series[index].labelCount))
        guard labelCount == labels.count else { return false }
        var i = labelStart
        for label in labels {
            guard symbols[labelSymbols[i]] == label.name, symbols[labelSymbols[i + 1]] == label.value else {
                return false
            }
            i += 2
        }
        return true
    }

    /// The id of the series with exactly these labels.
    func lookup(_ labels: Labels) -> UInt32? {
        let hash = HeadState.hash(labels, mask: options.hashMask)
        return hashTable.find(hash) { hasLabels(Int($0), labels) }
    }

    /// The id of the series with these labels, created (without samples) when missing.
    mutating func getOrCreate(_ labels: Labels) throws(AppendError) -> UInt32 {
        guard !labels.isEmpty else { throw .emptyLabelSet }
        guard labels.count <= Int(UInt16.max) else { throw .tooManyLabels(labels.count) }
        let hash = HeadState.hash(labels, mask: options.hashMask)
        if let id = hashTable.find(hash, where: { hasLabels(Int($0), labels) }) { return id }
        return create(labels, hash: hash)
    }

    private mutating func create(_ labels: Labels, hash: UInt64) -> UInt32 {
        precondition(series.count < Int(UInt32.max) - 1, "series id space exhausted")
        let id = UInt32(series.count)
        let start = UInt32(labelSymbols.count)
        for label in labels {
            let name = symbols.intern(label.name)
            let value = symbols.intern(label.value)
            labelSymbols.append(name)
            labelSymbols.append(value)
            postings.add(id, name: name, value: value)
        }
        series.append(SeriesRecord(labelStart: start, labelCount: UInt16(labels.count)))
        // Allocated now, among other long-lived data, rather than when the first chunk is sealed: then it
        // would be carved out of the freed open-chunk buffers and pin their pages (about 90 bytes per series
        // of fragmentation after a bulk load).
        series[Int(id)].sealed.reserveCapacity(1)
        hashTable.insert(hash, id: id)
        allIDs.append(id)
        return id
    }

    /// End (exclusive) of the aligned chunk range that `t` falls in.
    func chunkEnd(after t: Int64) -> Int64 {
        let range = options.chunkRange
        var q = t / range
        if t % range != 0 && t < 0 { q -= 1 }
        let (end, overflow) = (q + 1).multipliedReportingOverflow(by: range)
        return overflow ? .max : end
    }
}
