import KlaxonModel
import Testing
@testable import KlaxonTemplate

/// Alert label and annotation templates as Prometheus's alerting rules expand them.
@Suite struct AlertTemplateTests {
    static let data = AlertTemplateData(
        labels: ["alertname": "CephOSDDown", "instance": "ceph-3:9283", "ceph_daemon": "osd.7", "hostname": "ceph-3"],
        externalLabels: ["cluster": "lab"], externalURL: "https://prom.lab.example", value: 2)

    static let querier = FixedQuerier(samples: [
        Sample(labels: ["ceph_daemon": "osd.7", "hostname": "ceph-3"], t: 0, v: 2),
        Sample(labels: ["ceph_daemon": "osd.9", "hostname": "ceph-4"], t: 0, v: 2),
    ])

    static let context = TemplateContext(
        time: 1_700_000_000_000, querier: querier, externalURL: TemplateExternalURL("https://prom.lab.example/prom"))

    @Test("the variable definitions are the ones Prometheus prepends")
    func definitions() {
        #expect(AlertTemplate.definitions.utf8.count == 112)
        #expect(AlertTemplate("x", alertName: "A").templateName == "__alert_A")
    }

    @Test("typical annotations expand as in Prometheus", arguments: [
        ("OSD {{ $labels.ceph_daemon }} on {{ $labels.hostname }} flapped {{ $value | humanize }} times",
         "OSD osd.7 on ceph-3 flapped 2 times"),
        ("{{ $num := query \"count(ceph_osd_up == 0)\" | first | value }}{{ $s := \"\" }}{{ if gt $num 1.0 }}{{ $s = \"s\" }}{{ end }}{{ $num }} OSD{{ $s }} down: {{- range query \"x\" }} - {{ .Labels.ceph_daemon }} on {{ .Labels.hostname }} {{- end }}",
         "2 OSDs down: - osd.7 on ceph-3 - osd.9 on ceph-4"),
        ("{{ $externalLabels.cluster }} {{ $externalURL }} {{ pathPrefix }}", "lab https://prom.lab.example /prom"),
        ("{{ $labels.instance | stripPort }} {{ $labels.nope }}|", "ceph-3 |"),
        ("{{ if gt $value 1.0 }}many{{ else }}one{{ end }}", "many"),
        ("{{ range $i, $s := query \"up\" }}{{ if $i }}, {{ end }}{{ $s.Labels.hostname }}{{ end }}", "ceph-3, ceph-4"),
        ("{{ define \"host\" }}{{ .Labels.hostname }}{{ end }}host={{ template \"host\" . }}", "host=ceph-3"),
    ])
    func typical(text: String, expected: String) {
        let t = AlertTemplate(text, alertName: "CephOSDDown")
        #expect(t.parseError == nil)
        #expect(t.expandForAlert(Self.data, context: Self.context) == expected)
    }

    @Test("execution errors become Prometheus's <error expanding template: …> text, columns counting the prefix")
    func executionError() {
        let t = AlertTemplate("{{ humanize $labels.nope }}", alertName: "HighLoad")
        #expect(t.expandForAlert(Self.data, context: Self.context) ==
            "<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:115: executing \"__alert_HighLoad\" at <humanize $labels.nope>: error calling humanize: strconv.ParseFloat: parsing \"\": invalid syntax>")
    }

    @Test("a chained field points at its last element, as Go's parser positions it")
    func chainPosition() {
        let t = AlertTemplate("{{ $labels.instance.x }}", alertName: "A")
        #expect(t.expandForAlert(Self.data, context: Self.context) ==
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:122: executing \"__alert_A\" at <$labels.instance.x>: can't evaluate field x in type string>")
    }

    @Test("struct fields that do not exist are reported with the anonymous struct type")
    func unknownField() {
        let t = AlertTemplate("{{ .Nope }}", alertName: "A")
        #expect(t.expandForAlert(Self.data, context: Self.context) ==
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <.Nope>: can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>")
    }

    @Test("parse errors are found at load time and located in the annotation text")
    func parseError() throws {
        // promtool's rules-bad.yml uses $label (a typo for $labels).
        let t = AlertTemplate("Instance {{ $label.foo }} down", alertName: "InstanceDown")
        let error = try #require(t.parseError)
        #expect(error.message == "template: __alert_InstanceDown:1: undefined variable \"$label\"")
        #expect(t.parseErrorOffsetInText == 18)  // Go reports the line of the last token read: `.foo`
        #expect(t.expandForAlert(Self.data, context: Self.context) ==
            "<error expanding template: error parsing template __alert_InstanceDown: template: __alert_InstanceDown:1: undefined variable \"$label\">")
    }

    @Test("externalURL without a configured URL fails as in promtool, where the URL is nil")
    func nilExternalURL() {
        let t = AlertTemplate("{{ externalURL }}", alertName: "A")
        let out = t.expandForAlert(Self.data, context: TemplateContext(time: 0))
        #expect(out.hasSuffix("error calling externalURL: runtime error: invalid memory address or nil pointer dereference>"))
    }

    @Test("multi-line annotations report the line Go reports")
    func multiline() {
        let t = AlertTemplate("first line\nsecond {{ humanize \"x\" }}", alertName: "A")
        let out = t.expandForAlert(Self.data, context: Self.context)
        #expect(out.contains("template: __alert_A:2:10: executing \"__alert_A\" at <humanize \"x\">"))
    }
}
