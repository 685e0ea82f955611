import KlaxonModel
import KlaxonPromQL

/// Running state of one output group at one step (Prometheus's `groupedAggregation`).
struct GroupState {
    var seen = false
    var floatValue = 0.0
    var floatMean = 0.0
    var kahanC = 0.0
    var groupCount = 0.0
    var incrementalMean = false
    var dropName = false
    var values: [Double] = []
}

/// The parameter of an aggregation at each step, with its extremes (Prometheus's `fParams`).
struct AggregationParam {
    var perStep: [Double]?
    var minValue = 0.0
    var maxValue = 0.0
    var hasNaN = false

    @inline(__always) func value(atStep i: Int) -> Double { perStep?[i] ?? 0 }
}

extension Evaluator {
    func evalAggregate(_ agg: AggregateNode) throws(EvaluationError) -> Matrix {
        if agg.op == .countValues { return try evalCountValues(agg) }
        let param = try aggregationParam(agg.param)
        let before = ctx.samples
        let input = try evalMatrix(agg.expr)
        let result: Matrix
        switch agg.op {
        case .topk, .bottomk, .limitk, .limitRatio:
            result = try aggregateK(agg, param: param, input: input)
        default:
            result = try aggregateSimple(agg, param: param, input: input)
        }
        ctx.samples = before
        try ctx.addSamples(result.totalPoints)
        return result
    }

    private func aggregationParam(_ node: Node?) throws(EvaluationError) -> AggregationParam {
        guard let node else { return AggregationParam() }
        let values = try evalScalarSteps(node)
        var p = AggregationParam(perStep: values)
        if case .number(let c) = node.unwrapped {
            p.minValue = c
            p.maxValue = c
            p.hasNaN = c.isNaN
            return p
        }
        p.minValue = Double.greatestFiniteMagnitude
        p.maxValue = -Double.greatestFiniteMagnitude
        for v in values {
            p.maxValue = GoMath.max(p.maxValue, v)
            p.minValue = GoMath.min(p.minValue, v)
            if v.isNaN { p.hasNaN = true }
        }
        return p
    }

    /// The labels of the output group of `labels` (Prometheus's `generateGroupingLabels`).
    static func groupingLabels(_ labels: Labels, grouping: [String], without: Bool) -> Labels {
        if without {
            return Labels(
                sortedUnchecked: labels.filter { $0.name != WellKnown.metricName && !grouping.contains($0.name) })
        }
        if grouping.isEmpty { return Labels() }
        return Labels(sortedUnchecked: labels.filter { grouping.contains($0.name) })
    }

    /// Maps each input series to its group; returns the group labels in order of first appearance.
    static func groups(_ input: Matrix, grouping: [String], without: Bool) -> (map: [Int], labels: [Labels]) {
        var map = [Int](repeating: 0, count: input.count)
        if !without && grouping.isEmpty {
            return (map, input.isEmpty ? [] : [Labels()])
        }
        var interner = SignatureInterner(LabelSelection(keepListed: !without, names: grouping))
        var labels: [Labels] = []
        for (i, s) in input.enumerated() {
            let (o, isNew) = interner.ordinal(s.labels)
            if isNew { labels.append(interner.selection.apply(s.labels)) }
            map[i] = o
        }
        return (map, labels)
    }

    private func aggregateSimple(
        _ agg: AggregateNode, param: AggregationParam, input: Matrix
    ) throws(EvaluationError) -> Matrix {
        let op = agg.op
        if op == .quantile {
            if param.hasNaN { ctx.annotations.warn(Messages.invalidQuantile(.nan)) }
            if param.maxValue > 1 { ctx.annotations.warn(Messages.invalidQuantile(param.maxValue)) }
            if param.minValue < 0 { ctx.annotations.warn(Messages.invalidQuantile(param.minValue)) }
        }
        let (map, groupLabels) = Evaluator.groups(input, grouping: agg.grouping, without: agg.without)
        let steps = numSteps
        let groupCount = groupLabels.count
        guard groupCount > 0, steps > 0 else { return [] }
        var members = [[Int]](repeating: [], count: groupCount)
        for (si, g) in map.enumerated() { members[g].append(si) }
        // Group by group: each (group, step) state sees its samples in input order, exactly as Prometheus's
        // step-by-step loop, while every series' points are walked once and only one group's states are held.
        var states = [GroupState](repeating: GroupState(), count: steps)
        var result: Matrix = []
        var total = 0
        for g in 0..<groupCount {
            try ctx.checkCancellation()
            var lo = steps
            var hi = -1
            for si in members[g] {
                let dropName = input[si].dropName
                input[si].points.withUnsafeBufferPointer { pts in
                    for p in pts {
                        guard let step = stepIndex(p.t) else { continue }
                        if !states[step].seen {
                            lo = Swift.min(lo, step)
                            hi = Swift.max(hi, step)
                        }
                        Evaluator.accumulate(op, p.v, &states[step], dropName: dropName)
                    }
                }
            }
            guard hi >= lo else { continue }
            var series = Series(labels: groupLabels[g])
            series.points.reserveCapacity(hi - lo + 1)
            for step in lo...hi where states[step].seen {
                let v = Evaluator.finish(op, &states[step], q: param.value(atStep: step))
                series.points.append(FPoint(t: time(ofStep: step), v: v))
                series.dropName = states[step].dropName
                states[step].seen = false
            }
            total += series.points.count
            try ctx.checkSamples(total)
            result.append(series)
        }
        return result
    }

    @inline(__always) static func accumulate(_ op: AggregateOp, _ f: Double, _ g: inout GroupState, dropName: Bool) {
        if !g.seen {
            g.seen = true
            g.floatValue = f
            g.floatMean = f
            g.kahanC = 0
            g.groupCount = 1
            g.incrementalMean = false
            g.dropName = dropName
            switch op {
            case .stddev, .stdvar:
                g.floatValue = (f.isNaN || f.isInfinite) ? .nan : 0
            case .quantile:
                g.values.removeAll(keepingCapacity: true)
                g.values.append(f)
            case .group:
                g.floatValue = 1
            default:
                break
            }
            return
        }
        if dropName { g.dropName = true }
        switch op {
        case .sum:
            (g.floatValue, g.kahanC) = kahanInc(f, g.floatValue, g.kahanC)
        case .avg:
            g.groupCount += 1
            if !g.incrementalMean {
                let (newV, newC) = kahanInc(f, g.floatValue, g.kahanC)
                if !newV.isInfinite {
                    g.floatValue = newV
                    g.kahanC = newC
                    return
                }
                g.incrementalMean = true
                g.floatMean = g.floatValue / (g.groupCount - 1)
                g.kahanC /= g.groupCount - 1
            }
            let q = (g.groupCount - 1) / g.groupCount
            (g.floatMean, g.kahanC) = kahanInc(f / g.groupCount, q * g.floatMean, q * g.kahanC)
        case .max:
            if g.floatValue < f || g.floatValue.isNaN { g.floatValue = f }
        case .min:
            if g.floatValue > f || g.floatValue.isNaN { g.floatValue = f }
        case .count:
            g.groupCount += 1
        case .stddev, .stdvar:
            g.groupCount += 1
            let delta = f - g.floatMean
            g.floatMean += delta / g.groupCount
            g.floatValue += delta * (f - g.floatMean)
        case .quantile:
            g.values.append(f)
        case .group, .topk, .bottomk, .countValues, .limitk, .limitRatio:
            break
        }
    }

    @inline(__always) static func finish(_ op: AggregateOp, _ g: inout GroupState, q: Double) -> Double {
        switch op {
        case .avg:
            if g.incrementalMean { return g.floatMean + g.kahanC }
            return g.floatValue / g.groupCount + g.kahanC / g.groupCount
        case .count: return g.groupCount
        case .stdvar: return g.floatValue / g.groupCount
        case .stddev: return (g.floatValue / g.groupCount).squareRoot()
        case .quantile: return Quantile.ofValues(q, &g.values)
        case .sum: return g.floatValue + g.kahanC
        default: return g.floatValue
        }
    }
}
