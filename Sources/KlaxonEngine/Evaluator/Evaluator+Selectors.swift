import KlaxonModel
import KlaxonStorage

extension Evaluator {
    /// Instant-vector selector over all steps (Prometheus's `evalSeries`): at each step the newest sample in
    /// the left-open lookback window `(ref - lookback, ref]`, unless it is a staleness marker.
    func evalVectorSelector(_ sel: SelectorNode) throws(EvaluationError) -> Matrix {
        if sel.smoothed { return try evalSmoothedSelector(sel) }
        let data = ctx.selectors[sel.id]
        let lookback = ctx.lookback
        let steps = numSteps
        var out: Matrix = []
        out.reserveCapacity(data.series.count)
        var total = 0
        for s in data.series {
            try ctx.checkCancellation()
            var points: [FPoint] = []
            s.points.withUnsafeBufferPointer { pts in
                var cursor = 0
                var ts = start
                while ts <= end {
                    let ref = sel.referenceTime(ts)
                    if cursor > 0 && pts[cursor - 1].t > ref { cursor = 0 }
                    while cursor < pts.count && pts[cursor].t <= ref { cursor += 1 }
                    if cursor > 0 {
                        let p = pts[cursor - 1]
                        if p.t > ref &- lookback && !StaleMarker.isStale(p.v) {
                            if points.isEmpty { points.reserveCapacity(steps) }
                            points.append(FPoint(t: ts, v: p.v))
                        }
                    }
                    if ts > end - interval { break }
                    ts += interval
                }
            }
            if !points.isEmpty {
                total += points.count
                try ctx.checkSamples(total)
                out.append(Series(labels: s.labels, points: points))
            }
        }
        try ctx.addSamples(total)
        return out
    }

    /// `metric smoothed` (Prometheus's `smoothSeries`): the value at each step interpolated linearly between
    /// the samples around it within one lookback on either side, or the last one when none follows.
    func evalSmoothedSelector(_ sel: SelectorNode) throws(EvaluationError) -> Matrix {
        let data = ctx.selectors[sel.id]
        let all = data.rangePoints
        let lookback = ctx.lookback
        var out: Matrix = []
        var total = 0
        for (si, s) in data.series.enumerated() {
            try ctx.checkCancellation()
            var points: [FPoint] = []
            let pts = all[si]
            for step in 0..<numSteps {
                let ts = time(ofStep: step)
                let dataTS = sel.referenceTime(ts)
                let lo = RangeWindow.firstIndex(pts, after: dataTS &- lookback)
                let hi = RangeWindow.firstIndex(pts, after: dataTS &+ lookback)
                if lo >= hi { continue }
                var i = lo
                while i < hi && pts[i].t < dataTS { i += 1 }
                if i < hi && pts[i].t == dataTS {
                    points.append(FPoint(t: ts, v: pts[i].v))
                } else if i > lo && i < hi {
                    points.append(FPoint(t: ts, v: RangeWindow.interpolate(pts[i - 1], pts[i], dataTS, isCounter: false)))
                } else if i > lo {
                    points.append(FPoint(t: ts, v: pts[i - 1].v))
                }
            }
            if !points.isEmpty {
                total += points.count
                try ctx.checkSamples(total)
                out.append(Series(labels: s.labels, points: points))
            }
        }
        try ctx.addSamples(total)
        return out
    }

    /// The sample an instant selector sees for one series at `ref` (time and value), if any.
    @inline(__always) static func lookup(
        _ pts: UnsafeBufferPointer<FPoint>, cursor: inout Int, ref: Int64, lookback: Int64
    ) -> FPoint? {
        if cursor > 0 && pts[cursor - 1].t > ref { cursor = 0 }
        while cursor < pts.count && pts[cursor].t <= ref { cursor += 1 }
        guard cursor > 0 else { return nil }
        let p = pts[cursor - 1]
        if p.t <= ref &- lookback || StaleMarker.isStale(p.v) { return nil }
        return p
    }

    /// A range selector evaluated on its own (instant queries only): the raw points of each series in
    /// `(t - range, t]`, extended for `anchored`/`smoothed`.
    func evalMatrixSelector(_ ms: MatrixSelectorNode) throws(EvaluationError) -> Matrix {
        let data = ctx.selectors[ms.selector.id]
        let all = data.rangePoints
        let maxt = ms.selector.referenceTime(start)
        let mint = maxt &- ms.window
        var out: Matrix = []
        var total = 0
        for (i, s) in data.series.enumerated() {
            try ctx.checkCancellation()
            var points: [FPoint]
            if ms.anchored || ms.smoothed {
                let lo = mint &- ctx.lookback
                let hi = ms.smoothed ? maxt &+ ctx.lookback : maxt
                let window = RangeWindow.slice(all[i], after: lo, upTo: hi)
                points = window.isEmpty ? [] : RangeWindow.extend(window, mint: mint, maxt: maxt, smoothed: ms.smoothed)
            } else {
                points = RangeWindow.slice(all[i], after: mint, upTo: maxt)
            }
            if !points.isEmpty {
                total += points.count
                try ctx.checkSamples(total)
                out.append(Series(labels: s.labels, points: points))
            }
        }
        try ctx.addSamples(total)
        return out
    }
}

/// Helpers for the points of one series inside a range window.
enum RangeWindow {
    /// Points with `after < t <= upTo`.
    static func slice(_ pts: [FPoint], after lo: Int64, upTo hi: Int64) -> [FPoint] {
        let a = firstIndex(pts, after: lo)
        let b = firstIndex(pts, after: hi)
        return a < b ? Array(pts[a..<b]) : []
    }

    /// The index of the first point with `t > limit` (binary search).
    static func firstIndex(_ pts: [FPoint], after limit: Int64) -> Int {
        var lo = 0
        var hi = pts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pts[mid].t <= limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Prometheus's `extendFloats`: adds synthetic points at `mint` and `maxt` (picked or interpolated) around
    /// the samples strictly inside the window. `floats` holds the samples in `(mint - lookback, maxt(+lookback)]`.
    static func extend(_ floats: [FPoint], mint: Int64, maxt: Int64, smoothed: Bool) -> [FPoint] {
        var last = floats.count - 1
        var first = Swift.max(0, searchFirst(floats, count: last) { $0.t > mint } - 1)
        if smoothed {
            last = searchFirst(floats, count: last) { $0.t >= maxt }
        }
        if floats[last].t <= mint { return [] }
        let left = pickOrInterpolateLeft(floats, first, mint, smoothed, isCounter: false)
        let right = pickOrInterpolateRight(floats, last, maxt, smoothed, isCounter: false)
        if floats[first].t <= mint { first += 1 }
        if floats[last].t >= maxt { last -= 1 }
        var out: [FPoint] = []
        out.reserveCapacity(Swift.max(last - first + 1, 0) + 2)
        out.append(FPoint(t: mint, v: left))
        if first <= last { out.append(contentsOf: floats[first...last]) }
        out.append(FPoint(t: maxt, v: right))
        return out
    }

    /// Go's `sort.Search(n, f)`: the smallest index in `0..<n` where `f` is true, or `n`.
    @inline(__always) static func searchFirst(_ pts: [FPoint], count n: Int, _ f: (FPoint) -> Bool) -> Int {
        var lo = 0
        var hi = Swift.max(n, 0)
        while lo < hi {
            let mid = (lo + hi) / 2
            if !f(pts[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func pickOrInterpolateLeft(
        _ f: [FPoint], _ first: Int, _ rangeStart: Int64, _ smoothed: Bool, isCounter: Bool
    ) -> Double {
        if smoothed && f[first].t < rangeStart && first + 1 < f.count {
            return interpolate(f[first], f[first + 1], rangeStart, isCounter: isCounter)
        }
        return f[first].v
    }

    static func pickOrInterpolateRight(
        _ f: [FPoint], _ last: Int, _ rangeEnd: Int64, _ smoothed: Bool, isCounter: Bool
    ) -> Double {
        if smoothed && last > 0 && f[last].t > rangeEnd {
            return interpolate(f[last - 1], f[last], rangeEnd, isCounter: isCounter)
        }
        return f[last].v
    }

    static func interpolate(_ p1: FPoint, _ p2: FPoint, _ t: Int64, isCounter: Bool) -> Double {
        var y1 = p1.v
        let y2 = p2.v
        if isCounter && y2 < y1 { y1 = 0 }
        return y1 + (y2 - y1) * Double(t - p1.t) / Double(p2.t - p1.t)
    }
}
