import KlaxonModel

/// What a range-vector function knows about the window it is computing over.
struct WindowArgs {
    /// The evaluation step's time (used by `predict_linear`).
    var ts: Int64
    /// Left edge of the window (exclusive) and right edge (inclusive), after offset and `@`.
    var rangeStart: Int64
    var rangeEnd: Int64
    /// The window length as Go's `Duration.Seconds()` computes it.
    var windowSeconds: Double
    var anchored: Bool
    var smoothed: Bool
    /// Scalar arguments at this step (quantile, prediction duration, smoothing factors).
    var p0: Double = .nan
    var p1: Double = .nan
}

typealias Points = UnsafeBufferPointer<FPoint>

/// Go's `time.Duration(ms * 1e6).Seconds()`.
@inline(__always) func goSeconds(milliseconds ms: Int64) -> Double {
    Double(ms / 1000) + Double((ms % 1000) * 1_000_000) / 1e9
}

/// Range-vector functions over float samples (Prometheus's `functions.go`). Each returns nil for "no output".
enum WindowKernels {
    // MARK: rate, increase, delta

    static func extrapolatedRate(_ f: Points, _ a: WindowArgs, isCounter: Bool, isRate: Bool) -> Double? {
        if a.anchored || a.smoothed { return extendedRate(f, a, isCounter: isCounter, isRate: isRate) }
        let n = f.count
        guard n >= 2 else { return nil }
        let first = f[0]
        let last = f[n - 1]
        var result = last.v - first.v
        if isCounter {
            for i in 1..<n where f[i].v < f[i - 1].v { result += f[i - 1].v }
        }
        var durationToStart = Double(first.t - a.rangeStart) / 1000
        var durationToEnd = Double(a.rangeEnd - last.t) / 1000
        let sampledInterval = Double(last.t - first.t) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(n - 1)
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1
        if durationToStart >= extrapolationThreshold { durationToStart = averageDurationBetweenSamples / 2 }
        if isCounter {
            var durationToZero = durationToStart
            if result > 0 && first.v >= 0 { durationToZero = sampledInterval * (first.v / result) }
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= extrapolationThreshold { durationToEnd = averageDurationBetweenSamples / 2 }
        var factor = 1.0
        if sampledInterval != 0 { factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval }
        if isRate { factor /= a.windowSeconds }
        return result * factor
    }

    /// `anchored`/`smoothed` rate, increase and delta (Prometheus's `extendedRate`). `f` holds the samples
    /// from one lookback before the window up to its end (plus one lookback after it when smoothed).
    static func extendedRate(_ f: Points, _ a: WindowArgs, isCounter: Bool, isRate: Bool) -> Double? {
        guard !f.isEmpty else { return nil }
        var last = f.count - 1
        var first = Swift.max(0, search(f, last) { $0.t > a.rangeStart } - 1)
        if a.smoothed { last = search(f, last) { $0.t >= a.rangeEnd } }
        if f[last].t <= a.rangeStart { return nil }
        if a.smoothed && f[first].t > a.rangeEnd { return nil }
        let left = pickLeft(f, first, a.rangeStart, a.smoothed, isCounter)
        let right = pickRight(f, last, a.rangeEnd, a.smoothed, isCounter)
        var result = right - left
        if isCounter {
            if f[first].t <= a.rangeStart { first += 1 }
            if f[last].t >= a.rangeEnd { last -= 1 }
            var correction = 0.0
            var prev = left
            if first <= last {
                for i in first...last {
                    if f[i].v < prev { correction += prev }
                    prev = f[i].v
                }
            }
            if right < prev { correction += prev }
            result += correction
        }
        if isRate { result /= a.windowSeconds }
        return result
    }

    @inline(__always) static func search(_ f: Points, _ n: Int, _ pred: (FPoint) -> Bool) -> Int {
        var lo = 0
        var hi = Swift.max(n, 0)
        while lo < hi {
            let mid = (lo + hi) / 2
            if !pred(f[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func pickLeft(_ f: Points, _ first: Int, _ rangeStart: Int64, _ smoothed: Bool, _ isCounter: Bool) -> Double {
        if smoothed && f[first].t < rangeStart && first + 1 < f.count {
            return RangeWindow.interpolate(f[first], f[first + 1], rangeStart, isCounter: isCounter)
        }
        return f[first].v
    }

    static func pickRight(_ f: Points, _ last: Int, _ rangeEnd: Int64, _ smoothed: Bool, _ isCounter: Bool) -> Double {
        if smoothed && last > 0 && f[last].t > rangeEnd {
            return RangeWindow.interpolate(f[last - 1], f[last], rangeEnd, isCounter: isCounter)
        }
        return f[last].v
    }

    // MARK: irate, idelta

    static func instantValue(_ f: Points, isRate: Bool) -> Double? {
        let n = f.count
        guard n >= 2 else { return nil }
        let prev = f[n - 2]
        let last = f[n - 1]
        let sampledInterval = last.t - prev.t
        if sampledInterval == 0 { return nil }
        var result = last.v
        if !isRate || !(last.v < prev.v) { result = last.v - prev.v }
        if isRate { result /= Double(sampledInterval) / 1000 }
        return result
    }

    // MARK: deriv, predict_linear

    /// Least-squares regression with Kahan sums (Prometheus's `linearRegression`).
    static func linearRegression(_ f: Points, interceptTime: Int64) -> (slope: Double, intercept: Double) {
        var n = 0.0
        var sumX = 0.0, cX = 0.0
        var sumY = 0.0, cY = 0.0
        var sumXY = 0.0, cXY = 0.0
        var sumX2 = 0.0, cX2 = 0.0
        let initY = f[0].v
        var constY = true
        for (i, s) in f.enumerated() {
            if constY && i > 0 && s.v != initY { constY = false }
            n += 1
            let x = Double(s.t - interceptTime) / 1e3
            (sumX, cX) = kahanInc(x, sumX, cX)
            (sumY, cY) = kahanInc(s.v, sumY, cY)
            (sumXY, cXY) = kahanInc(x * s.v, sumXY, cXY)
            (sumX2, cX2) = kahanInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX
        sumY += cY
        sumXY += cXY
        sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        let intercept = sumY / n - slope * sumX / n
        return (slope, intercept)
    }

    static func deriv(_ f: Points, _ a: WindowArgs) -> Double? {
        guard f.count >= 2 else { return nil }
        return linearRegression(f, interceptTime: f[0].t).slope
    }

    static func predictLinear(_ f: Points, _ a: WindowArgs) -> Double? {
        guard f.count >= 2 else { return nil }
        let (slope, intercept) = linearRegression(f, interceptTime: a.ts)
        return slope * a.p0 + intercept
    }

    // MARK: changes, resets

    /// Where `changes`/`resets` start: with `anchored`, the newest sample at or before the window start is the
    /// baseline; nil when no sample lies inside the window.
    static func firstIndex(_ f: Points, _ a: WindowArgs) -> Int? {
        guard a.anchored else { return 0 }
        let lastLE = search(f, f.count) { $0.t > a.rangeStart } - 1
        if lastLE + 1 >= f.count { return nil }
        return Swift.max(lastLE, 0)
    }

    static func changes(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty, let first = firstIndex(f, a) else { return nil }
        var changes = 0
        var prev = f[first].v
        var i = first + 1
        while i < f.count {
            let cur = f[i].v
            if cur != prev && !(cur.isNaN && prev.isNaN) { changes += 1 }
            prev = cur
            i += 1
        }
        return Double(changes)
    }

    static func resets(_ f: Points, _ a: WindowArgs) -> Double? {
        guard !f.isEmpty, let first = firstIndex(f, a) else { return nil }
        var resets = 0
        var prev = f[first].v
        var i = first + 1
        while i < f.count {
            let cur = f[i].v
            if cur < prev { resets += 1 }
            prev = cur
            i += 1
        }
        return Double(resets)
    }
}
