import KlaxonModel
import Testing
@testable import KlaxonRules

@Suite struct NotifiableAlertTests {
    @Test("generator URLs escape the expression like Go's url.QueryEscape")
    func generatorURL() {
        #expect(NotifiableAlert.tableLink(for: #"sum(rate(x{job="a b"}[5m])) > 0.5"#)
            == "/graph?g0.expr=sum%28rate%28x%7Bjob%3D%22a+b%22%7D%5B5m%5D%29%29+%3E+0.5&g0.tab=1")
        #expect(NotifiableAlert.queryEscape("ü-_.~") == "%C3%BC-_.~")
    }

    @Test("startsAt is firedAt; endsAt is resolvedAt once resolved, else validUntil")
    func times() {
        var alert = Alert(state: .firing, labels: ["alertname": "A"], value: 1, activeAt: 0, firedAt: 60_000,
                          validUntil: 300_000)
        let firing = NotifiableAlert(alert, expression: "up", externalURL: "")
        #expect(firing.startsAt == 60_000)
        #expect(firing.endsAt == 300_000)
        alert.state = .inactive
        alert.resolvedAt = 120_000
        #expect(NotifiableAlert(alert, expression: "up", externalURL: "").endsAt == 120_000)
    }
}
