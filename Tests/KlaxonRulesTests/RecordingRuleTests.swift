import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct RecordingRuleTests {
    @Test("results are renamed, given the rule's labels (an empty value removes one) and stamped")
    func apply() throws {
        let rule = RecordingRule(
            name: "job:up:sum", query: query("up"), labels: [Label("env", "prod"), Label("instance", "")])
        let out = try rule.apply([sample(["__name__": "up", "instance": "a", "job": "api"], 1, at: 99)], at: 30_000)
        #expect(out == [Sample(labels: ["__name__": "job:up:sum", "env": "prod", "job": "api"], t: 30_000, v: 1)])
    }

    @Test("a result without labels (a scalar) gets the name and labels")
    func scalar() throws {
        let rule = RecordingRule(name: "one", query: query("1"))
        #expect(try rule.apply([sample([:], 1)], at: 0) == [Sample(labels: ["__name__": "one"], t: 0, v: 1)])
    }

    @Test("the same labels twice after applying the rule's labels is an error")
    func duplicate() {
        let rule = RecordingRule(name: "r", query: query("up"), labels: [Label("instance", "")])
        let vector = [sample(["instance": "a"], 1), sample(["instance": "b"], 2)]
        let error = #expect(throws: RuleEvaluationError.self) { try rule.apply(vector, at: 0) }
        #expect(error?.message == "vector contains metrics with the same labelset after applying rule labels")
    }

    @Test("more series than the limit is an error", arguments: [(0, true), (2, true), (1, false)])
    func limit(limit: Int, accepted: Bool) {
        let rule = RecordingRule(name: "r", query: query("up"))
        let vector = [sample(["i": "a"], 1), sample(["i": "b"], 2)]
        do {
            _ = try rule.apply(vector, at: 0, limit: limit)
            #expect(accepted)
        } catch {
            #expect(!accepted)
            #expect(error.message == "exceeded limit of 1 with 2 series")
        }
    }
}
