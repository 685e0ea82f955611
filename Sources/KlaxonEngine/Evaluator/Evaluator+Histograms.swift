import KlaxonModel
import KlaxonPromQL

/// Classic histograms of an input matrix: each series' bucket bound and the histogram it belongs to,
/// computed once per query rather than once per step.
struct ClassicHistogramLayout {
    /// Per histogram: the labels without `le`, and its bucket series (input order) with their bounds.
    var labels: [Labels] = []
    var members: [[Int]] = []
    var bounds: [[Double]] = []
    /// Input series whose `le` is malformed.
    var malformed: [Int] = []

    init(_ input: Matrix) {
        var interner = SignatureInterner(.allButBucket)
        for (i, s) in input.enumerated() {
            guard let b = ClassicHistograms.parseBound(s.labels[WellKnown.bucketLabel]) else {
                malformed.append(i)
                continue
            }
            let (g, isNew) = interner.ordinal(s.labels)
            if isNew {
                var key = s.labels
                key.remove(WellKnown.bucketLabel)
                labels.append(key)
                members.append([])
                bounds.append([])
            }
            members[g].append(i)
            bounds[g].append(b)
        }
    }
}

extension LabelSelection {
    /// Every label except `le` (`__name__` included): what identifies a classic histogram.
    static let allButBucket = LabelSelection(
        keepListed: false, names: [WellKnown.bucketLabel], everything: false, keepMetricName: true)
}

extension Evaluator {
    /// Calls `body(histogram, step, ts, buckets)` for every histogram and every step at which it has buckets,
    /// histogram by histogram and in time order within each.
    private func forEachHistogram(
        _ input: Matrix, _ layout: ClassicHistogramLayout,
        _ body: (Int, Int, Int64, [Bucket]) throws(EvaluationError) -> Void
    ) throws(EvaluationError) {
        for i in layout.malformed where !input[i].points.isEmpty {
            let labels = input[i].labels
            let name = delayedNameRemoval ? labels.metricName : ""
            ctx.annotations.warn(Messages.badBucketLabel(metricName: name, value: labels[WellKnown.bucketLabel]))
        }
        var buckets: [Bucket] = []
        for g in layout.labels.indices {
            try ctx.checkCancellation()
            let members = layout.members[g]
            let bounds = layout.bounds[g]
            var cursors = [Int](repeating: 0, count: members.count)
            while true {
                var next = Int64.max
                for (k, si) in members.enumerated() where cursors[k] < input[si].points.count {
                    next = Swift.min(next, input[si].points[cursors[k]].t)
                }
                if next == Int64.max { break }
                buckets.removeAll(keepingCapacity: true)
                for (k, si) in members.enumerated() where cursors[k] < input[si].points.count {
                    let p = input[si].points[cursors[k]]
                    if p.t == next {
                        buckets.append(Bucket(upperBound: bounds[k], count: p.v))
                        cursors[k] += 1
                    }
                }
                if let step = stepIndex(next) { try body(g, step, next, buckets) }
            }
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
        try forEachHistogram(input, layout) { (g, step, ts, buckets) throws(EvaluationError) in
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
        try forEachHistogram(input, layout) { (g, step, ts, buckets) throws(EvaluationError) in
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
        try forEachHistogram(input, layout) { (g, step, ts, buckets) throws(EvaluationError) in
            for q in qs {
                let r = ClassicHistograms.quantile(q[step], buckets)
                if r.forcedMonotonic {
                    let name = delayedNameRemoval ? layout.labels[g].metricName : ""
                    ctx.annotations.info(Messages.forcedMonotonicity(metricName: name))
                }
                let labels = outputLabels(layout.labels[g]).setting(quantileLabel, GoFloat.openMetrics(q[step]))
                try builder.add(labels: labels, dropName: true, t: ts, v: r.value)
            }
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
