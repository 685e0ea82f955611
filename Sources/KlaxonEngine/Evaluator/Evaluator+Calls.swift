import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

extension Evaluator {
    func evalCall(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let fn = call.function
        if fn == .timestamp, let arg = call.args.first, case .vectorSelector(let sel) = arg {
            return try timestampOfSelector(sel)
        }
        if fn == .startTimestamp {
            throw EvaluationError(.execution, "start_timestamp() is not supported: samples carry no start timestamps")
        }
        if let i = call.args.firstIndex(where: { $0.isRangeArgument }), let kernel = fn.windowKernel {
            return try evalRangeFunction(call, matrixIndex: i, kernel: kernel)
        }
        switch fn {
        case .labelReplace: return try labelReplace(call)
        case .labelJoin: return try labelJoin(call)
        case .info: return try evalInfo(call)
        case .sort, .sortDesc, .sortByLabel, .sortByLabelDesc:
            if !isInstant { ctx.annotations.warn(Messages.sortInRangeQuery) }
            return try sortFunction(call)
        default: break
        }
        if let f = fn.sampleFunction {
            return try mapSamples(call.args[0]) { v, _ in f(v) }
        }
        // Every value below comes from a scalar argument, which has a value at each step.
        switch fn {
        case .clamp, .clampMin, .clampMax:
            return try clamp(call)
        case .round:
            let toNearest = call.args.count > 1 ? try evalScalarSteps(call.args[1]) : nil
            return try mapSamples(call.args[0]) { v, step in
                let inverse = 1.0 / (toNearest.map { step < $0.count ? $0[step] : .nan } ?? 1)
                return (v * inverse + 0.5).rounded(.down) / inverse
            }
        case .timestamp:
            return try mapSamples(call.args[0], keepTime: true) { _, t in Double(t) / 1000 }
        case .dayOfMonth, .dayOfWeek, .dayOfYear, .daysInMonth, .hour, .minute, .month, .year:
            guard let arg = call.args.first else {
                var s = Series(labels: Labels())
                for i in 0..<numSteps {
                    let ts = time(ofStep: i)
                    s.points.append(FPoint(t: ts, v: DateFunctions.apply(fn, seconds: ts / 1000)))
                }
                try ctx.addSamples(s.points.count)
                return [s]
            }
            return try mapSamples(arg) { v, _ in DateFunctions.apply(fn, seconds: GoMath.int64(v)) }
        case .time:
            var s = Series(labels: Labels())
            for i in 0..<numSteps {
                let ts = time(ofStep: i)
                s.points.append(FPoint(t: ts, v: Double(ts) / 1000))
            }
            return [s]
        case .pi:
            return [constantSeries(Double.pi)]
        case .minOf, .maxOf:
            let a = try evalScalarSteps(call.args[0])
            let b = try evalScalarSteps(call.args[1])
            var s = Series(labels: Labels())
            for i in 0..<numSteps {
                let v = fn == .minOf ? GoMath.min(a[i], b[i]) : GoMath.max(a[i], b[i])
                s.points.append(FPoint(t: time(ofStep: i), v: v))
            }
            return [s]
        case .vector:
            let values = try evalScalarSteps(call.args[0])
            var s = Series(labels: Labels())
            for i in 0..<numSteps { s.points.append(FPoint(t: time(ofStep: i), v: values[i])) }
            try ctx.addSamples(s.points.count)
            return [s]
        case .scalar:
            return try scalarFunction(call.args[0])
        case .absent:
            return try absent(call)
        case .histogramQuantile:
            return try histogramQuantile(call)
        case .histogramQuantiles:
            return try histogramQuantiles(call)
        case .histogramFraction:
            return try histogramFraction(call)
        case .histogramCount, .histogramSum, .histogramAvg, .histogramStddev, .histogramStdvar:
            // These only look at native-histogram samples; float samples give no output, as in Prometheus.
            _ = try evalMatrix(call.args[0])
            return []
        default:
            return []
        }
    }

    /// `timestamp(selector)`: the timestamp of the sample the selector picks, not the evaluation time.
    private func timestampOfSelector(_ sel: SelectorNode) throws(EvaluationError) -> Matrix {
        let data = ctx.selectors[sel.id]
        let lookback = ctx.lookback
        var out: Matrix = []
        var total = 0
        for s in data.series {
            try ctx.checkCancellation()
            var points: [FPoint] = []
            s.points.withUnsafeBufferPointer { pts in
                var cursor = 0
                var ts = start
                while ts <= end {
                    if let p = Evaluator.lookup(pts, cursor: &cursor, ref: sel.referenceTime(ts), lookback: lookback) {
                        points.append(FPoint(t: ts, v: Double(p.t) / 1000))
                    }
                    if ts > end - interval { break }
                    ts += interval
                }
            }
            if points.isEmpty { continue }
            total += points.count
            try ctx.checkSamples(total)
            var labels = s.labels
            if !delayedNameRemoval { labels = MetadataLabels.drop(labels) }
            out.append(Series(labels: labels, points: points, dropName: true))
        }
        try ctx.addSamples(total)
        return out
    }

    /// Applies `f(value, step)` to every sample, keeping labels and marking the name for removal.
    func mapSamples(
        _ arg: Node, keepTime: Bool = false, _ f: (Double, Int) -> Double
    ) throws(EvaluationError) -> Matrix {
        var mat = try evalMatrix(arg)
        for i in mat.indices {
            if !delayedNameRemoval { mat[i].labels = MetadataLabels.drop(mat[i].labels) }
            mat[i].dropName = true
            let start = self.start
            let interval = self.interval
            mat[i].points.withUnsafeMutableBufferPointer { buf in
                for j in buf.indices {
                    if keepTime {
                        buf[j].v = f(buf[j].v, Int(buf[j].t))
                    } else {
                        let offset = buf[j].t - start
                        buf[j].v = f(buf[j].v, offset >= 0 ? Int(offset / interval) : Int.max)
                    }
                }
            }
        }
        if !delayedNameRemoval { mat = try mergeSeriesWithSameLabels(mat) }
        return mat
    }

    private func clamp(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let a = try evalScalarSteps(call.args[1])
        let b = call.function == .clamp ? try evalScalarSteps(call.args[2]) : nil
        var mat = try evalMatrix(call.args[0])
        for i in mat.indices {
            if !delayedNameRemoval { mat[i].labels = MetadataLabels.drop(mat[i].labels) }
            mat[i].dropName = true
            var kept: [FPoint] = []
            kept.reserveCapacity(mat[i].points.count)
            for p in mat[i].points {
                guard let step = stepIndex(p.t) else { continue }
                var lo = -Double.infinity
                var hi = Double.infinity
                switch call.function {
                case .clamp:
                    lo = a[step]
                    hi = b?[step] ?? .infinity
                case .clampMin: lo = a[step]
                default: hi = a[step]
                }
                if hi < lo { continue }
                kept.append(FPoint(t: p.t, v: GoMath.max(lo, GoMath.min(hi, p.v))))
            }
            mat[i].points = kept
        }
        mat.removeAll { $0.points.isEmpty }
        if !delayedNameRemoval { mat = try mergeSeriesWithSameLabels(mat) }
        return mat
    }

    private func scalarFunction(_ arg: Node) throws(EvaluationError) -> Matrix {
        let mat = try evalMatrix(arg)
        var values = [Double](repeating: .nan, count: numSteps)
        var counts = [Int](repeating: 0, count: numSteps)
        for s in mat {
            for p in s.points {
                guard let i = stepIndex(p.t) else { continue }
                counts[i] += 1
                values[i] = p.v
            }
        }
        var s = Series(labels: Labels())
        for i in 0..<numSteps {
            s.points.append(FPoint(t: time(ofStep: i), v: counts[i] == 1 ? values[i] : .nan))
        }
        return [s]
    }

    private func absent(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let mat = try evalMatrix(call.args[0])
        var present = [Bool](repeating: false, count: numSteps)
        for s in mat {
            for p in s.points {
                if let i = stepIndex(p.t) { present[i] = true }
            }
        }
        var s = Series(labels: absentLabels(call.args[0]))
        for i in 0..<numSteps where !present[i] {
            s.points.append(FPoint(t: time(ofStep: i), v: 1))
        }
        return s.points.isEmpty ? [] : [s]
    }

    /// `sort`, `sort_desc`, `sort_by_label(_desc)`: the order only matters for instant queries.
    private func sortFunction(_ call: CallNode) throws(EvaluationError) -> Matrix {
        var mat = try evalMatrix(call.args[0])
        guard isInstant else { return mat }
        mat.removeAll { $0.points.isEmpty }
        switch call.function {
        case .sort:
            // Prometheus sorts with the reversed "descending, NaN first" order: ascending, NaN last.
            GoSort.sort(&mat) { a, b in
                let y = b.points[0].v
                return y.isNaN || y > a.points[0].v
            }
        case .sortDesc:
            GoSort.sort(&mat) { a, b in
                let y = b.points[0].v
                return y.isNaN || y < a.points[0].v
            }
        default:
            var names: [String] = []
            for arg in call.args.dropFirst() {
                if case .string(let s) = arg.unwrapped { names.append(s) }
            }
            let descending = call.function == .sortByLabelDesc
            mat.sort { a, b in
                for name in names {
                    let x = a.labels[name]
                    let y = b.labels[name]
                    if x == y { continue }
                    return NaturalSort.less(x, y) != descending
                }
                let c = Labels.compare(a.labels, b.labels)
                return descending ? c > 0 : c < 0
            }
        }
        return mat
    }
}

extension Node {
    /// True for the argument a range-vector function iterates over.
    var isRangeArgument: Bool {
        switch unwrapped {
        case .matrixSelector, .subquery: true
        default: false
        }
    }
}

extension FunctionID {
    /// Functions that map each float sample through a pure function.
    var sampleFunction: ((Double) -> Double)? {
        switch self {
        case .abs: { Swift.abs($0) }
        case .ceil: { $0.rounded(.up) }
        case .floor: { $0.rounded(.down) }
        case .exp: GoMath.exp
        case .sqrt: { $0.squareRoot() }
        case .ln: GoMath.log
        case .log2: GoMath.log2
        case .log10: GoMath.log10
        case .sin: GoMath.sin
        case .cos: GoMath.cos
        case .tan: GoMath.tan
        case .asin: GoMath.asin
        case .acos: GoMath.acos
        case .atan: GoMath.atan
        case .sinh: GoMath.sinh
        case .cosh: GoMath.cosh
        case .tanh: GoMath.tanh
        case .asinh: GoMath.asinh
        case .acosh: GoMath.acosh
        case .atanh: GoMath.atanh
        case .rad: { $0 * Double.pi / 180 }
        case .deg: { $0 * 180 / Double.pi }
        case .sgn: { $0 < 0 ? -1 : ($0 > 0 ? 1 : $0) }
        default: nil
        }
    }
}
