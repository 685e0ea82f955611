import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct RuleGroupTests {
    static func spec(interval: Int64? = nil, queryOffset: Int64? = nil) -> RuleGroupSpec {
        RuleGroupSpec(
            name: "g", file: "f.yaml", interval: interval, queryOffset: queryOffset, limit: 3,
            labels: [Label("team", "db"), Label("env", "prod")],
            rules: [
                RuleSpec(record: "r", exprText: "up", parsed: selector("up"), labels: [Label("env", "dev")]),
                RuleSpec(alert: "A", exprText: "up", parsed: selector("up"), for: 60_000, keepFiringFor: 30_000,
                         annotations: [Label("summary", "s")]),
            ])
    }

    @Test("group labels merge into each rule's labels, the rule winning")
    func labels() throws {
        let group = try RuleGroup(spec: Self.spec(), defaultInterval: 60_000)
        #expect(group.rules[0].labels == [Label("env", "dev"), Label("team", "db")])
        #expect(group.rules[1].labels == [Label("env", "prod"), Label("team", "db")])
        guard case .alerting(let alert) = group.rules[1] else {
            Issue.record("expected an alerting rule")
            return
        }
        #expect(alert.holdDuration == 60_000)
        #expect(alert.keepFiringFor == 30_000)
        #expect(alert.annotations == [Label("summary", "s")])
        #expect(group.key == "f.yaml;g")
        #expect(group.limit == 3)
    }

    @Test("interval and query_offset fall back to the global settings", arguments: [
        (Int64?.none, Int64?.none, Int64(60_000), Int64(5_000)),
        (0, 0, 60_000, 0),
        (30_000, 10_000, 30_000, 10_000),
    ])
    func defaults(interval: Int64?, offset: Int64?, expectedInterval: Int64, expectedOffset: Int64) throws {
        let group = try RuleGroup(
            spec: Self.spec(interval: interval, queryOffset: offset), defaultInterval: 60_000, defaultQueryOffset: 5_000)
        #expect(group.interval == expectedInterval)
        #expect(group.queryOffset == expectedOffset)
    }

    @Test("a spec with an unparsed expression is refused")
    func unparsed() {
        let spec = RuleGroupSpec(name: "g", rules: [RuleSpec(record: "r", exprText: "up(", parsed: nil)])
        #expect(throws: RuleGroup.SpecError.self) { try RuleGroup(spec: spec, defaultInterval: 60_000) }
    }
}
