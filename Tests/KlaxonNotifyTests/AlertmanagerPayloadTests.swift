import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct AlertmanagerPayloadTests {
    @Test("a PostableAlert is written field by field as go-openapi writes it")
    func fieldByField() {
        let payload = AlertmanagerPayload.json([
            alert(
                "HighLatency", ["job": "api"],
                annotations: [Label("summary", "p99 > 1s"), Label("description", "<b>&")], startsAt: march1 + 123)
        ])
        let expected =
            #"[{"annotations":{"description":"\u003cb\u003e\u0026","summary":"p99 \u003e 1s"},"#
            + #""endsAt":"2024-03-01T12:04:00.000Z","startsAt":"2024-03-01T12:00:00.123Z","#
            + #""generatorURL":"http://prom:9090/graph?g0.expr=up\u0026g0.tab=1","#
            + #""labels":{"alertname":"HighLatency","job":"api"}}]"#
        #expect(payload == expected)
    }

    @Test("empty annotations and an empty generatorURL are omitted; the times never are")
    func omitEmpty() {
        let payload = AlertmanagerPayload.json([alert("A", generatorURL: ""), alert("B")])
        #expect(payload.hasPrefix(#"[{"endsAt":"2024-03-01T12:04:00.000Z","startsAt":"2024-03-01T12:00:00.000Z","labels":{"alertname":"A"}},"#))
        #expect(!payload.contains("annotations"))
        #expect(AlertmanagerPayload.json([]) == "[]")
    }

    @Test("control characters, quotes and line separators are escaped as Go does")
    func escaping() {
        let payload = AlertmanagerPayload.json([
            alert("A", annotations: [Label("x", "a\"b\\c\n\t\u{08}\u{0C}\u{01}\u{2028}é")], generatorURL: "")
        ])
        #expect(payload.contains(#"{"x":"a\"b\\c\n\t\b\f\u0001\u2028é"}"#))
    }

    @Test("annotations are sorted by name and a repeated name keeps its last value")
    func annotationOrder() {
        let a = NotificationAlert(
            labels: ["alertname": "A"], annotations: [Label("z", "1"), Label("a", "2"), Label("z", "3")],
            startsAt: 0, endsAt: 0)
        #expect(a.annotations == [Label("a", "2"), Label("z", "3")])
    }
}
