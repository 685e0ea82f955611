import KlaxonModel
import KlaxonPromQL

extension BinaryOperator {
    /// Arithmetic changes what a series measures, so its name (and type, unit) must go.
    var isTrim: Bool { self == .trimUpper || self == .trimLower }

    var changesMetricSchema: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .power, .modulo, .atan2: true
        default: false
        }
    }
}

/// Float arithmetic and comparison with Prometheus's semantics.
enum BinaryMath {
    /// `scalarBinop`: comparisons give 1 or 0.
    @inline(__always) static func scalar(_ op: BinaryOperator, _ l: Double, _ r: Double) -> Double {
        switch op {
        case .add: l + r
        case .subtract: l - r
        case .multiply: l * r
        case .divide: l / r
        case .power: GoMath.pow(l, r)
        case .modulo: GoMath.mod(l, r)
        case .equal: l == r ? 1 : 0
        case .notEqual: l != r ? 1 : 0
        case .greater: l > r ? 1 : 0
        case .less: l < r ? 1 : 0
        case .greaterOrEqual: l >= r ? 1 : 0
        case .lessOrEqual: l <= r ? 1 : 0
        case .atan2: GoMath.atan2(l, r)
        case .and, .or, .unless, .trimUpper, .trimLower: .nan
        }
    }

    /// `vectorElemBinop` for floats: the value and whether a comparison keeps the sample.
    @inline(__always) static func element(_ op: BinaryOperator, _ l: Double, _ r: Double) -> (Double, Bool) {
        switch op {
        case .add: (l + r, true)
        case .subtract: (l - r, true)
        case .multiply: (l * r, true)
        case .divide: (l / r, true)
        case .power: (GoMath.pow(l, r), true)
        case .modulo: (GoMath.mod(l, r), true)
        case .equal: (l, l == r)
        case .notEqual: (l, l != r)
        case .greater: (l, l > r)
        case .less: (l, l < r)
        case .greaterOrEqual: (l, l >= r)
        case .lessOrEqual: (l, l <= r)
        case .atan2: (GoMath.atan2(l, r), true)
        case .and, .or, .unless, .trimUpper, .trimLower: (0, false)
        }
    }
}

extension Evaluator {
    func evalBinary(_ b: BinaryNode) throws(EvaluationError) -> Matrix {
        let lt = b.lhs.type
        let rt = b.rhs.type
        let before = ctx.samples
        let result: Matrix
        switch (lt, rt) {
        case (.scalar, .scalar):
            let l = try evalScalarSteps(b.lhs)
            let r = try evalScalarSteps(b.rhs)
            var s = Series(labels: Labels())
            s.points.reserveCapacity(numSteps)
            for i in 0..<numSteps {
                s.points.append(FPoint(t: time(ofStep: i), v: BinaryMath.scalar(b.op, l[i], r[i])))
            }
            result = [s]
        case (.vector, .scalar):
            let vec = try evalMatrix(b.lhs)
            let sc = try evalScalarSteps(b.rhs)
            result = vectorScalar(b, vec, sc, swap: false)
        case (.scalar, .vector):
            let sc = try evalScalarSteps(b.lhs)
            let vec = try evalMatrix(b.rhs)
            result = vectorScalar(b, vec, sc, swap: true)
        default:
            let lhs = try evalMatrix(b.lhs)
            let rhs = try evalMatrix(b.rhs)
            let matching = b.matching ?? VectorMatching(cardinality: b.op.isSetOperator ? .manyToMany : .oneToOne)
            if b.op.isSetOperator {
                result = try setOperationBySeries(b.op, lhs, rhs, matching)
            } else if let fast = try vectorVectorBySeries(b, lhs, rhs, matching) {
                result = fast
            } else {
                result = try vectorVector(b, lhs, rhs, matching)
            }
        }
        ctx.samples = before
        try ctx.addSamples(result.totalPoints)
        return result
    }

    /// `VectorscalarBinop`, series by series: the labels of each output series are its input's.
    private func vectorScalar(_ b: BinaryNode, _ vec: Matrix, _ sc: [Double], swap: Bool) -> Matrix {
        let op = b.op
        if op.isTrim {
            if vec.contains(where: { !$0.points.isEmpty }) { ctx.annotations.info(Messages.incompatibleTypes(op)) }
            return []
        }
        let isComparison = op.isComparison
        let dropName = op.changesMetricSchema || b.returnBool
        var out: Matrix = []
        out.reserveCapacity(vec.count)
        for var s in vec {
            var j = 0
            for p in s.points {
                guard let step = stepIndex(p.t) else { continue }
                var lf = p.v
                var rf = sc[step]
                if swap { swap2(&lf, &rf) }
                var (value, keep) = BinaryMath.element(op, lf, rf)
                if isComparison && swap { value = rf }
                if b.returnBool {
                    value = keep ? 1 : 0
                    keep = true
                }
                if keep {
                    s.points[j] = FPoint(t: p.t, v: value)
                    j += 1
                }
            }
            s.points.removeLast(s.points.count - j)
            if s.points.isEmpty { continue }
            if dropName {
                if !delayedNameRemoval { s.labels = MetadataLabels.drop(s.labels) }
                s.dropName = true
            }
            out.append(s)
        }
        return out
    }

    @inline(__always) private func swap2(_ a: inout Double, _ b: inout Double) {
        let t = a
        a = b
        b = t
    }

    /// The labels two series are matched on (Prometheus's join signature).
    static func signature(_ labels: Labels, _ matching: VectorMatching) -> Labels {
        selection(matching).apply(labels)
    }

    static func selection(_ matching: VectorMatching) -> LabelSelection {
        LabelSelection(keepListed: matching.on, names: matching.matchingLabels)
    }

    /// Signature ordinals of every series of both sides.
    static func signatureOrdinals(_ lhs: Matrix, _ rhs: Matrix, _ matching: VectorMatching) -> ([Int], [Int], Int) {
        var interner = SignatureInterner(selection(matching))
        var l: [Int] = []
        l.reserveCapacity(lhs.count)
        for s in lhs { l.append(interner.ordinal(s.labels).0) }
        var r: [Int] = []
        r.reserveCapacity(rhs.count)
        for s in rhs { r.append(interner.ordinal(s.labels).0) }
        return (l, r, interner.count)
    }
}
