/// Operations on postings: sorted arrays of series ids without duplicates.
enum Postings {
    /// Ids present in both lists. Gallops through the longer list when the sizes differ a lot.
    static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var out: [UInt32] = []
        out.reserveCapacity(small.count)
        if small.isEmpty { return out }
        if large.count / 16 > small.count {
            var low = 0
            for id in small {
                low = lowerBound(large, id, from: low)
                if low == large.count { break }
                if large[low] == id { out.append(id) }
            }
            return out
        }
        var i = 0
        var j = 0
        while i < small.count && j < large.count {
            let x = small[i]
            let y = large[j]
            if x == y {
                out.append(x)
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// Ids of `a` that are not in `b`.
    static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        if a.isEmpty || b.isEmpty { return a }
        var out: [UInt32] = []
        out.reserveCapacity(a.count)
        var j = 0
        for id in a {
            while j < b.count && b[j] < id { j += 1 }
            if j < b.count && b[j] == id { continue }
            out.append(id)
        }
        return out
    }

    /// Union of lists that are known to be disjoint (the postings of different values of one label).
    static func unionDisjoint(_ lists: [[UInt32]]) -> [UInt32] {
        if lists.count == 1 { return lists[0] }
        var out: [UInt32] = []
        out.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for list in lists { out.append(contentsOf: list) }
        out.sort()
        return out
    }

    /// Union of any lists.
    static func union(_ lists: [[UInt32]]) -> [UInt32] {
        var out = unionDisjoint(lists)
        if lists.count > 1 { out = deduplicated(out) }
        return out
    }

    private static func deduplicated(_ sorted: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(sorted.count)
        for id in sorted where out.last != id { out.append(id) }
        return out
    }

    /// First index in `list[from...]` whose id is not below `id` (exponential then binary search).
    static func lowerBound(_ list: [UInt32], _ id: UInt32, from: Int) -> Int {
        var low = from
        var step = 1
        var high = from
        while high < list.count && list[high] < id {
            low = high + 1
            high += step
            step <<= 1
        }
        high = min(high, list.count)
        while low < high {
            let mid = (low + high) >> 1
            if list[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
