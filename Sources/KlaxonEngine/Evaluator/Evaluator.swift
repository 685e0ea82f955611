import KlaxonModel
import KlaxonPromQL

/// Evaluates plan nodes at the steps `start, start + interval, … end` (Prometheus's `evaluator`).
/// An instant query is a range evaluation with one step.
struct Evaluator {
    let start: Int64
    let end: Int64
    let interval: Int64
    let ctx: QueryContext

    var numSteps: Int {
        let (span, overflow) = end.subtractingReportingOverflow(start)
        return end < start || overflow || interval <= 0 ? 0 : Int(span / interval) + 1
    }
    var isInstant: Bool { start == end }
    var delayedNameRemoval: Bool { ctx.options.delayedNameRemoval }

    /// The step whose time is `t`, if `t` is one of this evaluator's steps.
    @inline(__always) func stepIndex(_ t: Int64) -> Int? {
        let offset = t &- start
        guard offset >= 0, offset % interval == 0 else { return nil }
        let i = Int(offset / interval)
        return i < numSteps ? i : nil
    }

    /// The timestamp of step `i`.
    @inline(__always) func time(ofStep i: Int) -> Int64 { start + Int64(i) * interval }

    func child(start: Int64, end: Int64, interval: Int64) -> Evaluator {
        Evaluator(start: start, end: end, interval: interval, ctx: ctx)
    }

    func eval(_ node: Node) throws(EvaluationError) -> Value {
        try ctx.checkCancellation()
        if end < start { return .matrix([]) }
        switch node {
        case .number(let v):
            return .matrix([constantSeries(v)])
        case .string(let s):
            return .string(s)
        case .vectorSelector(let sel):
            return .matrix(try evalVectorSelector(sel))
        case .matrixSelector(let ms):
            return .matrix(try evalMatrixSelector(ms))
        case .subquery(let sq):
            return .matrix(try evalSubquery(sq))
        case .call(let call):
            return .matrix(try evalCall(call))
        case .aggregate(let agg):
            return .matrix(try evalAggregate(agg))
        case .binary(let bin):
            return .matrix(try evalBinary(bin))
        case .negate(let inner):
            var mat = try evalMatrix(inner)
            for i in mat.indices {
                if !delayedNameRemoval { mat[i].labels = MetadataLabels.drop(mat[i].labels) }
                mat[i].dropName = true
                mat[i].points.withUnsafeMutableBufferPointer { buf in
                    for j in buf.indices { buf[j].v = -buf[j].v }
                }
            }
            if !delayedNameRemoval { mat = try mergeSeriesWithSameLabels(mat) }
            return .matrix(mat)
        case .stepInvariant(let inner):
            return try evalStepInvariant(inner)
        }
    }

    func evalMatrix(_ node: Node) throws(EvaluationError) -> Matrix {
        switch try eval(node) {
        case .matrix(let m): return m
        case .string: return []
        }
    }

    /// A scalar's value at every step (scalars always have one point per step).
    func evalScalarSteps(_ node: Node) throws(EvaluationError) -> [Double] {
        let mat = try evalMatrix(node)
        var out = [Double](repeating: .nan, count: numSteps)
        guard let s = mat.first else { return out }
        for p in s.points {
            if let i = stepIndex(p.t) { out[i] = p.v }
        }
        return out
    }

    func constantSeries(_ v: Double) -> Series {
        var points: [FPoint] = []
        points.reserveCapacity(numSteps)
        var ts = start
        while ts <= end {
            points.append(FPoint(t: ts, v: v))
            if ts > end - interval { break }
            ts += interval
        }
        return Series(labels: Labels(), points: points)
    }

    private func evalStepInvariant(_ inner: Node) throws(EvaluationError) -> Value {
        let once = child(start: start, end: start, interval: interval)
        let value = try once.eval(inner)
        switch inner.unwrapped {
        case .matrixSelector, .subquery: return value
        default: break
        }
        guard case .matrix(var mat) = value, numSteps > 1 else { return value }
        var added = 0
        for i in mat.indices {
            guard let first = mat[i].points.first else { continue }
            mat[i].points.reserveCapacity(numSteps)
            for step in 1..<numSteps {
                mat[i].points.append(FPoint(t: time(ofStep: step), v: first.v))
            }
            added += numSteps - 1
            try ctx.checkSamples(added)
        }
        try ctx.addSamples(added)
        return .matrix(mat)
    }

    /// Merges series whose labels became equal (after dropping names); overlapping timestamps are an error.
    func mergeSeriesWithSameLabels(_ mat: Matrix) throws(EvaluationError) -> Matrix {
        if mat.count <= 1 { return mat }
        var interner = SignatureInterner(.all)
        var target: [Int] = []
        target.reserveCapacity(mat.count)
        var hasDuplicates = false
        for s in mat {
            let (o, isNew) = interner.ordinal(s.labels)
            if !isNew { hasDuplicates = true }
            target.append(o)
        }
        if !hasDuplicates { return mat }
        var merged: Matrix = []
        var position = [Int](repeating: -1, count: interner.count)
        for (i, s) in mat.enumerated() {
            let o = target[i]
            if position[o] >= 0 {
                merged[position[o]].points.append(contentsOf: s.points)
            } else {
                position[o] = merged.count
                merged.append(s)
            }
        }
        for i in merged.indices {
            merged[i].points.sort { $0.t < $1.t }
            let pts = merged[i].points
            if pts.count > 1 {
                for j in 1..<pts.count where pts[j].t == pts[j - 1].t {
                    throw EvaluationError(.execution, "vector cannot contain metrics with the same labelset")
                }
            }
        }
        return merged
    }

    /// True when two series of `mat` have the same labels.
    static func containsSameLabels(_ mat: Matrix) -> Bool {
        var interner = SignatureInterner(.all)
        for s in mat where !interner.ordinal(s.labels).1 { return true }
        return false
    }
}

/// Walks a matrix step by step (Prometheus's `gatherVector`): each series has a cursor that only moves forward.
/// It holds the point arrays themselves so that the per-step loop reads them without reference counting.
struct StepGatherer {
    private let pointLists: [[FPoint]]
    private var cursors: [Int]

    init(_ mat: Matrix) {
        pointLists = mat.map(\.points)
        cursors = [Int](repeating: 0, count: mat.count)
    }

    /// Appends the series that have a point at `ts` to `out` (cleared first).
    @inline(__always) mutating func gather(_ ts: Int64, into out: inout [StepSample]) {
        out.removeAll(keepingCapacity: true)
        pointLists.withUnsafeBufferPointer { lists in
            cursors.withUnsafeMutableBufferPointer { cursors in
                for i in 0..<lists.count {
                    if let v = StepGatherer.advance(ts, lists[i], &cursors[i]) {
                        out.append(StepSample(series: i, v: v))
                    }
                }
            }
        }
    }

    /// The value at `ts` of a series whose points are `points`, moving its cursor forward.
    @inline(__always) static func advance(_ ts: Int64, _ points: borrowing [FPoint], _ cursor: inout Int) -> Double? {
        var c = cursor
        let n = points.count
        while c < n && points[c].t < ts { c += 1 }
        if c < n && points[c].t == ts {
            cursor = c + 1
            return points[c].v
        }
        cursor = c
        return nil
    }
}

/// Collects per-step output samples into series (Prometheus's `seriess` map in `rangeEval`), detecting two
/// samples with the same labels at the same step. Callers pass a stable dense `key` (an input series index,
/// a group number) so that labels are only hashed once per key instead of once per step.
struct MatrixBuilder {
    private(set) var series: Matrix = []
    private var byLabels: [Labels: Int] = [:]
    /// Series index per dense key (keys below `denseLimit`), -1 when not seen yet.
    private var dense: [Int] = []
    private var lastStep: [Int64] = []
    let instant: Bool
    let checkDuplicatesInInstant: Bool

    init(instant: Bool, checkDuplicatesInInstant: Bool) {
        self.instant = instant
        self.checkDuplicatesInInstant = checkDuplicatesInInstant
    }

    var totalPoints: Int { series.totalPoints }

    mutating func add(labels: Labels, dropName: Bool, t: Int64, v: Double) throws(EvaluationError) {
        if instant && !checkDuplicatesInInstant {
            series.append(Series(labels: labels, points: [FPoint(t: t, v: v)], dropName: dropName))
            return
        }
        if let i = byLabels[labels] {
            try append(i, t: t, v: v)
        } else {
            byLabels[labels] = series.count
            series.append(Series(labels: labels, points: [FPoint(t: t, v: v)], dropName: dropName))
            lastStep.append(t)
        }
    }

    /// Like `add(key:…)` for small non-negative keys (series indices, group numbers): an array lookup.
    @inline(__always) mutating func add(
        denseKey key: Int, dropName: Bool, t: Int64, v: Double, makeLabels: () throws(EvaluationError) -> Labels
    ) throws(EvaluationError) {
        if instant && !checkDuplicatesInInstant {
            series.append(Series(labels: try makeLabels(), points: [FPoint(t: t, v: v)], dropName: dropName))
            return
        }
        if key < dense.count {
            let i = dense[key]
            if i >= 0 {
                try append(i, t: t, v: v)
                return
            }
        } else {
            dense.append(contentsOf: repeatElement(-1, count: key + 1 - dense.count))
        }
        let labels = try makeLabels()
        if let i = byLabels[labels] {
            dense[key] = i
            try append(i, t: t, v: v)
        } else {
            let i = series.count
            byLabels[labels] = i
            dense[key] = i
            series.append(Series(labels: labels, points: [FPoint(t: t, v: v)], dropName: dropName))
            lastStep.append(t)
        }
    }

    @inline(__always) private mutating func append(_ i: Int, t: Int64, v: Double) throws(EvaluationError) {
        if lastStep[i] == t {
            throw EvaluationError(.execution, "vector cannot contain metrics with the same labelset")
        }
        lastStep[i] = t
        series[i].points.append(FPoint(t: t, v: v))
    }
}
