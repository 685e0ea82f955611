public import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage

/// The outcome of replaying one recorded case through Klaxon.
public struct DifferentialOutcome: Sendable, Equatable {
    public var id: String
    public var expr: String
    /// Nil when Klaxon's answer matches the reference; otherwise `expected …, got …`.
    public var mismatch: String?

    public var passed: Bool { mismatch == nil }

    /// `s1-004-resets: resets(x[10m]): expected …, got …` or `…: ok`.
    public var reportLine: String { "\(id): \(expr): \(mismatch ?? "ok")" }
}

/// Replays recorded reference answers through Klaxon's engine: the result type, the label sets (and their order
/// for `sort`/`sort_desc`), timestamps, and values to `tolerance` relative (NaN equals NaN).
public struct DifferentialReplay: Sendable {
    public var engine: Engine
    /// Relative tolerance of values: 1e-9, enough for summation-order differences between engines.
    public var tolerance: Double

    /// Makes the store the fixture's data is loaded into.
    public var makeStore: @Sendable () -> any ConformanceStore

    public init(
        engine: Engine = Engine(), tolerance: Double = 1e-9,
        makeStore: @escaping @Sendable () -> any ConformanceStore = ConformanceStoreKind.memory.factory
    ) {
        self.engine = engine
        self.tolerance = tolerance
        self.makeStore = makeStore
    }

    /// Loads the fixture's data and replays every recorded case (cases without an answer are left out).
    public func run(_ fixture: DifferentialFixture) -> [DifferentialOutcome] {
        var store = makeStore()
        var loadProblem: String?
        for series in fixture.series {
            let labels = Labels(series.labels)
            for (t, v) in series.samples {
                do {
                    try store.append(labels, t: t, v: v)
                } catch {
                    loadProblem = loadProblem ?? "cannot load the fixture: \(error)"
                }
            }
        }
        return fixture.cases.compactMap { c in
            guard let answer = c.answer else { return nil }
            if let loadProblem { return DifferentialOutcome(id: c.id, expr: c.expr, mismatch: loadProblem) }
            return DifferentialOutcome(id: c.id, expr: c.expr, mismatch: compare(c, answer, store: store))
        }
    }

    private func compare(_ c: DifferentialCase, _ answer: RecordedAnswer, store: any ConformanceStore) -> String? {
        let expr: Expr
        do {
            expr = try PromQL.parse(c.expr)
        } catch {
            return "expected the expression to parse, got \(error.description)"
        }
        let result: QueryResult
        do {
            if let range = c.range {
                result = try engine.rangeQuery(expr, start: range.start, end: range.end, step: range.step, source: store)
            } else {
                result = try engine.instantQuery(expr, at: c.time ?? 0, source: store)
            }
        } catch {
            return "expected \(answer.resultType), got error: \(error.message)"
        }
        return compare(result.value, answer, ordered: c.ordered)
    }

    func compare(_ value: QueryValue, _ answer: RecordedAnswer, ordered: Bool) -> String? {
        guard value.typeName == answer.resultType else {
            return "expected \(answer.resultType), got \(ResultComparison.summary(of: value))"
        }
        switch value {
        case .scalar(let t, let v):
            guard let expected = answer.value.flatMap(GoNumber.parseFloat) else { return "unreadable recorded scalar" }
            if !FloatComparison.almostEqual(expected, v, epsilon: tolerance) {
                return "expected scalar \(answer.value ?? ""), got \(FloatComparison.format(v))"
            }
            if let at = answer.time, at != t { return "expected scalar at \(at), got it at \(t)" }
            return nil
        case .string(_, let s):
            return s == answer.value ? nil : "expected string \(GoQuote.quote(answer.value ?? "")), got \(GoQuote.quote(s))"
        case .vector(let samples):
            let actual = samples.map { SeriesSamples(labels: $0.labels, points: [FPoint(t: $0.t, v: $0.v)]) }
            return compareSeries(actual, answer.series ?? [], ordered: ordered)
        case .matrix(let series):
            return compareSeries(series, answer.series ?? [], ordered: false)
        }
    }

    private func compareSeries(_ actual: [SeriesSamples], _ recorded: [RecordedSeries], ordered: Bool) -> String? {
        var expected: [Labels: RecordedSeries] = [:]
        for r in recorded { expected[Labels(r.labels)] = r }
        var seen = Set<Labels>()
        for (i, s) in actual.enumerated() {
            guard let r = expected[s.labels] else {
                return "expected no series \(s.labels), got \(ResultComparison.renderPoints(s.points))"
            }
            guard seen.insert(s.labels).inserted else { return "expected one series \(s.labels), got several" }
            if ordered, i < recorded.count, Labels(recorded[i].labels) != s.labels {
                return "expected \(Labels(recorded[i].labels)) at position \(i + 1), got \(s.labels)"
            }
            guard r.t.count == s.points.count, r.v.count == r.t.count else {
                return "expected \(s.labels) with \(r.t.count) points, got \(s.points.count): \(ResultComparison.renderPoints(s.points))"
            }
            for (k, point) in s.points.enumerated() {
                guard let v = GoNumber.parseFloat(r.v[k]) else { return "unreadable recorded value \(r.v[k])" }
                if point.t != r.t[k] {
                    return "expected \(s.labels) point \(k + 1) at \(r.t[k]), got it at \(point.t)"
                }
                if !FloatComparison.almostEqual(v, point.v, epsilon: tolerance) {
                    return "expected \(s.labels) \(r.v[k]) at \(r.t[k]), got \(FloatComparison.format(point.v))"
                }
            }
        }
        for r in recorded where !seen.contains(Labels(r.labels)) {
            return "expected \(Labels(r.labels)) \(r.v.prefix(3).joined(separator: " "))…, got no such series"
        }
        return nil
    }
}
