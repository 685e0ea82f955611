import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
@testable import KlaxonRules

/// A selector expression for `name`, built by hand so these tests do not need the parser.
func selector(_ name: String) -> Expr {
    .vectorSelector(VectorSelector(name: name, matchers: [.equal(WellKnown.metricName, name)], range: 0..<name.utf8.count))
}

/// A query whose text is `name` (the printer is not needed either).
func query(_ name: String) -> RuleQuery { RuleQuery(selector(name), text: name) }

func sample(_ labels: Labels, _ v: Double, at t: Timestamp = 0) -> Sample { Sample(labels: labels, t: t, v: v) }

/// Answers queries by query text with a function of the evaluation time and the pending samples.
struct StubQuerier: RuleQuerier {
    typealias Answer = @Sendable (Timestamp, SampleOverlay) throws -> [Sample]
    var answers: [String: Answer]

    init(_ answers: [String: Answer]) { self.answers = answers }

    /// Every query text answers with the samples of `table[t]` (missing times: empty).
    static func table(_ text: String, _ table: [Timestamp: [Sample]]) -> StubQuerier {
        StubQuerier([text: { t, _ in table[t] ?? [] }])
    }

    func instantQuery(_ query: RuleQuery, at time: Timestamp, pending: SampleOverlay) async throws -> QueryResult {
        guard let answer = answers[query.text] else {
            throw EvaluationError(.execution, "no stub answer for \(query.text)")
        }
        let samples = try answer(time, pending).map { Sample(labels: $0.labels, t: time, v: $0.v) }
        return QueryResult(value: .vector(samples))
    }
}

/// An in-memory series source; `append` plays the store for rule output.
struct ArraySeriesSource: SeriesSource {
    var series: [SeriesSamples]

    mutating func append(_ samples: [Sample]) {
        for sample in samples {
            let point = FPoint(t: sample.t, v: sample.v)
            if let index = series.firstIndex(where: { $0.labels == sample.labels }) {
                series[index].points.append(point)
            } else {
                series.append(SeriesSamples(labels: sample.labels, points: [point]))
            }
        }
    }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] {
        series.compactMap { s in
            guard matchers.allSatisfy({ $0.matches(s.labels[$0.name]) }) else { return nil }
            let points = s.points.filter { $0.t >= mint && $0.t <= maxt }
            return points.isEmpty ? nil : SeriesSamples(labels: s.labels, points: points)
        }.sorted { Labels.compare($0.labels, $1.labels) < 0 }
    }

    func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        Array(Set(series.flatMap { $0.labels.map(\.name) })).sorted()
    }

    func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        Array(Set(series.compactMap { $0.labels.has(name) ? $0.labels[name] : nil })).sorted()
    }
}

/// A source that always fails.
struct FailingSeriesSource: SeriesSource {
    struct Failure: Error, CustomStringConvertible { var description: String { "storage unavailable" } }
    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] { throw Failure() }
    func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] { throw Failure() }
    func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] {
        throw Failure()
    }
}

/// Minutes to milliseconds.
func minutes(_ m: Int64) -> Int64 { m * 60_000 }
