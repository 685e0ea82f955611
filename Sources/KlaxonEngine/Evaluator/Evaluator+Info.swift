import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

extension Evaluator {
    private static let identifyingLabels = ["instance", "job"]

    /// `info(v [, {data label matchers}])`: adds the data labels of matching info series (by default
    /// `target_info`), joined on `instance` and `job` (Prometheus's `evalInfo`).
    func evalInfo(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let base = try evalMatrix(call.args[0])
        guard let id = call.infoID else { return base }
        let spec = ctx.infoSpecs[id]
        let data = ctx.infos[id]

        var ignored = [Bool](repeating: false, count: base.count)
        var idValues: [String: Set<String>] = [:]
        for (i, s) in base.enumerated() {
            let name = s.labels.metricName
            if spec.nameMatchers.allSatisfy({ $0.matches(name) }) {
                ignored[i] = true
                continue
            }
            for l in Evaluator.identifyingLabels {
                let v = s.labels[l]
                if !v.isEmpty { idValues[l, default: []].insert(v) }
            }
        }
        var infoMat: Matrix = []
        if !idValues.isEmpty {
            let candidates = data.series.filter { s in
                idValues.allSatisfy { name, values in values.contains(s.labels[name]) }
            }
            infoMat = infoSeries(candidates)
        }

        // Signature of a series for one info metric name: that name plus the identifying labels.
        func signature(_ name: String, _ labels: Labels) -> Labels {
            var pairs = [Label(WellKnown.metricName, name)]
            for l in Evaluator.identifyingLabels where !labels[l].isEmpty { pairs.append(Label(l, labels[l])) }
            return Labels(pairs)
        }
        var infoNames: [String] = []
        for s in infoMat where !infoNames.contains(s.labels.metricName) { infoNames.append(s.labels.metricName) }
        let baseSigs: [[Labels]] = base.map { s in infoNames.map { signature($0, s.labels) } }
        let infoSigs: [Labels] = infoMat.map { signature($0.labels.metricName, $0.labels) }
        let dataMatchers = spec.dataLabelMatchers
        let allMatchersMatchEmpty = dataMatchers.values.allSatisfy { ms in ms.allSatisfy { $0.matches("") } }

        var bg = StepGatherer(base)
        var ig = StepGatherer(infoMat)
        var bv: [StepSample] = []
        var iv: [StepSample] = []
        var builder = MatrixBuilder(instant: false, checkDuplicatesInInstant: true)
        for step in 0..<numSteps {
            try ctx.checkCancellation()
            let ts = time(ofStep: step)
            bg.gather(ts, into: &bv)
            ig.gather(ts, into: &iv)
            if bv.isEmpty { continue }
            var bySig: [Labels: StepSample] = [:]
            for s in iv {
                let sig = infoSigs[s.series]
                if let existing = bySig[sig] {
                    if existing.v < s.v {
                        bySig[sig] = s
                    } else if existing.v == s.v {
                        throw EvaluationError(
                            .execution,
                            "found duplicate series for info metric: existing \(PromLabels.string(infoMat[existing.series].labels)) @ \(Int64(existing.v)), new \(PromLabels.string(infoMat[s.series].labels)) @ \(Int64(s.v))"
                        )
                    }
                } else {
                    bySig[sig] = s
                }
            }
            for s in bv {
                let labels = base[s.series].labels
                if ignored[s.series] {
                    try builder.add(labels: labels, dropName: false, t: ts, v: s.v)
                    continue
                }
                var added = Labels()
                var seen = 0
                for (n, _) in infoNames.enumerated() {
                    guard let info = bySig[baseSigs[s.series][n]] else { continue }
                    for l in infoMat[info.series].labels where l.name != WellKnown.metricName {
                        if !dataMatchers.isEmpty && dataMatchers[l.name] == nil { continue }
                        let existing = added[l.name]
                        if !existing.isEmpty && existing != l.value {
                            throw EvaluationError(.execution, "conflicting label: \(l.name)")
                        }
                        if labels.has(l.name) { continue }
                        added.set(l.name, l.value)
                    }
                    seen += 1
                }
                if seen == 0 && !allMatchersMatchEmpty { continue }
                var out = labels
                for l in added { out.set(l.name, l.value) }
                try builder.add(labels: out, dropName: false, t: ts, v: s.v)
            }
        }
        return builder.series
    }

    /// The info series at each step, with each sample's original timestamp as its value.
    private func infoSeries(_ series: [SeriesSamples]) -> Matrix {
        let lookback = ctx.lookback
        var out: Matrix = []
        for s in series {
            var points: [FPoint] = []
            s.points.withUnsafeBufferPointer { pts in
                var cursor = 0
                var ts = start
                while ts <= end {
                    if let p = Evaluator.lookup(pts, cursor: &cursor, ref: ts, lookback: lookback) {
                        points.append(FPoint(t: ts, v: Double(p.t)))
                    }
                    if ts > end - interval { break }
                    ts += interval
                }
            }
            if !points.isEmpty { out.append(Series(labels: s.labels, points: points)) }
        }
        return out
    }
}
