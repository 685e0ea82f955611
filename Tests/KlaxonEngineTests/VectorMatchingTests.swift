import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// Binary operators between vectors: matching rules and Prometheus's error texts.
@Suite struct VectorMatchingTests {
    static let source = TestQueries.source(interval: 60_000, [
        (["__name__": "a", "job": "x", "i": "1"], [1]),
        (["__name__": "a", "job": "x", "i": "2"], [2]),
        (["__name__": "b", "job": "x"], [10]),
        (["__name__": "b", "job": "y"], [20]),
        (["__name__": "c", "job": "x", "i": "1"], [3]),
    ])

    @Test(
        "matching errors",
        arguments: [
            (
                "a + on(job) b",
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
            ),
            (
                "b * on(job) group_left a",
                "found duplicate series for the match group {job=\"x\"} on the right hand-side of the operation: [{__name__=\"a\", i=\"2\", job=\"x\"}, {__name__=\"a\", i=\"1\", job=\"x\"}];many-to-many matching not allowed: matching labels must be unique on one side"
            ),
            (
                "a * on(job) group_right b",
                "found duplicate series for the match group {job=\"x\"} on the left hand-side of the operation: [{__name__=\"a\", i=\"2\", job=\"x\"}, {__name__=\"a\", i=\"1\", job=\"x\"}];many-to-many matching not allowed: matching labels must be unique on one side"
            ),
            ("label_replace(a, \"i\", \"\", \"\", \"\")", "vector cannot contain metrics with the same labelset"),
        ])
    func errors(query: String, message: String) throws {
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.instant(query, at: 0, Self.source)
        }
        #expect(error.message == message)
    }

    @Test(
        "matching results",
        arguments: [
            ("a * on(job) group_left b", ["{i=\"1\", job=\"x\"}": 10.0, "{i=\"2\", job=\"x\"}": 20.0]),
            ("a - ignoring(i) group_left b", ["{i=\"1\", job=\"x\"}": -9, "{i=\"2\", job=\"x\"}": -8]),
            ("a + c", ["{i=\"1\", job=\"x\"}": 4]),
            ("b + on(job) group_right a", ["{i=\"1\", job=\"x\"}": 11, "{i=\"2\", job=\"x\"}": 12]),
            ("a > on(job, i) c", [:]),
            ("c > on(job, i) a", ["{i=\"1\", job=\"x\"}": 3]),
            ("c > bool on(job, i) a", ["{i=\"1\", job=\"x\"}": 1]),
            ("a and c", ["a{i=\"1\", job=\"x\"}": 1]),
            ("a unless c", ["a{i=\"2\", job=\"x\"}": 2]),
            ("c or b", ["c{i=\"1\", job=\"x\"}": 3, "b{job=\"x\"}": 10, "b{job=\"y\"}": 20]),
            ("a + on(job) group_left fill_right(0) b", ["{i=\"1\", job=\"x\"}": 11, "{i=\"2\", job=\"x\"}": 12]),
            ("c + fill(100) a", ["{i=\"1\", job=\"x\"}": 4, "{i=\"2\", job=\"x\"}": 102]),
            ("a % 2", ["{i=\"1\", job=\"x\"}": 1, "{i=\"2\", job=\"x\"}": 0]),
            ("-7 % a", ["{i=\"1\", job=\"x\"}": -0.0, "{i=\"2\", job=\"x\"}": -1]),
            ("2 ^ a", ["{i=\"1\", job=\"x\"}": 2, "{i=\"2\", job=\"x\"}": 4]),
            ("a atan2 c", ["{i=\"1\", job=\"x\"}": 0.3217505543966422]),
            ("a == 2", ["a{i=\"2\", job=\"x\"}": 2]),
            ("2 == bool a", ["{i=\"1\", job=\"x\"}": 0, "{i=\"2\", job=\"x\"}": 1]),
        ])
    func results(query: String, expected: [String: Double]) throws {
        let got = TestQueries.vector(try TestQueries.instant(query, at: 0, Self.source))
        #expect(Set(got.keys) == Set(expected.keys))
        for (k, v) in expected {
            let g = got[k] ?? .nan
            #expect(g == v || Swift.abs(g - v) <= 1e-15 * Swift.abs(v), "\(k): \(g) vs \(v)")
        }
    }
}
