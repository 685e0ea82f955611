import KlaxonModel
import KlaxonPromQL

/// Series-at-a-time versions of vector matching. Set operators never need per-step bookkeeping: whether a sample
/// survives only depends on which signatures the other side has at that timestamp. Arithmetic and comparisons
/// take this path when no step could raise a matching error (every signature has at most one series on the
/// `one` side, results are distinct, no fill values); otherwise the step-by-step `vectorVector` runs.
extension Evaluator {
    /// Series indices of `side` grouped by signature ordinal.
    static func seriesBySignature(_ sigs: [Int], count numSigs: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: numSigs)
        for (i, s) in sigs.enumerated() { out[s].append(i) }
        return out
    }

    /// Sorted timestamps at which any series of `group` has a sample.
    static func presence(_ group: [Int], _ mat: Matrix) -> [Int64] {
        if group.count == 1 { return mat[group[0]].points.map(\.t) }
        var all: [Int64] = []
        for i in group { all.append(contentsOf: mat[i].points.map(\.t)) }
        all.sort()
        var out: [Int64] = []
        out.reserveCapacity(all.count)
        for t in all where out.last != t { out.append(t) }
        return out
    }

    /// Keeps the points of `points` whose timestamps are (or, with `keepPresent` false, are not) in `times`.
    static func filter(_ points: [FPoint], by times: [Int64], keepPresent: Bool) -> [FPoint] {
        var out: [FPoint] = []
        out.reserveCapacity(points.count)
        var j = 0
        for p in points {
            while j < times.count && times[j] < p.t { j += 1 }
            let present = j < times.count && times[j] == p.t
            if present == keepPresent { out.append(p) }
        }
        return out
    }

    /// `and`, `or` and `unless`, one series at a time.
    func setOperationBySeries(
        _ op: BinaryOperator, _ lhs: Matrix, _ rhs: Matrix, _ matching: VectorMatching
    ) throws(EvaluationError) -> Matrix {
        let (lSig, rSig, numSigs) = Evaluator.signatureOrdinals(lhs, rhs, matching)
        var out: Matrix = []
        switch op {
        case .or:
            let lhsBySig = Evaluator.seriesBySignature(lSig, count: numSigs)
            var cache: [Int: [Int64]] = [:]
            out = lhs.filter { !$0.points.isEmpty }
            for (j, s) in rhs.enumerated() {
                let group = lhsBySig[rSig[j]]
                var points = s.points
                if !group.isEmpty {
                    let times = cache[rSig[j]] ?? Evaluator.presence(group, lhs)
                    cache[rSig[j]] = times
                    points = Evaluator.filter(points, by: times, keepPresent: false)
                }
                if !points.isEmpty { out.append(Series(labels: s.labels, points: points, dropName: s.dropName)) }
            }
            if !isInstant { out = try mergeSeriesWithSameLabels(out) }
        default:
            let rhsBySig = Evaluator.seriesBySignature(rSig, count: numSigs)
            var cache: [Int: [Int64]] = [:]
            let keepPresent = op == .and
            for (i, s) in lhs.enumerated() {
                try ctx.checkCancellation()
                let group = rhsBySig[lSig[i]]
                var points: [FPoint]
                if group.isEmpty {
                    points = keepPresent ? [] : s.points
                } else {
                    let times = cache[lSig[i]] ?? Evaluator.presence(group, rhs)
                    cache[lSig[i]] = times
                    points = Evaluator.filter(s.points, by: times, keepPresent: keepPresent)
                }
                if !points.isEmpty { out.append(Series(labels: s.labels, points: points, dropName: s.dropName)) }
            }
        }
        return out
    }

    /// Arithmetic and comparisons one series at a time; nil when a step-by-step evaluation is needed.
    func vectorVectorBySeries(
        _ b: BinaryNode, _ lhsIn: Matrix, _ rhsIn: Matrix, _ matching: VectorMatching
    ) throws(EvaluationError) -> Matrix? {
        if matching.fillLeft != nil || matching.fillRight != nil || b.op.isTrim { return nil }
        let card = matching.cardinality
        let swapped = card == .oneToMany
        let many = swapped ? rhsIn : lhsIn
        let one = swapped ? lhsIn : rhsIn
        let (lSig, rSig, numSigs) = Evaluator.signatureOrdinals(lhsIn, rhsIn, matching)
        let manySig = swapped ? rSig : lSig
        let oneSig = swapped ? lSig : rSig
        var partner = [Int](repeating: -1, count: numSigs)
        for (j, s) in oneSig.enumerated() {
            if partner[s] >= 0 { return nil }
            partner[s] = j
        }
        if card == .oneToOne {
            var seen = [Bool](repeating: false, count: numSigs)
            for s in manySig {
                if seen[s] { return nil }
                seen[s] = true
            }
        }
        let dropMetricName = !delayedNameRemoval && b.returnBool
        var labels: [Labels?] = []
        labels.reserveCapacity(many.count)
        var distinct: Set<Labels> = []
        for (i, s) in manySig.enumerated() {
            let j = partner[s]
            guard j >= 0 else {
                labels.append(nil)
                continue
            }
            let l = Evaluator.resultLabels(
                many[i].labels, one[j].labels, op: b.op, matching: matching, dropMetricName: dropMetricName)
            if card != .oneToOne && !distinct.insert(l).inserted { return nil }
            labels.append(l)
        }
        let op = b.op
        var out: Matrix = []
        for i in many.indices {
            try ctx.checkCancellation()
            guard let outLabels = labels[i] else { continue }
            let a = many[i].points
            let c = one[partner[manySig[i]]].points
            var points: [FPoint] = []
            points.reserveCapacity(Swift.min(a.count, c.count))
            var j = 0
            for p in a {
                while j < c.count && c[j].t < p.t { j += 1 }
                guard j < c.count && c[j].t == p.t else { continue }
                var fl = p.v
                var fr = c[j].v
                if swapped { (fl, fr) = (fr, fl) }
                var (value, keep) = BinaryMath.element(op, fl, fr)
                if b.returnBool {
                    value = keep ? 1 : 0
                    keep = true
                }
                if keep { points.append(FPoint(t: p.t, v: value)) }
            }
            if !points.isEmpty { out.append(Series(labels: outLabels, points: points, dropName: b.returnBool)) }
        }
        // Results are distinct by construction: one-to-one results are determined by their signature, and
        // distinct many-to-one results were checked above.
        return out
    }
}
