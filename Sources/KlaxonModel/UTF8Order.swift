/// Byte-wise (UTF-8) ordering of strings, as Go's `strings.Compare`: the order Prometheus uses for label names
/// and values. Compares the contiguous UTF-8 of both strings eight bytes at a time; iterating `String.UTF8View`
/// with `lexicographicallyPrecedes` costs an index step per byte, and sorting a selection of many thousand
/// series by labels was the largest single cost of rule evaluation under load (Benchmarks/SERVE.md).
public enum UTF8Order {
    /// Negative, zero or positive as `a` sorts before, equal to or after `b`, byte-wise; a prefix sorts first.
    /// Callers that often compare equal strings should test `==` first: it is cheaper when both share storage.
    @inlinable
    public static func compare(_ a: String, _ b: String) -> Int {
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in compare(x, y) }
        }
        if let contiguous, let result = contiguous { return result }
        // Only strings bridged from elsewhere lack contiguous UTF-8.
        if a == b { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// Byte-wise comparison of two buffers, a prefix first.
    public static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let n = Swift.min(x.count, y.count)
        guard n > 0, let p = x.baseAddress, let q = y.baseAddress, p != q else { return x.count - y.count }
        var i = 0
        while i + 8 <= n {
            let u = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let v = UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self)
            // Big-endian order makes the first differing byte the most significant one.
            if u != v { return UInt64(bigEndian: u) < UInt64(bigEndian: v) ? -1 : 1 }
            i += 8
        }
        while i < n {
            if p[i] != q[i] { return p[i] < q[i] ? -1 : 1 }
            i += 1
        }
        return x.count - y.count
    }
}
