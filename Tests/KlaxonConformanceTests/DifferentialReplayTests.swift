import Foundation
import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonConformance

/// Replays the answers Prometheus 2.42 gave (recorded by scripts/differential/record.sh) through Klaxon.
/// Needs no Prometheus: everything comes from Tests/Fixtures/differential/*.json.
@Suite struct DifferentialReplayTests {
    @Test("Klaxon matches the recorded Prometheus 2.42 answers at least as often as the floor")
    func replayRecordedAnswers() throws {
        let names = DifferentialFixtures.names
        try #require(!names.isEmpty, "no recorded fixtures in \(DifferentialFixtures.directory.path): run scripts/differential/record.sh")
        var outcomes: [DifferentialOutcome] = []
        var references = Set<String>()
        for name in names {
            let fixture = try DifferentialFixtures.load(name)
            references.insert(fixture.reference ?? "unknown")
            outcomes += DifferentialReplay().run(fixture)
        }
        let passed = outcomes.count { $0.passed }
        let floor = try DifferentialFixtures.floor()
        print(
            "differential: replayed \(outcomes.count) answers recorded from \(references.sorted().joined(separator: ", ")) "
                + "(Prometheus is not needed to run this test): \(passed) pass, \(outcomes.count - passed) fail (floor \(floor))")
        for outcome in outcomes.filter({ !$0.passed }).prefix(15) { print("  \(outcome.reportLine)") }
        #expect(outcomes.count >= 300)
        #expect(passed >= floor, "\(passed) of \(outcomes.count) differential cases pass; the floor is \(floor)")
    }

    private let replay = DifferentialReplay()

    private func vector(_ pairs: [(Labels, Double)], t: Int64 = 1000) -> QueryValue {
        .vector(pairs.map { Sample(labels: $0.0, t: t, v: $0.1) })
    }

    private func answer(_ type: String, _ series: [([String: String], [Int64], [String])]) -> RecordedAnswer {
        RecordedAnswer(resultType: type, series: series.map { RecordedSeries(labels: $0.0, t: $0.1, v: $0.2) })
    }

    @Test("vectors compare as sets unless ordered; values to 1e-9 relative; NaN equals NaN")
    func vectors() {
        let recorded = answer("vector", [(["a": "1"], [1000], ["1.5"]), (["a": "2"], [1000], ["NaN"])])
        let same = vector([(["a": "2"], .nan), (["a": "1"], 1.5 * (1 + 1e-12))])
        #expect(replay.compare(same, recorded, ordered: false) == nil)
        #expect(replay.compare(same, recorded, ordered: true) != nil)
        #expect(replay.compare(vector([(["a": "1"], 1.5), (["a": "2"], 0)]), recorded, ordered: false) != nil)
        #expect(replay.compare(vector([(["a": "1"], 1.5)]), recorded, ordered: false) != nil)
        #expect(replay.compare(vector([(["a": "1"], 1.5 * (1 + 1e-8)), (["a": "2"], .nan)]), recorded, ordered: false) != nil)
        #expect(replay.compare(vector([(["a": "1"], 1.5), (["a": "2"], .nan)], t: 999), recorded, ordered: false) != nil)
    }

    @Test("result types, scalars, strings and matrices")
    func otherTypes() {
        let scalar = RecordedAnswer(resultType: "scalar", value: "+Inf", time: 5)
        #expect(replay.compare(.scalar(t: 5, v: .infinity), scalar, ordered: false) == nil)
        #expect(replay.compare(.scalar(t: 5, v: 1), scalar, ordered: false) != nil)
        #expect(replay.compare(.vector([]), scalar, ordered: false) != nil)
        let string = RecordedAnswer(resultType: "string", value: "a\tb", time: 5)
        #expect(replay.compare(.string(t: 5, s: "a\tb"), string, ordered: false) == nil)
        let matrix = answer("matrix", [(["a": "1"], [0, 60_000], ["1", "2"])])
        let good = SeriesSamples(labels: ["a": "1"], points: [FPoint(t: 0, v: 1), FPoint(t: 60_000, v: 2)])
        let short = SeriesSamples(labels: ["a": "1"], points: [FPoint(t: 0, v: 1)])
        #expect(replay.compare(.matrix([good]), matrix, ordered: false) == nil)
        #expect(replay.compare(.matrix([short]), matrix, ordered: false) != nil)
        #expect(replay.compare(.matrix([]), matrix, ordered: false) != nil)
    }
}

/// The recorded fixtures obey the rules that keep Prometheus 2.42 and 3.x from disagreeing.
@Suite struct DifferentialFixtureRulesTests {
    @Test("samples and query times sit on their own millisecond fractions; counters are gapless", arguments: DifferentialFixtures.names)
    func construction(_ name: String) throws {
        let fixture = try DifferentialFixtures.load(name)
        let sampleFractions = Set(DifferentialDataset.sampleFractions)
        let queryFractions = Set(DifferentialDataset.queryFractions)
        #expect(sampleFractions.isDisjoint(with: queryFractions) && !sampleFractions.contains(0) && !queryFractions.contains(0))
        for s in fixture.series {
            #expect(sampleFractions.contains(s.start % 1000), "\(s.labels)")
            #expect(s.interval % 1000 == 0 && s.interval >= 15_000 && s.interval <= 60_000)
            #expect(s.values.allSatisfy { $0.map(\.isFinite) ?? true })
            if s.labels["__name__"]?.hasSuffix("_total") == true || s.labels["__name__"]?.hasPrefix("request_duration") == true {
                #expect(s.values.allSatisfy { $0 != nil } && s.start - DifferentialDataset.base < 1000, "\(s.labels)")
            }
        }
        for c in fixture.cases {
            if let t = c.time {
                #expect(queryFractions.contains(t % 1000) && t >= DifferentialDataset.earliestQuery, "\(c.id)")
            }
            if let r = c.range {
                #expect(queryFractions.contains(r.start % 1000) && r.step % 1000 == 0 && r.end >= r.start, "\(c.id)")
                #expect(r.start >= DifferentialDataset.earliestQuery, "\(c.id)")
            }
            #expect((c.time == nil) != (c.range == nil), "\(c.id)")
            #expect(c.answer != nil, "\(c.id)")
            for at in Self.atTimes(in: c.expr) {
                #expect(queryFractions.contains(at % 1000) && at >= DifferentialDataset.earliestQuery, "\(c.id): @ \(at)")
            }
        }
    }

    /// Millisecond times written after `@ ` in an expression.
    static func atTimes(in expr: String) -> [Int64] {
        expr.components(separatedBy: "@ ").dropFirst().compactMap { rest in
            let text = rest.prefix { $0.isNumber || $0 == "." }
            let parts = text.split(separator: ".")
            guard parts.count == 2, let s = Int64(parts[0]), let ms = Int64(parts[1]) else { return nil }
            return s * 1000 + ms
        }
    }
}

@Suite struct DifferentialGeneratorTests {
    @Test("the same seed gives the same fixture, another seed another one")
    func deterministic() {
        let a = DifferentialGenerator(seed: 9).makeFixture(cases: 60)
        #expect(a == DifferentialGenerator(seed: 9).makeFixture(cases: 60))
        #expect(a != DifferentialGenerator(seed: 10).makeFixture(cases: 60))
    }

    @Test("recorded fixtures are what the generator makes now (else re-record)", arguments: DifferentialFixtures.names)
    func fixturesAreCurrent(_ name: String) throws {
        let recorded = try DifferentialFixtures.load(name)
        let fresh = DifferentialGenerator(seed: recorded.seed).makeFixture(cases: recorded.cases.count)
        #expect(fresh.series == recorded.series, "data of \(name) differs from the generator's: run scripts/differential/record.sh")
        let freshCases = Dictionary(uniqueKeysWithValues: fresh.cases.map { ($0.id, $0) })
        for c in recorded.cases {
            var plain = c
            plain.answer = nil
            #expect(freshCases[c.id] == plain, "case \(c.id) of \(name) differs from the generator's")
        }
    }

    /// Functions Klaxon has that the differential fixtures leave out, and why.
    static let uncoveredFunctions: [FunctionID: String] = [
        .info: "3.x only", .madOverTime: "3.x only", .firstOverTime: "3.x only", .tsOfFirstOverTime: "3.x only",
        .tsOfLastOverTime: "3.x only", .tsOfMaxOverTime: "3.x only", .tsOfMinOverTime: "3.x only",
        .sortByLabel: "3.x only", .sortByLabelDesc: "3.x only", .start: "3.x only", .end: "3.x only", .range: "3.x only",
        .step: "3.x only", .startTimestamp: "3.x only", .histogramQuantiles: "3.x only",
        .histogramCount: "native histograms", .histogramSum: "native histograms", .histogramAvg: "native histograms",
        .histogramStddev: "native histograms", .histogramStdvar: "native histograms",
        .histogramFraction: "2.42 supports native histograms only", .minOf: "3.x only", .maxOf: "3.x only",
    ]

    /// Operators Klaxon has that the differential fixtures leave out, and why.
    static let uncoveredOperators: [BinaryOperator: String] = [.trimUpper: "native histograms, 3.x only", .trimLower: "native histograms, 3.x only"]

    @Test("every function, aggregation and operator of both engines appears in the recorded fixtures")
    func coverage() throws {
        var exprs = ""
        for name in DifferentialFixtures.names {
            exprs += try DifferentialFixtures.load(name).cases.map(\.expr).joined(separator: "\n") + "\n"
        }
        var missing: [String] = QueryTemplate.coveredNames.filter { !exprs.contains($0) }
        for f in FunctionID.allCases where Self.uncoveredFunctions[f] == nil && !exprs.contains(f.rawValue + "(") {
            missing.append("function \(f.rawValue)")
        }
        for op in AggregateOp.allCases where ![.limitk, .limitRatio].contains(op) && !exprs.contains(op.rawValue) {
            missing.append("aggregation \(op.rawValue)")
        }
        for op in BinaryOperator.allCases where Self.uncoveredOperators[op] == nil && !exprs.contains(" \(op.rawValue) ") {
            missing.append("operator \(op.rawValue)")
        }
        #expect(missing == [])
    }
}
