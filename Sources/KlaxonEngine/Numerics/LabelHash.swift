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

/// xxHash64 with seed 0 (as Go's `github.com/cespare/xxhash/v2`).
enum XXHash64 {
    static let p1: UInt64 = 11_400_714_785_074_694_791
    static let p2: UInt64 = 14_029_467_366_897_019_727
    static let p3: UInt64 = 1_609_587_929_392_839_161
    static let p4: UInt64 = 9_650_029_242_287_828_579
    static let p5: UInt64 = 2_870_177_450_012_600_261

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var a = acc &+ input &* p2
        a = rotl(a, 31)
        return a &* p1
    }

    @inline(__always) static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        let v = round(0, val)
        return (acc ^ v) &* p1 &+ p4
    }

    @inline(__always) static func read64(_ b: [UInt8], _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v
    }

    @inline(__always) static func read32(_ b: [UInt8], _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<4 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v
    }

    static func hash(_ b: [UInt8]) -> UInt64 {
        let n = b.count
        var i = 0
        var h: UInt64
        if n >= 32 {
            var v1 = p1 &+ p2
            var v2 = p2
            var v3: UInt64 = 0
            var v4: UInt64 = 0 &- p1
            while i + 32 <= n {
                v1 = round(v1, read64(b, i))
                v2 = round(v2, read64(b, i + 8))
                v3 = round(v3, read64(b, i + 16))
                v4 = round(v4, read64(b, i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = mergeRound(h, v1)
            h = mergeRound(h, v2)
            h = mergeRound(h, v3)
            h = mergeRound(h, v4)
        } else {
            h = p5
        }
        h = h &+ UInt64(n)
        while i + 8 <= n {
            let k1 = round(0, read64(b, i))
            h ^= k1
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= n {
            h ^= read32(b, i) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < n {
            h ^= UInt64(b[i]) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
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
