import KlaxonModel

/// One classic-histogram bucket: an `le` upper bound and its cumulative count.
struct Bucket {
    var upperBound: Double
    var count: Double
}

/// `histogram_quantile` and `histogram_fraction` over classic `le` buckets (Prometheus's `quantile.go`).
enum ClassicHistograms {
    static let smallDeltaTolerance = 1e-12

    struct QuantileResult {
        var value: Double
        var forcedMonotonic = false
        var minBucket = Double.infinity
        var maxBucket = -Double.infinity
        var maxDiff = 0.0
    }

    static func sortBuckets(_ buckets: inout [Bucket]) {
        GoSort.sort(&buckets) { $0.upperBound < $1.upperBound }
    }

    /// Prometheus's `BucketQuantile`.
    static func quantile(_ q: Double, _ input: [Bucket]) -> QuantileResult {
        if q.isNaN { return QuantileResult(value: .nan) }
        if q < 0 { return QuantileResult(value: -.infinity) }
        if q > 1 { return QuantileResult(value: .infinity) }
        var buckets = input
        sortBuckets(&buckets)
        guard let last = buckets.last, last.upperBound == .infinity else { return QuantileResult(value: .nan) }
        coalesce(&buckets)
        var result = QuantileResult(value: .nan)
        ensureMonotonic(&buckets, &result)
        if buckets.count < 2 { return result }
        let observations = buckets[buckets.count - 1].count
        if observations == 0 { return result }
        var rank = q * observations
        var b = 0
        var hi = buckets.count - 1
        while b < hi {
            let mid = (b + hi) / 2
            if buckets[mid].count >= rank { hi = mid } else { b = mid + 1 }
        }
        if b == buckets.count - 1 {
            result.value = buckets[buckets.count - 2].upperBound
        } else if b == 0 && buckets[0].upperBound <= 0 {
            result.value = buckets[0].upperBound
        } else {
            var bucketStart = 0.0
            let bucketEnd = buckets[b].upperBound
            var count = buckets[b].count
            if b > 0 {
                bucketStart = buckets[b - 1].upperBound
                count -= buckets[b - 1].count
                rank -= buckets[b - 1].count
            }
            result.value = bucketStart + (bucketEnd - bucketStart) * (rank / count)
        }
        return result
    }

    /// Merges buckets with equal upper bounds (input sorted).
    static func coalesce(_ buckets: inout [Bucket]) {
        var last = buckets[0]
        var i = 0
        for b in buckets.dropFirst() {
            if b.upperBound == last.upperBound {
                last.count += b.count
            } else {
                buckets[i] = last
                last = b
                i += 1
            }
        }
        buckets[i] = last
        buckets.removeLast(buckets.count - i - 1)
    }

    static func ensureMonotonic(_ buckets: inout [Bucket], _ r: inout QuantileResult) {
        var prev = buckets[0].count
        for i in 1..<buckets.count {
            let curr = buckets[i].count
            if curr == prev { continue }
            if almostEqual(prev, curr, smallDeltaTolerance) {
                buckets[i].count = prev
                continue
            }
            if curr < prev {
                buckets[i].count = prev
                r.forcedMonotonic = true
                if buckets[i].upperBound < r.minBucket { r.minBucket = buckets[i].upperBound }
                if buckets[i].upperBound > r.maxBucket { r.maxBucket = buckets[i].upperBound }
                if prev - curr > r.maxDiff { r.maxDiff = prev - curr }
                continue
            }
            prev = curr
        }
    }

    /// Prometheus's `almost.Equal`.
    static func almostEqual(_ a: Double, _ b: Double, _ epsilon: Double) -> Bool {
        if StaleMarker.isStale(a) || StaleMarker.isStale(b) { return StaleMarker.isStale(a) && StaleMarker.isStale(b) }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = Swift.abs(a) + Swift.abs(b)
        let diff = Swift.abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
        return diff / GoMath.min(absSum, Double.greatestFiniteMagnitude) < epsilon
    }

    /// Prometheus's `BucketFraction`.
    static func fraction(_ lower: Double, _ upper: Double, _ input: [Bucket]) -> Double {
        var buckets = input
        sortBuckets(&buckets)
        guard let lastBucket = buckets.last, lastBucket.upperBound == .infinity else { return .nan }
        coalesce(&buckets)
        let count = buckets[buckets.count - 1].count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0
        var lowerRank = 0.0
        var upperRank = 0.0
        var lowerSet = false
        var upperSet = false
        var lowerBound = buckets[0].upperBound <= 0 ? -Double.infinity : 0
        for (i, b) in buckets.enumerated() {
            if i > 0 { lowerBound = buckets[i - 1].upperBound }
            let upperBound = b.upperBound
            func interpolate(_ v: Double) -> Double {
                if lowerBound == -.infinity { return b.count }
                return rank + (b.count - rank) * (v - lowerBound) / (upperBound - lowerBound)
            }
            if !lowerSet && lowerBound >= lower {
                lowerRank = rank
                lowerSet = true
            }
            if !upperSet && lowerBound >= upper {
                upperRank = rank
                upperSet = true
            }
            if lowerSet && upperSet { break }
            if !lowerSet && lowerBound < lower && upperBound > lower {
                lowerRank = interpolate(lower)
                lowerSet = true
            }
            if !upperSet && lowerBound < upper && upperBound > upper {
                upperRank = interpolate(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank = b.count
        }
        if !lowerSet || lowerRank > count { lowerRank = count }
        if !upperSet || upperRank > count { upperRank = count }
        return (upperRank - lowerRank) / count
    }

    /// Go's `strconv.ParseFloat(s, 64)` for `le` values; nil where Go returns an error.
    static func parseBound(_ s: String) -> Double? {
        guard let first = s.utf8.first, let last = s.utf8.last else { return nil }
        let isSpace: (UInt8) -> Bool = { $0 == 32 || ($0 >= 9 && $0 <= 13) }
        if isSpace(first) || isSpace(last) { return nil }
        var body = Substring(s)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        let lower = body.lowercased()
        if lower == "inf" || lower == "infinity" { return s.hasPrefix("-") ? -.infinity : .infinity }
        if lower == "nan" { return .nan }
        if lower.hasPrefix("nan") || lower.hasPrefix("inf") { return nil }
        if lower.hasPrefix("0x") && !lower.contains("p") { return nil }
        if lower.contains("_") { return nil }
        guard let v = Double(s), !v.isNaN else { return nil }
        if v.isInfinite { return nil }  // out of range: Go reports an error
        return v
    }
}
