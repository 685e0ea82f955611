import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct AlertingRuleStateTests {
    static let seriesLabels: Labels = ["__name__": "up", "job": "api"]
    static let alertLabels: Labels = ["alertname": "Down", "job": "api"]

    /// Evaluates a one-series rule once per minute; `pattern` has one character per minute: `x` the series is
    /// in the result, `.` it is not. Returns the alert's state after each evaluation (`-` when forgotten).
    static func run(_ pattern: String, forMinutes: Int64 = 0, keepFiringForMinutes: Int64 = 0) throws -> String {
        let rule = AlertingRule(
            name: "Down", query: query("up"), holdDuration: minutes(forMinutes),
            keepFiringFor: minutes(keepFiringForMinutes))
        var state = AlertingRuleState()
        var out = ""
        for (minute, character) in pattern.enumerated() {
            let ts = minutes(Int64(minute))
            var current: [Labels: Alert] = [:]
            if character == "x" {
                current[alertLabels] = Alert(state: .pending, labels: alertLabels, value: 1, activeAt: ts)
            }
            _ = try state.update(with: current, rule: rule, at: ts)
            out += state.active[alertLabels].map { String($0.state.description.prefix(1)) } ?? "-"
        }
        return out
    }

    @Test("states over time: p pending, f firing, i inactive (resolved and kept), - forgotten", arguments: [
        // pattern, for (minutes), keep_firing_for (minutes), expected
        ("xxxxxxx", 5, 0, "pppppff"),  // fires once activeAt + for <= t
        ("xxx", 0, 0, "fff"),  // for: 0 fires at once
        ("xx.x", 5, 0, "pp-p"),  // a pending alert whose condition stops is forgotten; it starts over
        ("xx..", 1, 0, "pfii"),  // a firing alert resolves and is kept
        ("xx.x", 1, 0, "pfip"),  // a resolved alert that comes back starts pending again
        ("x....", 0, 2, "fffii"),  // keep_firing_for: firing while t - keepFiringSince < 2m
        ("x.x...", 0, 2, "fffffi"),  // the condition coming back resets keepFiringSince
        ("x.x.x.", 3, 0, "p-p-p-"),  // flapping never fires
    ] as [(String, Int64, Int64, String)])
    func stateTable(pattern: String, forMinutes: Int64, keepFiringFor: Int64, expected: String) throws {
        #expect(try Self.run(pattern, forMinutes: forMinutes, keepFiringForMinutes: keepFiringFor) == expected)
    }

    @Test("a resolved alert is kept 15 minutes, then forgotten")
    func resolvedRetention() throws {
        let pattern = "x" + String(repeating: ".", count: 17)
        // resolved at minute 1; kept while t - resolvedAt <= 15m (minute 16), gone at minute 17
        #expect(try Self.run(pattern) == "f" + String(repeating: "i", count: 16) + "-")
    }

    @Test("times: activeAt, firedAt, resolvedAt and keepFiringSince")
    func times() throws {
        let rule = AlertingRule(name: "Down", query: query("up"), holdDuration: minutes(2), keepFiringFor: minutes(1))
        var state = AlertingRuleState()
        let key = Self.alertLabels
        func eval(_ minute: Int64, present: Bool) throws {
            let ts = minutes(minute)
            let current = present ? [key: Alert(state: .pending, labels: key, value: 7, activeAt: ts)] : [:]
            _ = try state.update(with: current, rule: rule, at: ts)
        }
        try eval(0, present: true)
        try eval(1, present: true)
        #expect(state.active[key]?.firedAt == nil)
        try eval(2, present: true)
        #expect(state.active[key]?.activeAt == 0)
        #expect(state.active[key]?.firedAt == minutes(2))
        try eval(3, present: false)
        #expect(state.active[key]?.state == .firing)
        #expect(state.active[key]?.keepFiringSince == minutes(3))
        try eval(4, present: false)
        #expect(state.active[key]?.state == .inactive)
        #expect(state.active[key]?.resolvedAt == minutes(4))
        #expect(state.activeAlerts.isEmpty)
        #expect(state.ruleState == .inactive)
    }

    @Test("an existing alert takes the new value and annotations but keeps activeAt")
    func valueUpdates() throws {
        let rule = AlertingRule(name: "Down", query: query("up"), holdDuration: minutes(10))
        var state = AlertingRuleState()
        let key = Self.alertLabels
        _ = try state.update(with: [key: Alert(state: .pending, labels: key, value: 1, activeAt: 0)], rule: rule, at: 0)
        let second = Alert(state: .pending, labels: key, annotations: [Label("a", "2")], value: 2, activeAt: minutes(1))
        _ = try state.update(with: [key: second], rule: rule, at: minutes(1))
        #expect(state.active[key]?.value == 2)
        #expect(state.active[key]?.annotations == [Label("a", "2")])
        #expect(state.active[key]?.activeAt == 0)
    }

    @Test("raising `for` above the time already active turns a firing alert back to pending")
    func holdDurationRaised() throws {
        var rule = AlertingRule(name: "Down", query: query("up"), holdDuration: 0)
        var state = AlertingRuleState()
        let key = Self.alertLabels
        let current = [key: Alert(state: .pending, labels: key, value: 1, activeAt: 0)]
        _ = try state.update(with: current, rule: rule, at: 0)
        _ = state.alertsToSend(at: 0, resendDelay: 60_000, groupInterval: 60_000)
        #expect(state.active[key]?.state == .firing)
        rule.holdDuration = minutes(5)
        _ = try state.update(with: current, rule: rule, at: minutes(1))
        #expect(state.active[key]?.state == .pending)
        #expect(state.active[key]?.firedAt == nil)
        #expect(state.active[key]?.lastSentAt == nil)
    }

    @Test("ALERTS and ALERTS_FOR_STATE samples for every pending or firing alert, at t - query_offset")
    func alertSeries() throws {
        let rule = AlertingRule(
            name: "Down", query: query("up"), holdDuration: minutes(1), labels: [Label("severity", "page")])
        var state = AlertingRuleState()
        let key: Labels = ["alertname": "Down", "job": "api", "severity": "page"]
        let alert = Alert(state: .pending, labels: key, value: 1, activeAt: 61_500)
        let samples = try state.update(with: [key: alert], rule: rule, at: 61_500, queryOffset: 30_000)
        #expect(samples == [
            Sample(labels: ["__name__": "ALERTS", "alertname": "Down", "alertstate": "pending", "job": "api",
                            "severity": "page"], t: 31_500, v: 1),
            Sample(labels: ["__name__": "ALERTS_FOR_STATE", "alertname": "Down", "job": "api", "severity": "page"],
                   t: 31_500, v: 61),
        ])
        let later = try state.update(with: [key: alert], rule: rule, at: 121_500, queryOffset: 30_000)
        #expect(later.first?.labels["alertstate"] == "firing")
        #expect(later.last?.v == 61)
    }

    @Test("no alert series before the state is restored")
    func notRestored() throws {
        let rule = AlertingRule(name: "Down", query: query("up"))
        var state = AlertingRuleState(restored: false)
        let key = Self.alertLabels
        let samples = try state.update(
            with: [key: Alert(state: .pending, labels: key, value: 1, activeAt: 0)], rule: rule, at: 0)
        #expect(samples.isEmpty)
        #expect(state.active[key]?.state == .firing)
    }

    @Test("ALERTS_FOR_STATE rounds activeAt down to whole seconds, also before 1970")
    func forStateRounding() {
        let rule = AlertingRule(name: "A", query: query("up"))
        let alert = Alert(state: .pending, labels: ["alertname": "A"], value: 1, activeAt: -1500)
        #expect(rule.forStateSample(for: alert, at: 0).v == -2)
    }

    @Test("more pending or firing alerts than the limit is an error and forgets every alert")
    func limit() throws {
        let rule = AlertingRule(name: "Down", query: query("up"))
        var state = AlertingRuleState()
        var current: [Labels: Alert] = [:]
        for job in ["a", "b", "c"] {
            let labels: Labels = ["alertname": "Down", "job": job]
            current[labels] = Alert(state: .pending, labels: labels, value: 1, activeAt: 0)
        }
        _ = try state.update(with: current, rule: rule, at: 0, limit: 3)
        #expect(state.active.count == 3)
        let error = #expect(throws: RuleEvaluationError.self) {
            try state.update(with: current, rule: rule, at: 60_000, limit: 2)
        }
        #expect(error?.message == "exceeded limit of 2 with 3 alerts")
        #expect(state.active.isEmpty)
    }

    @Test("resolved alerts do not count towards the limit")
    func limitIgnoresResolved() throws {
        let rule = AlertingRule(name: "Down", query: query("up"))
        var state = AlertingRuleState()
        let a: Labels = ["alertname": "Down", "job": "a"]
        let b: Labels = ["alertname": "Down", "job": "b"]
        _ = try state.update(with: [a: Alert(state: .pending, labels: a, value: 1, activeAt: 0)], rule: rule, at: 0)
        _ = try state.update(
            with: [b: Alert(state: .pending, labels: b, value: 1, activeAt: 60_000)], rule: rule, at: 60_000, limit: 1)
        #expect(state.active[a]?.state == .inactive)
        #expect(state.active[b]?.state == .firing)
    }

    @Test("rule state is the highest alert state, unknown before any evaluation")
    func ruleState() throws {
        var state = AlertingRuleState()
        #expect(state.ruleState == .unknown)
        _ = try state.update(with: [:], rule: AlertingRule(name: "A", query: query("up")), at: 0)
        #expect(state.ruleState == .inactive)
    }
}
