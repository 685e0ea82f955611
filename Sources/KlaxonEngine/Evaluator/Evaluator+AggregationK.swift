import KlaxonModel
import KlaxonPromQL

/// An element of a topk/bottomk/limitk heap.
struct HeapEntry {
    var series: Int
    var v: Double
}

extension Evaluator {
    /// `topk`, `bottomk`, `limitk` and `limit_ratio` (Prometheus's `aggregationK`): the output keeps the input
    /// series' labels. For instant queries the order is group by group, each group sorted.
    func aggregateK(_ agg: AggregateNode, param: AggregationParam, input: Matrix) throws(EvaluationError) -> Matrix {
        let op = agg.op
        switch op {
        case .limitRatio:
            if param.maxValue == 0 && param.minValue == 0 { return [] }
            if param.hasNaN { throw EvaluationError(.execution, "Ratio value is NaN") }
            if param.maxValue > 1 { ctx.annotations.warn(Messages.invalidRatio(param.maxValue, cappedTo: 1)) }
            if param.minValue < -1 { ctx.annotations.warn(Messages.invalidRatio(param.minValue, cappedTo: -1)) }
        default:
            if param.maxValue < 1 { return [] }
            if param.hasNaN { throw EvaluationError(.execution, "Parameter value is NaN") }
            if param.minValue <= -9_223_372_036_854_775_808.0 {
                throw EvaluationError(.execution, "Scalar value \(GoFloat.formatV(param.minValue)) underflows int64")
            }
            if param.maxValue >= 9_223_372_036_854_774_784.0 {
                throw EvaluationError(.execution, "Scalar value \(GoFloat.formatV(param.maxValue)) overflows int64")
            }
        }
        let (map, groupLabels) = Evaluator.groups(input, grouping: agg.grouping, without: agg.without)
        var ratioOffsets: [Double] = []
        if op == .limitRatio {
            ratioOffsets = input.map { Double(LabelHash.hash($0.labels)) / Double(UInt64.max) }
        }
        var heaps = [[HeapEntry]](repeating: [], count: groupLabels.count)
        var seen = [Bool](repeating: false, count: groupLabels.count)
        let pointLists = input.map(\.points)
        var cursors = [Int](repeating: 0, count: input.count)
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: false)
        let less: (HeapEntry, HeapEntry) -> Bool =
            op == .bottomk
            ? { a, b in a.v.isNaN || a.v > b.v }
            : { a, b in a.v.isNaN || a.v < b.v }
        try pointLists.withUnsafeBufferPointer { (pointLists) throws(EvaluationError) in
        for step in 0..<numSteps {
            try ctx.checkCancellation()
            let ts = time(ofStep: step)
            let fParam = param.value(atStep: step)
            var k = 0
            var r = 0.0
            switch op {
            case .limitRatio:
                if fParam == 0 { continue }
                r = fParam < -1 ? -1 : (fParam > 1 ? 1 : fParam)
            default:
                let kk = Swift.min(GoMath.int64(fParam), Int64(input.count))
                if kk < 1 { continue }
                k = Int(kk)
            }
            for g in seen.indices {
                seen[g] = false
                heaps[g].removeAll(keepingCapacity: true)
            }
            var groupsRemaining = groupLabels.count
            var complete = [Bool](repeating: false, count: op == .limitk ? groupLabels.count : 0)
            for si in input.indices {
                guard let f = StepGatherer.advance(ts, pointLists[si], &cursors[si]) else { continue }
                let g = map[si]
                let entry = HeapEntry(series: si, v: f)
                if !seen[g] {
                    seen[g] = true
                    if op == .limitRatio {
                        if Evaluator.addRatioSample(r, ratioOffsets[si]) { GoHeap.push(&heaps[g], entry, less) }
                    } else {
                        heaps[g].append(entry)
                    }
                } else {
                    switch op {
                    case .topk:
                        if heaps[g].count < k {
                            GoHeap.push(&heaps[g], entry, less)
                        } else if heaps[g][0].v < f || (heaps[g][0].v.isNaN && !f.isNaN) {
                            heaps[g][0] = entry
                            if k > 1 { GoHeap.fix(&heaps[g], 0, less) }
                        }
                    case .bottomk:
                        if heaps[g].count < k {
                            GoHeap.push(&heaps[g], entry, less)
                        } else if heaps[g][0].v > f || (heaps[g][0].v.isNaN && !f.isNaN) {
                            heaps[g][0] = entry
                            if k > 1 { GoHeap.fix(&heaps[g], 0, less) }
                        }
                    case .limitk:
                        if heaps[g].count < k { GoHeap.push(&heaps[g], entry, less) }
                    case .limitRatio:
                        if Evaluator.addRatioSample(r, ratioOffsets[si]) { GoHeap.push(&heaps[g], entry, less) }
                    default:
                        break
                    }
                }
                if op == .limitk && !complete[g] && heaps[g].count == k {
                    complete[g] = true
                    groupsRemaining -= 1
                    if groupsRemaining == 0 { break }
                }
            }
            for g in heaps.indices where seen[g] {
                var heap = heaps[g]
                if (op == .topk || op == .bottomk) && heap.count > 1 {
                    GoSort.sort(&heap) { a, b in less(b, a) }
                }
                for e in heap {
                    try builder.add(denseKey: e.series, dropName: input[e.series].dropName, t: ts, v: e.v) {
                        input[e.series].labels
                    }
                }
            }
            try ctx.checkSamples(builder.totalPoints)
        }
        }
        return builder.series
    }

    /// Prometheus's `HashRatioSampler.AddRatioSampleWithOffset`.
    static func addRatioSample(_ ratioLimit: Double, _ offset: Double) -> Bool {
        (ratioLimit >= 0 && offset < ratioLimit) || (ratioLimit < 0 && offset >= 1.0 + ratioLimit)
    }

    /// `count_values("label", v)`: one output series per distinct value (formatted like Go's `'f', -1`).
    func evalCountValues(_ agg: AggregateNode) throws(EvaluationError) -> Matrix {
        guard let paramNode = agg.param, case .string(let valueLabel) = paramNode.unwrapped else { return [] }
        if !Evaluator.isValidLabelName(valueLabel) { throw EvaluationError(.execution, "invalid label name \(GoQuote.quote(valueLabel))") }
        var grouping = agg.grouping
        if !agg.without {
            grouping.append(valueLabel)
            grouping.sort(by: Planner.byteOrder)
        }
        let before = ctx.samples
        let input = try evalMatrix(agg.expr)
        var gatherer = StepGatherer(input)
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: true)
        var vector: [StepSample] = []
        for step in 0..<numSteps {
            try ctx.checkCancellation()
            let ts = time(ofStep: step)
            gatherer.gather(ts, into: &vector)
            var counts: [Labels: Int] = [:]
            var order: [Labels] = []
            for s in vector {
                let labels = input[s.series].labels.setting(valueLabel, GoFloat.formatAPI(s.v))
                let group = Evaluator.groupingLabels(labels, grouping: grouping, without: agg.without)
                if let c = counts[group] {
                    counts[group] = c + 1
                } else {
                    counts[group] = 1
                    order.append(group)
                }
            }
            for g in order {
                try builder.add(labels: g, dropName: false, t: ts, v: Double(counts[g] ?? 0))
            }
            try ctx.checkSamples(builder.totalPoints)
        }
        ctx.samples = before
        try ctx.addSamples(builder.totalPoints)
        return builder.series
    }
}

/// Go's `container/heap` operations, so that heap order (and thus output order) matches Prometheus.
enum GoHeap {
    static func push<T>(_ h: inout [T], _ x: T, _ less: (T, T) -> Bool) {
        h.append(x)
        up(&h, h.count - 1, less)
    }

    static func fix<T>(_ h: inout [T], _ i: Int, _ less: (T, T) -> Bool) {
        if !down(&h, i, h.count, less) { up(&h, i, less) }
    }

    static func up<T>(_ h: inout [T], _ j0: Int, _ less: (T, T) -> Bool) {
        var j = j0
        while true {
            let i = (j - 1) / 2
            if i == j || !less(h[j], h[i]) { break }
            h.swapAt(i, j)
            j = i
        }
    }

    @discardableResult
    static func down<T>(_ h: inout [T], _ i0: Int, _ n: Int, _ less: (T, T) -> Bool) -> Bool {
        var i = i0
        while true {
            let j1 = 2 * i + 1
            if j1 >= n || j1 < 0 { break }
            var j = j1
            let j2 = j1 + 1
            if j2 < n && less(h[j2], h[j1]) { j = j2 }
            if !less(h[j], h[i]) { break }
            h.swapAt(i, j)
            i = j
        }
        return i > i0
    }
}
