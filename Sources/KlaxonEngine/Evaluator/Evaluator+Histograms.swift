import KlaxonModel
import KlaxonPromQL

/// Classic histograms of an input matrix: each series' bucket bound and the histogram it belongs to,
/// computed once per query rather than once per step.
struct ClassicHistogramLayout {
    /// Per input series: its histogram (index into `labels`), or -1 when its `le` is malformed.
    var group: [Int]
    var bound: [Double]
    /// Per histogram: the labels without `le`.
    var labels: [Labels]

    init(_ input: Matrix) {
        group = []
        bound = []
        labels = []
        var index: [Labels: Int] = [:]
        for s in input {
            guard let b = ClassicHistograms.parseBound(s.labels[WellKnown.bucketLabel]) else {
                group.append(-1)
                bound.append(.nan)
                continue
            }
            var key = s.labels
            key.remove(WellKnown.bucketLabel)
            if let g = index[key] {
                group.append(g)
            } else {
                index[key] = labels.count
                group.append(labels.count)
                labels.append(key)
            }
            bound.append(b)
        }
    }
}

extension Evaluator {
    /// Gathers each step's buckets per histogram and calls `body(step, ts, histogram, buckets)`.
    private func forEachHistogram(
        _ input: Matrix, _ layout: ClassicHistogramLayout,
        _ body: (Int, Int64, Int, [Bucket]) throws(EvaluationError) -> Void
    ) throws(EvaluationError) {
        var buckets = [[Bucket]](repeating: [], count: layout.labels.count)
        var touched: [Int] = []
        var gatherer = StepGatherer(count: input.count)
        var vector: [StepSample] = []
        for step in 0..<numSteps {
            try ctx.checkCancellation()
            let ts = time(ofStep: step)
            gatherer.gather(ts, input, into: &vector)
            for g in touched { buckets[g].removeAll(keepingCapacity: true) }
            touched.removeAll(keepingCapacity: true)
            for s in vector {
                let g = layout.group[s.series]
                if g < 0 {
                    let labels = input[s.series].labels
                    let name = delayedNameRemoval ? labels.metricName : ""
                    ctx.annotations.warn(Messages.badBucketLabel(metricName: name, value: labels[WellKnown.bucketLabel]))
                    continue
                }
                if buckets[g].isEmpty { touched.append(g) }
                buckets[g].append(Bucket(upperBound: layout.bound[s.series], count: s.v))
            }
            for g in touched { try body(step, ts, g, buckets[g]) }
        }
    }

    private func outputLabels(_ labels: Labels) -> Labels {
        delayedNameRemoval ? labels : MetadataLabels.drop(labels)
    }

    func histogramQuantile(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let q = try evalScalarSteps(call.args[0])
        for v in q where v.isNaN || v < 0 || v > 1 { ctx.annotations.warn(Messages.invalidQuantile(v)) }
        let before = ctx.samples
        let input = try evalMatrix(call.args[1])
        let layout = ClassicHistogramLayout(input)
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: !delayedNameRemoval)
        try forEachHistogram(input, layout) { (step, ts, g, buckets) throws(EvaluationError) in
            let r = ClassicHistograms.quantile(q[step], buckets)
            if r.forcedMonotonic {
                let name = delayedNameRemoval ? layout.labels[g].metricName : ""
                ctx.annotations.info(Messages.forcedMonotonicity(metricName: name))
            }
            try builder.add(denseKey: g, dropName: true, t: ts, v: r.value) { outputLabels(layout.labels[g]) }
        }
        ctx.samples = before
        try ctx.addSamples(builder.totalPoints)
        return builder.series
    }

    func histogramFraction(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let lower = try evalScalarSteps(call.args[0])
        let upper = try evalScalarSteps(call.args[1])
        let before = ctx.samples
        let input = try evalMatrix(call.args[2])
        let layout = ClassicHistogramLayout(input)
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: !delayedNameRemoval)
        try forEachHistogram(input, layout) { (step, ts, g, buckets) throws(EvaluationError) in
            let v = ClassicHistograms.fraction(lower[step], upper[step], buckets)
            try builder.add(denseKey: g, dropName: true, t: ts, v: v) { outputLabels(layout.labels[g]) }
        }
        ctx.samples = before
        try ctx.addSamples(builder.totalPoints)
        return builder.series
    }

    /// `histogram_quantiles(v, "label", q1, q2, …)`: one output series per histogram and quantile.
    func histogramQuantiles(_ call: CallNode) throws(EvaluationError) -> Matrix {
        guard call.args.count >= 3, case .string(let quantileLabel) = call.args[1].unwrapped else { return [] }
        var qs: [[Double]] = []
        for arg in call.args.dropFirst(2) {
            let values = try evalScalarSteps(arg)
            for v in values where v.isNaN || v < 0 || v > 1 { ctx.annotations.warn(Messages.invalidQuantile(v)) }
            qs.append(values)
        }
        let before = ctx.samples
        let input = try evalMatrix(call.args[0])
        let layout = ClassicHistogramLayout(input)
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: !delayedNameRemoval)
        var results: [(Int64, Int, Int, Double)] = []
        try forEachHistogram(input, layout) { (step, ts, g, buckets) throws(EvaluationError) in
            for (qi, q) in qs.enumerated() {
                let r = ClassicHistograms.quantile(q[step], buckets)
                if r.forcedMonotonic {
                    let name = delayedNameRemoval ? layout.labels[g].metricName : ""
                    ctx.annotations.info(Messages.forcedMonotonicity(metricName: name))
                }
                results.append((ts, g, qi, r.value))
            }
        }
        for (ts, g, qi, v) in results {
            let q = qs[qi][Int((ts - start) / interval)]
            try builder.add(labels: outputLabels(layout.labels[g]).setting(quantileLabel, GoFloat.openMetrics(q)),
                dropName: true, t: ts, v: v)
        }
        ctx.samples = before
        try ctx.addSamples(builder.totalPoints)
        return builder.series
    }
}

extension GoFloat {
    /// Prometheus's `labels.FormatOpenMetricsFloat`: `1.0`, `0.5`, `1e-05`, `NaN`, `+Inf`.
    static func openMetrics(_ f: Double) -> String {
        if f == 1 { return "1.0" }
        if f == 0 { return "0.0" }
        if f == -1 { return "-1.0" }
        let s = GoFloat.formatG(f)
        if f.isNaN || f.isInfinite || s.contains("e") || s.contains(".") { return s }
        return s + ".0"
    }
}
