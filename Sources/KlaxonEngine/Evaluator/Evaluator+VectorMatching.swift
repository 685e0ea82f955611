import KlaxonModel
import KlaxonPromQL

extension Evaluator {
    /// Arithmetic and comparisons between two instant vectors (Prometheus's `VectorBinop`), one-to-one or
    /// many-to-one/one-to-many, with `fill`/`fill_left`/`fill_right`.
    func vectorVector(
        _ b: BinaryNode, _ lhsIn: Matrix, _ rhsIn: Matrix, _ matching: VectorMatching
    ) throws(EvaluationError) -> Matrix {
        let op = b.op
        let card = matching.cardinality
        let swapped = card == .oneToMany
        // After the swap `many` is the side whose labels the result keeps and `one` is matched against it.
        let many = swapped ? rhsIn : lhsIn
        let one = swapped ? lhsIn : rhsIn
        let (lSig, rSig, numSigs) = Evaluator.signatureOrdinals(lhsIn, rhsIn, matching)
        let manySig = swapped ? rSig : lSig
        let oneSig = swapped ? lSig : rSig
        // Like Prometheus, the fill values are not swapped for one-to-many matching: `fill_right` stands in for
        // a missing `one` sample and `fill_left` for a missing `many` sample.
        let fillMany = matching.fillLeft
        let fillOne = matching.fillRight
        let hasFill = matching.fillLeft != nil || matching.fillRight != nil

        var oneAt = [Int](repeating: -1, count: numSigs)  // index into `ov` of the one-side sample per signature
        var oneTouched: [Int] = []
        var matchedOne = [Bool](repeating: false, count: numSigs)
        var matchedMany = [Set<Int>](repeating: [], count: card == .oneToOne ? 0 : numSigs)
        var matchedTouched: [Int] = []

        var interned: [Labels: Int] = [:]
        var internedLabels: [Labels] = []
        var labelIDs: [Int: Int] = [:]
        let manyCount = many.count
        let oneCount = one.count
        let dropMetricName = !delayedNameRemoval && b.returnBool

        func resultLabelID(_ manyKey: Int, _ oneKey: Int) -> Int {
            let key = manyKey &* (oneCount + 1) &+ oneKey
            if let id = labelIDs[key] { return id }
            let manyLabels =
                manyKey < manyCount
                ? many[manyKey].labels : Evaluator.matchLabels(one[oneKey].labels, matching)
            let oneLabels =
                oneKey < oneCount ? one[oneKey].labels : Evaluator.matchLabels(many[manyKey].labels, matching)
            let labels = Evaluator.resultLabels(
                manyLabels, oneLabels, op: op, matching: matching, dropMetricName: dropMetricName)
            let id: Int
            if let existing = interned[labels] {
                id = existing
            } else {
                id = internedLabels.count
                interned[labels] = id
                internedLabels.append(labels)
            }
            labelIDs[key] = id
            return id
        }

        var mg = StepGatherer(many)
        var og = StepGatherer(one)
        var mv: [StepSample] = []
        var ov: [StepSample] = []
        var builder = MatrixBuilder(instant: isInstant, checkDuplicatesInInstant: true)
        for step in 0..<numSteps {
            try ctx.checkCancellation()
            let ts = time(ofStep: step)
            mg.gather(ts, into: &mv)
            og.gather(ts, into: &ov)
            if (mv.isEmpty && ov.isEmpty) || ((mv.isEmpty || ov.isEmpty) && !hasFill) { continue }
            for o in oneTouched { oneAt[o] = -1 }
            oneTouched.removeAll(keepingCapacity: true)
            for o in matchedTouched {
                if card == .oneToOne { matchedOne[o] = false } else { matchedMany[o].removeAll(keepingCapacity: true) }
            }
            matchedTouched.removeAll(keepingCapacity: true)

            for (i, rs) in ov.enumerated() {
                let o = oneSig[rs.series]
                if oneAt[o] >= 0 {
                    let dup = one[ov[oneAt[o]].series]
                    let matched = Evaluator.matchLabels(one[rs.series].labels, matching)
                    throw EvaluationError(
                        .execution,
                        "found duplicate series for the match group \(PromLabels.string(matched)) on the \(swapped ? "left" : "right") hand-side of the operation: [\(PromLabels.string(one[rs.series].labels)), \(PromLabels.string(dup.labels))];many-to-many matching not allowed: matching labels must be unique on one side"
                    )
                }
                oneAt[o] = i
                oneTouched.append(o)
            }

            func apply(manyKey: Int, manyValue: Double, oneKey: Int, oneValue: Double, sig: Int) throws(EvaluationError) {
                if op.isTrim {
                    ctx.annotations.info(Messages.incompatibleTypes(op))
                    return
                }
                var fl = manyValue
                var fr = oneValue
                if swapped { (fl, fr) = (fr, fl) }
                var (value, keep) = BinaryMath.element(op, fl, fr)
                if b.returnBool { value = keep ? 1 : 0 }
                let id = resultLabelID(manyKey, oneKey)
                if card == .oneToOne {
                    if matchedOne[sig] {
                        throw EvaluationError(
                            .execution,
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                    }
                    matchedOne[sig] = true
                    matchedTouched.append(sig)
                } else {
                    if matchedMany[sig].isEmpty { matchedTouched.append(sig) }
                    if !matchedMany[sig].insert(id).inserted {
                        throw EvaluationError(
                            .execution, "multiple matches for labels: grouping labels must ensure unique matches")
                    }
                }
                if !keep && !b.returnBool { return }
                try builder.add(denseKey: id, dropName: b.returnBool, t: ts, v: value) { internedLabels[id] }
            }

            for ls in mv {
                let sig = manySig[ls.series]
                let at = oneAt[sig]
                if at >= 0 {
                    let rs = ov[at]
                    try apply(manyKey: ls.series, manyValue: ls.v, oneKey: rs.series, oneValue: rs.v, sig: sig)
                } else if let fill = fillOne {
                    try apply(manyKey: ls.series, manyValue: ls.v, oneKey: oneCount, oneValue: fill, sig: sig)
                }
            }
            if let fill = fillMany {
                for rs in ov {
                    let sig = oneSig[rs.series]
                    let matched = card == .oneToOne ? matchedOne[sig] : !matchedMany[sig].isEmpty
                    if matched { continue }
                    try apply(manyKey: manyCount, manyValue: fill, oneKey: rs.series, oneValue: rs.v, sig: sig)
                }
            }
            try ctx.checkSamples(builder.totalPoints)
        }
        return builder.series
    }

    /// Prometheus's `Labels.MatchLabels`: with `on` the listed labels, otherwise all but those and `__name__`.
    static func matchLabels(_ labels: Labels, _ matching: VectorMatching) -> Labels {
        signature(labels, matching)
    }

    /// The labels of a result sample (Prometheus's `resultMetric`).
    static func resultLabels(
        _ lhs: Labels, _ rhs: Labels, op: BinaryOperator, matching: VectorMatching, dropMetricName: Bool
    ) -> Labels {
        var out = lhs
        if dropMetricName || op.changesMetricSchema { out = MetadataLabels.drop(out) }
        if matching.cardinality == .oneToOne {
            if matching.on {
                out = Labels(sortedUnchecked: out.filter { matching.matchingLabels.contains($0.name) })
            } else {
                out = Labels(sortedUnchecked: out.filter { !matching.matchingLabels.contains($0.name) })
            }
        }
        for name in matching.include {
            out.set(name, rhs[name])
        }
        return out
    }
}

/// Prometheus's `labels.Labels.String()`: `{__name__="x", a="b"}`.
enum PromLabels {
    static func string(_ labels: Labels) -> String {
        var out = "{"
        for (i, l) in labels.enumerated() {
            if i > 0 { out += ", " }
            out += Labels.isValidLegacyLabelName(l.name) ? l.name : GoQuote.quote(l.name)
            out += "=" + GoQuote.quote(l.value)
        }
        return out + "}"
    }
}
