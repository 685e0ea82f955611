import KlaxonModel

/// Prometheus's `labels.Labels.Hash()` for its default (stringlabels) build: xxHash64 of the labels encoded
/// as length-prefixed name/value strings. `limit_ratio` uses it to pick series deterministically.
enum LabelHash {
    static func hash(_ labels: Labels) -> UInt64 {
        var bytes: [UInt8] = []
        for l in labels {
            append(l.name, to: &bytes)
            append(l.value, to: &bytes)
        }
        return XXHash64.hash(bytes)
    }

    private static func append(_ s: String, to bytes: inout [UInt8]) {
        let n = s.utf8.count
        if n < 255 {
            bytes.append(UInt8(n))
        } else {
            bytes.append(255)
            bytes.append(UInt8(truncatingIfNeeded: n))
            bytes.append(UInt8(truncatingIfNeeded: n >> 8))
            bytes.append(UInt8(truncatingIfNeeded: n >> 16))
        }
        bytes.append(contentsOf: s.utf8)
    }
}


/// Go's `sort.Sort` for small inputs: insertion sort (what pdqsort does below 13 elements), so ties keep
/// the same order as in Prometheus.
enum GoSort {
    static func sort<T>(_ a: inout [T], _ less: (T, T) -> Bool) {
        if a.count <= 12 {
            var i = 1
            while i < a.count {
                var j = i
                while j > 0 && less(a[j], a[j - 1]) {
                    a.swapAt(j, j - 1)
                    j -= 1
                }
                i += 1
            }
            return
        }
        a.sort(by: less)
    }
}
