import KlaxonEngine
import KlaxonModel
import KlaxonPromQL
import KlaxonStorage
import Testing
@testable import KlaxonConformance

@Suite struct ResultComparisonTests {
    private func eval(_ body: String, timing: String = "instant at 1m") throws -> EvalCommand {
        let script = TestScript(parsing: "eval \(timing) x\n\(body)", file: "t.test")
        #expect(script.problems == [])
        return try #require(script.evals.first)
    }

    private func sample(_ labels: Labels, _ v: Double) -> Sample { Sample(labels: labels, t: 60_000, v: v) }

    @Test("vectors: order does not matter, labels must match exactly, values within 1e-6")
    func vectors() throws {
        let e = try eval("  foo{a=\"1\"} 1\n  {a=\"2\"} 2")
        let good = QueryValue.vector([sample(["a": "2"], 2.000_000_1), sample(["__name__": "foo", "a": "1"], 1)])
        #expect(ResultComparison.checkValue(good, for: e) == nil)
        let renamed = QueryValue.vector([sample(["a": "2"], 2), sample(["a": "1"], 1)])
        #expect(ResultComparison.checkValue(renamed, for: e)?.expected == "no series {a=\"1\"}")
        let off = QueryValue.vector([sample(["a": "2"], 2.1), sample(["__name__": "foo", "a": "1"], 1)])
        #expect(ResultComparison.checkValue(off, for: e) == Mismatch(expected: "{a=\"2\"} 2", got: "2.1"))
        let missing = QueryValue.vector([sample(["a": "2"], 2)])
        #expect(ResultComparison.checkValue(missing, for: e)?.got == "no such series")
        let duplicate = QueryValue.vector([sample(["a": "2"], 2), sample(["a": "2"], 2), sample(["__name__": "foo", "a": "1"], 1)])
        #expect(ResultComparison.checkValue(duplicate, for: e) != nil)
    }

    @Test("no result lines means an empty vector, and a scalar does not match it")
    func emptyResult() throws {
        let e = try eval("")
        #expect(ResultComparison.checkValue(.vector([]), for: e) == nil)
        #expect(ResultComparison.checkValue(.matrix([]), for: e) == nil)
        #expect(ResultComparison.checkValue(.scalar(t: 0, v: 1), for: e) != nil)
    }

    @Test("expect ordered compares positions")
    func ordered() throws {
        let e = try eval("  expect ordered\n  {a=\"1\"} 1\n  {a=\"2\"} 2")
        #expect(ResultComparison.checkValue(.vector([sample(["a": "1"], 1), sample(["a": "2"], 2)]), for: e) == nil)
        #expect(ResultComparison.checkValue(.vector([sample(["a": "2"], 2), sample(["a": "1"], 1)]), for: e) != nil)
        #expect(ResultComparison.checkValue(.matrix([]), for: e) != nil)
    }

    @Test("scalars and strings")
    func scalarsAndStrings() throws {
        let scalar = try eval("  NaN")
        #expect(ResultComparison.checkValue(.scalar(t: 0, v: .nan), for: scalar) == nil)
        #expect(ResultComparison.checkValue(.scalar(t: 0, v: StaleMarker.value), for: scalar) != nil)
        #expect(ResultComparison.checkValue(.vector([]), for: scalar) != nil)
        let string = try eval("  expect string \"a\"")
        #expect(ResultComparison.checkValue(.string(t: 0, s: "a"), for: string) == nil)
        #expect(ResultComparison.checkValue(.string(t: 0, s: "b"), for: string) != nil)
        #expect(ResultComparison.checkValue(.vector([]), for: string) != nil)
    }

    @Test("range results: sorted by labels, points at start + k×step, _ and missing trailing points")
    func matrices() throws {
        let e = try eval("  {a=\"1\"} 1 _ 3\n  {a=\"2\"} 5", timing: "range from 0 to 3m step 1m")
        let a = SeriesSamples(labels: ["a": "1"], points: [FPoint(t: 0, v: 1), FPoint(t: 120_000, v: 3)])
        let b = SeriesSamples(labels: ["a": "2"], points: [FPoint(t: 0, v: 5)])
        #expect(ResultComparison.checkValue(.matrix([a, b]), for: e) == nil)
        #expect(ResultComparison.checkValue(.matrix([b, a]), for: e)?.expected == "a matrix sorted by labels")
        let extra = SeriesSamples(labels: ["a": "2"], points: [FPoint(t: 0, v: 5), FPoint(t: 60_000, v: 5)])
        #expect(ResultComparison.checkValue(.matrix([a, extra]), for: e) != nil)
        let shifted = SeriesSamples(labels: ["a": "1"], points: [FPoint(t: 0, v: 1), FPoint(t: 60_000, v: 3)])
        #expect(ResultComparison.checkValue(.matrix([shifted, b]), for: e) != nil)
        let tooMany = try eval("  {a=\"1\"} 1 2 3 4 5", timing: "range from 0 to 3m step 1m")
        #expect(ResultComparison.checkValue(.matrix([a]), for: tooMany) != nil)
    }

    @Test("a range vector from an instant query uses the expect range vector steps")
    func rangeVector() throws {
        let e = try eval("  expect range vector from 10s to 30s step 10s\n  foo 1 _ 3")
        let s = SeriesSamples(labels: ["__name__": "foo"], points: [FPoint(t: 10_000, v: 1), FPoint(t: 30_000, v: 3)])
        #expect(ResultComparison.checkValue(.matrix([s]), for: e) == nil)
        let plain = try eval("  foo 1")
        #expect(ResultComparison.checkValue(.matrix([s]), for: plain) != nil)
    }

    @Test("annotations: each expected line matches one, every actual one matches a line")
    func annotations() throws {
        var warned = Annotations()
        warned.warn("PromQL warning: a")
        warned.warn("PromQL warning: b")
        let bare = try eval("  expect warn")
        #expect(ResultComparison.checkAnnotations(warned, for: bare) == nil)
        #expect(ResultComparison.checkAnnotations(Annotations(), for: bare) != nil)
        let one = try eval("  expect warn msg: PromQL warning: a")
        #expect(ResultComparison.checkAnnotations(warned, for: one) != nil)
        let both = try eval("  expect warn msg: PromQL warning: a\n  expect warn regex: w.rning: b$")
        #expect(ResultComparison.checkAnnotations(warned, for: both) == nil)
        let none = try eval("  expect no_warn")
        #expect(ResultComparison.checkAnnotations(warned, for: none) != nil)
        #expect(ResultComparison.checkAnnotations(warned, for: try eval("")) == nil)
        var informed = Annotations()
        informed.info("PromQL info: x")
        #expect(ResultComparison.checkAnnotations(informed, for: try eval("  expect no_info")) != nil)
        #expect(ResultComparison.checkAnnotations(informed, for: none) == nil)
        let legacy = try #require(TestScript(parsing: "eval_info instant at 0 x", file: "t").evals.first)
        #expect(ResultComparison.checkAnnotations(informed, for: legacy) == nil)
        #expect(ResultComparison.checkAnnotations(warned, for: legacy) != nil)
    }

    @Test("failures: expected or not, message and regex")
    func failures() throws {
        #expect(ResultComparison.checkFailure("boom", for: try eval("")) != nil)
        #expect(ResultComparison.checkFailure("boom", for: try eval("  expect fail")) == nil)
        #expect(ResultComparison.checkFailure("boom", for: try eval("  expect fail msg: boom")) == nil)
        #expect(ResultComparison.checkFailure("boom!", for: try eval("  expect fail msg: boom")) != nil)
        #expect(ResultComparison.checkFailure("a conflicting label", for: try eval("  expect fail regex: conflicting")) == nil)
        let success = QueryResult(value: .vector([]))
        #expect(ResultComparison.check(success, for: try eval("  expect fail")) != nil)
    }
}

@Suite struct FloatComparisonTests {
    @Test(
        "almost-equal follows the script rules",
        arguments: [
            (1.0, 1.0, true), (1.0, 1.000_000_1, true), (1.0, 1.00001, false), (0.0, 1e-300, false),
            (0.0, 0.0, true), (-0.0, 0.0, true), (Double.infinity, .infinity, true), (Double.infinity, -.infinity, false),
            (Double.nan, .nan, true), (Double.nan, 1, false), (StaleMarker.value, .nan, false),
            (StaleMarker.value, StaleMarker.value, true),
        ] as [(Double, Double, Bool)])
    func almostEqual(a: Double, b: Double, equal: Bool) {
        #expect(FloatComparison.almostEqual(a, b) == equal)
        #expect(FloatComparison.almostEqual(b, a) == equal)
    }
}

@Suite struct GoNumberTests {
    @Test(
        "scalar lines parse like Go's ParseInt(s, 0, 64) then ParseFloat",
        arguments: [
            ("3000", 3000.0), ("-1", -1), ("0x10", 16), ("010", 8), ("0b11", 3), ("1e3", 1000), (".5", 0.5), ("2.", 2),
            ("+Inf", .infinity), ("-inf", -.infinity), ("Infinity", .infinity), ("1.5e-3", 0.0015),
        ] as [(String, Double)])
    func numbers(text: String, value: Double) {
        #expect(GoNumber.parse(text) == value)
    }

    @Test("NaN parses as NaN")
    func nan() { #expect(GoNumber.parse("NaN")?.isNaN == true) }

    @Test("series rows are not numbers", arguments: ["foo", "{} 1", "1 2", "", "e5", "1e", "0x", "Inf1", "1_000"])
    func notNumbers(text: String) { #expect(GoNumber.parse(text) == nil) }
}
