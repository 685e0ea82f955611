import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct WebhookMessageTests {
    @Test("a firing alert is written field by field as Alertmanager's webhook notifier writes it")
    func fieldByField() {
        let message = WebhookMessage(
            receiver: "team.ops",
            alerts: [alert("HighLatency", ["job": "api"], annotations: [Label("summary", "slow")], startsAt: march1 + 123)],
            at: march1 + 60_000, externalURL: "http://klaxon:9090")
        let expected =
            #"{"receiver":"team\\.ops","status":"firing","alerts":[{"status":"firing","#
            + #""labels":{"alertname":"HighLatency","job":"api"},"annotations":{"summary":"slow"},"#
            + #""startsAt":"2024-03-01T12:00:00.123Z","endsAt":"0001-01-01T00:00:00Z","#
            + #""generatorURL":"http://prom:9090/graph?g0.expr=up\u0026g0.tab=1","fingerprint":"144419c8ae624785"}],"#
            + #""groupLabels":{},"commonLabels":{"alertname":"HighLatency","job":"api"},"#
            + #""commonAnnotations":{"summary":"slow"},"externalURL":"http://klaxon:9090","version":"4","#
            + #""groupKey":"{}:{}","truncatedAlerts":0}"# + "\n"
        #expect(message.json == expected)
    }

    @Test("a resolved alert keeps its end time; the group is resolved only when every alert is")
    func resolved() {
        let resolved = alert("Gone", endsAt: march1 + 30_500)
        let firing = alert("Here")
        let mixed = WebhookMessage(receiver: "r", alerts: [resolved, firing], at: march1 + 60_000, externalURL: "")
        #expect(mixed.status == "firing")
        #expect(mixed.alerts.map(\.status) == ["resolved", "firing"])
        #expect(mixed.json.contains(#""endsAt":"2024-03-01T12:00:30.5Z""#))
        let allResolved = WebhookMessage(receiver: "r", alerts: [resolved], at: march1 + 60_000, externalURL: "")
        #expect(allResolved.status == "resolved")
        #expect(allResolved.json.hasPrefix(#"{"receiver":"r","status":"resolved","alerts":[{"status":"resolved""#))
    }

    @Test("an alert whose endsAt is exactly the reference time is resolved")
    func boundary() {
        let message = WebhookMessage(receiver: "r", alerts: [alert("A", endsAt: march1)], at: march1, externalURL: "")
        #expect(message.status == "resolved")
    }

    @Test("common labels and annotations keep what every alert shares; a missing annotation reads as empty")
    func common() {
        let a = alert("A", ["job": "api", "env": "prod"], annotations: [Label("runbook", "r1"), Label("empty", "")])
        let b = alert("A", ["job": "db", "env": "prod"], annotations: [Label("runbook", "r1")])
        let message = WebhookMessage(receiver: "r", alerts: [a, b], at: march1, externalURL: "")
        #expect(message.commonLabels == [Label("alertname", "A"), Label("env", "prod")])
        #expect(message.commonAnnotations == [Label("empty", ""), Label("runbook", "r1")])
    }

    @Test(
        "max_alerts keeps the first alerts and counts the rest",
        arguments: [(UInt64(0), 5, UInt64(0)), (2, 2, 3), (5, 5, 0), (9, 5, 0)])
    func truncation(maxAlerts: UInt64, kept: Int, truncated: UInt64) {
        let alerts = (0..<5).map { alert("A\($0)") }
        let message = WebhookMessage(receiver: "r", alerts: alerts, at: march1, maxAlerts: maxAlerts, externalURL: "")
        #expect(message.alerts.count == kept)
        #expect(message.alerts.first?.labels["alertname"] == "A0")
        #expect(message.truncatedAlerts == truncated)
        #expect(message.json.hasSuffix(",\"truncatedAlerts\":\(truncated)}\n"))
    }

    @Test("the receiver name is quoted like regexp.QuoteMeta")
    func quoteMeta() {
        #expect(WebhookMessage.quoteMeta(#"a.b+c*d?e(f)g|h[i]j{k}l^m$n\o"#) == #"a\.b\+c\*d\?e\(f\)g\|h\[i\]j\{k\}l\^m\$n\\o"#)
        #expect(WebhookMessage.quoteMeta("plain-name_1") == "plain-name_1")
    }

    @Test("the fingerprint is the labels' FNV-1a in 16 hex digits, zero-padded")
    func fingerprint() {
        let message = WebhookMessage(receiver: "r", alerts: [alert("HighLatency", ["job": "api"])], at: 0, externalURL: "")
        #expect(message.alerts[0].fingerprint == "144419c8ae624785")
        #expect(Labels().fingerprintHex == "cbf29ce484222325")
    }
}
