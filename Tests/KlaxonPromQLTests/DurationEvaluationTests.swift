import Testing

@testable import KlaxonPromQL

@Suite struct DurationEvaluationTests {
    static func window(_ text: String) throws -> DurationExpr {
        guard case .matrixSelector(let m) = try PromQL.parse(text) else { throw ParseError("", range: 0..<0, input: "") }
        return m.window
    }

    @Test("duration expressions evaluate like Prometheus's durationVisitor", arguments: [
        ("x[1h/2]", 1_800_000 as Int64), ("x[26m+4m]", 1_800_000), ("x[2m*(10+5)]", 1_800_000),
        ("x[1h30m % 1h]", 1_800_000), ("x[24m+((1.5*2m)+2m)]", 1_740_000), ("x[step()]", 15_000),
        ("x[step()+1ms]", 15_001), ("x[min_of(step()+1,1h)]", 16_000), ("x[max_of(range(), 1m)]", 600_000),
        ("x[1+(STep()-5)*2]", 21_000), ("x[2^3]", 8000),
    ])
    func evaluation(text: String, milliseconds: Int64) throws {
        let w = try Self.window(text)
        #expect(w.milliseconds(step: 15_000, range: 600_000, allowNegative: false) == .success(milliseconds))
    }

    @Test("invalid values are reported")
    func failures() throws {
        let w = try Self.window("x[step()-1m]")
        #expect(w.milliseconds(step: 15_000, range: 0, allowNegative: false)
            == .failure(.init(message: "duration must be greater than 0")))
        #expect(w.milliseconds(step: 15_000, range: 0, allowNegative: true) == .success(-45_000))
        #expect(try Self.window("x[1m/(step()-step())]").milliseconds(step: 1, range: 0, allowNegative: false)
            == .failure(.init(message: "division by zero")))
        #expect(DurationExpr.minOf(.number(.nan), .number(1)).milliseconds(step: 0, range: 0, allowNegative: true)
            == .failure(.init(message: "duration is NaN or infinite")))
        #expect(try Self.window("x[step()]").dependsOnQuery)
        #expect(try !Self.window("x[1h/2]").dependsOnQuery)
    }
}
