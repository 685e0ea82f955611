import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

typealias WindowKernel = (Points, WindowArgs) throws(EvaluationError) -> Double?

extension FunctionID {
    /// The kernel of a function over a range vector; nil for functions that do not take one.
    var windowKernel: WindowKernel? {
        switch self {
        case .rate: { f, a in WindowKernels.extrapolatedRate(f, a, isCounter: true, isRate: true) }
        case .increase: { f, a in WindowKernels.extrapolatedRate(f, a, isCounter: true, isRate: false) }
        case .delta: { f, a in WindowKernels.extrapolatedRate(f, a, isCounter: false, isRate: false) }
        case .irate: { f, _ in WindowKernels.instantValue(f, isRate: true) }
        case .idelta: { f, _ in WindowKernels.instantValue(f, isRate: false) }
        case .deriv: WindowKernels.deriv
        case .predictLinear: WindowKernels.predictLinear
        case .changes: WindowKernels.changes
        case .resets: WindowKernels.resets
        case .avgOverTime: OverTimeKernels.avg
        case .sumOverTime: OverTimeKernels.sum
        case .countOverTime: OverTimeKernels.count
        case .presentOverTime, .absentOverTime: OverTimeKernels.present
        case .lastOverTime: OverTimeKernels.last
        case .firstOverTime: OverTimeKernels.first
        case .tsOfLastOverTime: OverTimeKernels.tsOfLast
        case .tsOfFirstOverTime: OverTimeKernels.tsOfFirst
        case .maxOverTime: OverTimeKernels.max
        case .minOverTime: OverTimeKernels.min
        case .tsOfMaxOverTime: OverTimeKernels.tsOfMax
        case .tsOfMinOverTime: OverTimeKernels.tsOfMin
        case .quantileOverTime: OverTimeKernels.quantile
        case .stddevOverTime: OverTimeKernels.stddev
        case .stdvarOverTime: OverTimeKernels.stdvar
        case .madOverTime: OverTimeKernels.mad
        case .doubleExponentialSmoothing: OverTimeKernels.doubleExponentialSmoothing
        default: nil
        }
    }

    static let anchoredSafe: Set<FunctionID> = [.resets, .changes, .rate, .increase, .delta]
    static let smoothedSafe: Set<FunctionID> = [.rate, .increase, .delta]
}

extension Evaluator {
    /// A call whose argument at `matrixIndex` is a range selector or subquery: the function runs once per
    /// series and step over the points in that step's window, with cursors that only move forward.
    func evalRangeFunction(_ call: CallNode, matrixIndex: Int, kernel: WindowKernel) throws(EvaluationError) -> Matrix {
        let fn = call.function
        var params: [[Double]] = []
        for (i, arg) in call.args.enumerated() where i != matrixIndex {
            params.append(try evalScalarSteps(arg))
        }
        let p0 = params.count > 0 ? params[0] : nil
        let p1 = params.count > 1 ? params[1] : nil

        let samplesBefore = ctx.samples
        var labels: [Labels] = []
        var pointLists: [[FPoint]] = []
        var inputDropName: [Bool] = []
        let window: Int64
        var anchored = false
        var smoothed = false
        let selectorAt: Int64?
        let selectorOffset: Int64
        switch call.args[matrixIndex].unwrapped {
        case .matrixSelector(let ms):
            if ms.anchored && !FunctionID.anchoredSafe.contains(fn) {
                throw EvaluationError(
                    .execution,
                    "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with \(fn.rawValue)"
                )
            }
            if ms.smoothed && !FunctionID.smoothedSafe.contains(fn) {
                throw EvaluationError(
                    .execution, "smoothed modifier can only be used with: delta, increase, rate - not with \(fn.rawValue)")
            }
            let data = ctx.selectors[ms.selector.id]
            labels = data.series.map(\.labels)
            pointLists = data.rangePoints
            inputDropName = [Bool](repeating: false, count: labels.count)
            window = ms.window
            anchored = ms.anchored
            smoothed = ms.smoothed
            selectorAt = ms.selector.at
            selectorOffset = ms.selector.offset
        case .subquery(let sq):
            let mat = try evalSubquery(sq)
            labels = mat.map(\.labels)
            pointLists = mat.map(\.points)
            inputDropName = mat.map(\.dropName)
            window = sq.window
            selectorAt = sq.at
            selectorOffset = sq.offset
        default:
            return []
        }

        let keepsName = fn == .lastOverTime || fn == .firstOverTime
        let lookback = ctx.lookback
        let windowSeconds = goSeconds(milliseconds: window)
        let steps = numSteps
        var out: Matrix = []
        var outputTotal = 0
        var invalidQuantiles: [Double] = []
        for si in pointLists.indices {
            try ctx.checkCancellation()
            var points: [FPoint] = []
            try pointLists[si].withUnsafeBufferPointer { (pts) throws(EvaluationError) in
                var lo = 0
                var hi = 0
                var step = 0
                var ts = start
                while ts <= end {
                    let maxt = (selectorAt ?? ts) &- selectorOffset
                    let mint = maxt &- window
                    var loLimit = mint
                    var hiLimit = maxt
                    if anchored {
                        loLimit &-= lookback
                    } else if smoothed {
                        loLimit &-= lookback
                        hiLimit &+= lookback
                    }
                    if lo > 0 && pts[lo - 1].t > loLimit { lo = 0 }
                    if hi < lo { hi = lo }
                    if hi > 0 && pts[hi - 1].t > hiLimit { hi = lo }
                    while lo < pts.count && pts[lo].t <= loLimit { lo += 1 }
                    if hi < lo { hi = lo }
                    while hi < pts.count && pts[hi].t <= hiLimit { hi += 1 }
                    if hi > lo {
                        try ctx.checkSamples(outputTotal + points.count + hi - lo)
                        var args = WindowArgs(
                            ts: ts, rangeStart: mint, rangeEnd: maxt, windowSeconds: windowSeconds, anchored: anchored,
                            smoothed: smoothed)
                        if let p0 { args.p0 = p0[step] }
                        if let p1 { args.p1 = p1[step] }
                        if let v = try kernel(Points(rebasing: pts[lo..<hi]), args) {
                            if points.isEmpty { points.reserveCapacity(steps) }
                            points.append(FPoint(t: ts, v: v))
                            if fn == .quantileOverTime && (args.p0.isNaN || args.p0 < 0 || args.p0 > 1) {
                                invalidQuantiles.append(args.p0)
                            }
                        }
                    }
                    step += 1
                    if ts > end - interval { break }
                    ts += interval
                }
            }
            guard !points.isEmpty else { continue }
            outputTotal += points.count
            let dropName = !keepsName || inputDropName[si]
            var seriesLabels = labels[si]
            if dropName && !delayedNameRemoval { seriesLabels = MetadataLabels.drop(seriesLabels) }
            out.append(Series(labels: seriesLabels, points: points, dropName: dropName))
            if fn == .rate || fn == .increase {
                let name = labels[si].metricName
                if !name.isEmpty && !name.hasSuffix("_total") && !name.hasSuffix("_sum") && !name.hasSuffix("_count")
                    && !name.hasSuffix("_bucket")
                {
                    ctx.annotations.info(
                        "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \(GoQuote.quote(name))"
                    )
                }
            }
        }
        for q in invalidQuantiles { ctx.annotations.warn(Messages.invalidQuantile(q)) }
        ctx.samples = samplesBefore
        try ctx.addSamples(outputTotal)

        if fn == .absentOverTime {
            return try absentOverTime(out, arg: call.args[matrixIndex])
        }
        if !delayedNameRemoval { return try mergeSeriesWithSameLabels(out) }
        return out
    }

    /// `absent_over_time`: one series with value 1 at the steps where no input series had samples.
    private func absentOverTime(_ mat: Matrix, arg: Node) throws(EvaluationError) -> Matrix {
        let steps = numSteps
        var found = [Bool](repeating: false, count: steps)
        var foundCount = 0
        for s in mat {
            if s.points.count == steps { return [] }
            for p in s.points {
                guard let i = stepIndex(p.t) else { continue }
                if !found[i] {
                    found[i] = true
                    foundCount += 1
                }
            }
        }
        if foundCount == steps { return [] }
        var points: [FPoint] = []
        for i in 0..<steps where !found[i] { points.append(FPoint(t: time(ofStep: i), v: 1)) }
        try ctx.addSamples(points.count)
        return [Series(labels: absentLabels(arg), points: points, dropName: true)]
    }

    /// Labels for `absent`/`absent_over_time`: the equality matchers of the selector, except `__name__` and
    /// names matched more than once.
    func absentLabels(_ arg: Node) -> Labels {
        let matchers: [LabelMatcher]
        switch arg.unwrapped {
        case .vectorSelector(let s): matchers = s.matchers
        case .matrixSelector(let m): matchers = m.selector.matchers
        default: return Labels()
        }
        var has: Set<String> = []
        var values: [String: String] = [:]
        for m in matchers where m.name != WellKnown.metricName {
            if m.type == .equal && !has.contains(m.name) {
                values[m.name] = m.value
                has.insert(m.name)
            } else {
                values[m.name] = nil
            }
        }
        return Labels(values)
    }
}
