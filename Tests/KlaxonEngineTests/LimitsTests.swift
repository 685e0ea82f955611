import KlaxonModel
import KlaxonStorage
import Testing
@testable import KlaxonEngine

/// Sample limits, cancellation and API misuse.
@Suite struct LimitsTests {
    static let source = TestQueries.source(interval: 10_000, [
        (["__name__": "m", "i": "1"], (0..<100).map(Double.init)),
        (["__name__": "m", "i": "2"], (0..<100).map(Double.init)),
    ])

    @Test("a query that would hold too many samples fails")
    func tooManySamples() throws {
        var options = EngineOptions()
        options.maxSamples = 50
        let engine = Engine(options: options)
        let error = try #require(throws: EvaluationError.self) {
            try TestQueries.range("m", start: 0, end: 990_000, step: 10_000, Self.source, engine: engine)
        }
        #expect(error.kind == .tooManySamples)
        #expect(error.message == "query processing would load too many samples into memory in query execution")
        #expect(throws: Never.self) {
            try TestQueries.instant("sum(m)", at: 990_000, Self.source, engine: engine)
        }
    }

    @Test("a cancelled task stops the query")
    func cancellation() async throws {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try TestQueries.instant("sum(m)", at: 990_000, Self.source)
        }
        let result = await task.result
        guard case .failure(let error as EvaluationError) = result else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(error.kind == .canceled)
    }

    @Test("range queries reject range vectors, strings and bad steps")
    func rangeQueryValidation() throws {
        let e1 = try #require(throws: EvaluationError.self) {
            try TestQueries.range("m[1m]", start: 0, end: 60_000, step: 10_000, Self.source)
        }
        #expect(e1.message == "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
        let e2 = try #require(throws: EvaluationError.self) {
            try TestQueries.range("m", start: 0, end: 60_000, step: 0, Self.source)
        }
        #expect(e2.kind == .badData)
    }

    @Test("instant queries return each value type")
    func valueTypes() throws {
        #expect(try TestQueries.instant("1 + 2", at: 5_000, Self.source).value == .scalar(t: 5_000, v: 3))
        #expect(try TestQueries.instant("\"text\"", at: 5_000, Self.source).value == .string(t: 5_000, s: "text"))
        guard case .matrix(let m) = try TestQueries.instant("m[15s]", at: 20_000, Self.source).value else {
            Issue.record("expected a matrix")
            return
        }
        #expect(m.map { $0.points.map(\.t) } == [[10_000, 20_000], [10_000, 20_000]])
    }
}
