import KlaxonModel

/// Which labels of a series identify its group or match partner: with `on`/`by` only the listed ones, otherwise
/// all but the listed ones and `__name__` (Prometheus's `ignoring`/`without`).
struct LabelSelection {
    var keepListed: Bool
    var names: [String]
    /// Every label, `__name__` included.
    var everything = false

    /// Keep `__name__` even when dropping the listed labels (classic histograms are grouped by name).
    var keepMetricName = false

    @inline(__always) func includes(_ name: String) -> Bool {
        if everything { return true }
        if keepListed { return names.contains(name) }
        return (keepMetricName || name != WellKnown.metricName) && !names.contains(name)
    }

    func apply(_ labels: Labels) -> Labels {
        Labels(sortedUnchecked: labels.filter { includes($0.name) })
    }

    /// FNV-1a over the selected labels, without building them.
    func hash(_ labels: Labels) -> UInt64 {
        var h: UInt64 = 14_695_981_039_346_656_037
        labels.storage.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where includes(buf[i].name) {
                for b in buf[i].name.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
                h = (h ^ 0xff) &* 1_099_511_628_211
                for b in buf[i].value.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
                h = (h ^ 0xff) &* 1_099_511_628_211
            }
        }
        return h
    }

    /// True when `a` and `b` agree on the selected labels.
    func equal(_ a: Labels, _ b: Labels) -> Bool {
        a.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeBufferPointer { b in
                var i = 0
                var j = 0
                while true {
                    while i < a.count && !includes(a[i].name) { i += 1 }
                    while j < b.count && !includes(b[j].name) { j += 1 }
                    if i == a.count || j == b.count { return i == a.count && j == b.count }
                    if a[i].name != b[j].name || a[i].value != b[j].value { return false }
                    i += 1
                    j += 1
                }
            }
        }
    }

    static let all = LabelSelection(keepListed: false, names: [], everything: true)
}

/// Numbers the distinct signatures of label sets (the selected labels) without allocating a label set per
/// series: a 64-bit hash finds the candidate, an in-place comparison confirms it, and hash collisions fall
/// back to exact label sets.
struct SignatureInterner {
    let selection: LabelSelection
    private var byHash: [UInt64: Int] = [:]
    private var representatives: [Labels] = []
    private var collisions: [Labels: Int] = [:]

    init(_ selection: LabelSelection) {
        self.selection = selection
    }

    var count: Int { representatives.count }

    /// A series whose labels show signature `ordinal` (use `selection.apply` to get the signature itself).
    func representative(_ ordinal: Int) -> Labels { representatives[ordinal] }

    /// The ordinal of `labels`' signature, and whether it is new.
    mutating func ordinal(_ labels: Labels) -> (Int, Bool) {
        let h = selection.hash(labels)
        if let o = byHash[h] {
            if selection.equal(representatives[o], labels) { return (o, false) }
            let exact = selection.apply(labels)
            if let c = collisions[exact] { return (c, false) }
            let n = representatives.count
            representatives.append(labels)
            collisions[exact] = n
            return (n, true)
        }
        let n = representatives.count
        byHash[h] = n
        representatives.append(labels)
        return (n, true)
    }
}
