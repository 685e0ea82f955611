import KlaxonModel
import Testing
@testable import KlaxonTemplate

@Suite struct TemplateExecutionTests {
    static let alert = TemplateValue.alert(
        AlertTemplateData(
            labels: ["instance": "node-1:9100", "job": "node", "severity": "critical"],
            externalLabels: ["cluster": "eu-1"], externalURL: "http://prom.example:9090", value: 0.8512))

    @Test("text, actions, trim markers and comments", arguments: [
        ("plain text", "plain text"),
        ("a {{ \"b\" }} c", "a b c"),
        ("a  {{- \"b\" -}}  c", "abc"),
        ("a\n\t{{- \"b\" }}\n", "ab\n"),
        ("{{/* a comment */}}x", "x"),
        ("x  {{- /* trimmed */ -}}\n y", "xy"),
        ("{{-3}}", "-3"),
        ("{{ 3 -}} 4", "34"),
        ("{{ `raw\\n` }}", "raw\\n"),
        ("{{ \"tab\\there\" }}", "tab\there"),
        ("{{ 'a' }}", "97"),
        ("{{ 1.5 }} {{ 1e3 }} {{ 0x1F }} {{ 1_000 }} {{ 0o17 }} {{ 0b101 }}", "1.5 1000 31 1000 15 5"),
        ("{{ true }} {{ false }}", "true false"),
        ("{{ 1+2i }}", "(1+2i)"),
        ("{{ print nil }}", "<nil>"),
        ("{{ \"a\" | printf \"%s-%s\" \"b\" }}", "b-a"),
        ("{{ (print \"x\") }}", "x"),
    ])
    func basics(template: String, expected: String) {
        #expect(Run.text(template) == expected)
    }

    @Test("fields, maps and variables of alert data", arguments: [
        ("{{ .Labels.instance }}", "node-1:9100"),
        ("{{ $labels.job }}/{{ $value }}", "node/0.8512"),
        ("{{ $externalLabels.cluster }} {{ $externalURL }}", "eu-1 http://prom.example:9090"),
        ("{{ $labels.missing }}|", "|"),
        ("{{ index $labels \"severity\" }}", "critical"),
        ("{{ $.Labels.job }}", "node"),
        ("{{ .Labels }}", "map[instance:node-1:9100 job:node severity:critical]"),
        ("{{ . }}", "{map[instance:node-1:9100 job:node severity:critical] map[cluster:eu-1] http://prom.example:9090 0.8512}"),
        ("{{ range $k, $v := .Labels }}{{ $k }}={{ $v }};{{ end }}", "instance=node-1:9100;job=node;severity=critical;"),
        ("{{ len .Labels }}", "3"),
    ])
    func alertData(template: String, expected: String) {
        #expect(Run.text(AlertTemplate.definitions + template, data: Self.alert) == expected)
    }

    @Test("control structures", arguments: [
        ("{{ if true }}y{{ end }}", "y"),
        ("{{ if 0 }}y{{ else }}n{{ end }}", "n"),
        ("{{ if eq 1 2 }}a{{ else if eq 1 1 }}b{{ else }}c{{ end }}", "b"),
        ("{{ with \"x\" }}[{{ . }}]{{ end }}", "[x]"),
        ("{{ with \"\" }}a{{ else }}b{{ end }}", "b"),
        ("{{ with \"\" }}a{{ else with \"z\" }}{{ . }}{{ end }}", "z"),
        ("{{ range 3 }}{{ . }}{{ end }}", "012"),
        ("{{ range $i := 3 }}{{ $i }}{{ end }}", "012"),
        ("{{ range 0 }}x{{ else }}empty{{ end }}", "empty"),
        ("{{ range $i, $e := args \"a\" \"b\" }}{{ $i }}{{ $e }}{{ end }}", "arg0aarg1b"),
        ("{{ range 10 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}", "012"),
        ("{{ range 5 }}{{ if eq . 1 3 }}{{ continue }}{{ end }}{{ . }}{{ end }}", "024"),
        ("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
        ("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}", "1"),
        ("{{ define \"t\" }}<{{ . }}>{{ end }}{{ template \"t\" \"v\" }}", "<v>"),
        ("{{ block \"b\" 42 }}[{{ . }}]{{ end }}", "[42]"),
        ("{{ define \"x\" }}{{ .arg0 }} {{ .arg1 }}{{ end }}{{ template \"x\" (args 1 \"2\") }}", "1 2"),
        ("{{ template \"t\" }}{{ define \"t\" }}{{ . }}{{ end }}", "<no value>"),
        ("{{ and 1 0 2 }} {{ or 0 \"\" 3 }} {{ and 1 2 }} {{ or 0 \"\" }} {{ not 0 }}", "0 3 2  true"),
        ("{{ and 0 (fail) }}", "0"),
    ])
    func control(template: String, expected: String) {
        #expect(Run.text(template.replacingOccurrences("(fail)", "(index nil 1)")) == expected)
    }

    @Test("missing keys follow the missingkey option", arguments: [
        (Template.MissingKey.zero, "{{ .Labels.nope }}|{{ (args).nope }}", "|<no value>"),
        (.invalid, "{{ .Labels.nope }}|{{ (args).nope }}", "<no value>|<no value>"),
        (.error, "{{ .Labels.nope }}",
         "ERROR: template: test:1:10: executing \"test\" at <.Labels.nope>: map has no entry for key \"nope\""),
    ])
    func missingKeys(option: Template.MissingKey, template: String, expected: String) {
        #expect(Run.text(template, data: Self.alert, missingKey: option) == expected)
    }

    @Test("comparison builtins follow Go", arguments: [
        ("{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ ne \"a\" \"b\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 1.4 }} {{ ge \"b\" \"a\" }}",
         "true true true true true true true"),
        ("{{ eq .Value 0.8512 }}", "true"),
        ("{{ gt .Value 1 }}",
         "ERROR: template: test:1:3: executing \"test\" at <gt .Value 1>: error calling gt: incompatible types for comparison: float64 and int"),
        ("{{ lt true false }}",
         "ERROR: template: test:1:3: executing \"test\" at <lt true false>: error calling lt: invalid type for comparison"),
        ("{{ eq 1 }}",
         "ERROR: template: test:1:3: executing \"test\" at <eq 1>: error calling eq: missing argument for comparison"),
        ("{{ eq .Labels .Labels }}",
         "ERROR: template: test:1:3: executing \"test\" at <eq .Labels .Labels>: error calling eq: non-comparable type map[instance:node-1:9100 job:node severity:critical]: map[string]string"),
        ("{{ eq nil nil }} {{ eq \"a\" nil }}", "true false"),
    ])
    func comparisons(template: String, expected: String) {
        #expect(Run.text(template, data: Self.alert) == expected)
    }

    @Test("other builtins", arguments: [
        ("{{ len \"héllo\" }} {{ len (args 1 2) }}", "6 2"),
        ("{{ index \"abc\" 1 }} {{ slice \"abcdef\" 1 3 }} {{ slice \"abc\" 1 }}", "98 bc bc"),
        ("{{ html \"<a href='x'>&\\\"\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
        ("{{ js \"it's <b> & \\\\ =\" }}", "it\\'s \\u003Cb\\u003E \\u0026 \\\\ \\u003D"),
        ("{{ urlquery \"a b&c/d\" }}", "a+b%26c%2Fd"),
        ("{{ print 1 2 \"x\" 3 }}", "1 2x3"),
        ("{{ println 1 \"a\" }}", "1 a\n"),
        ("{{ printf \"%d%%\" 5 }}", "5%"),
        ("{{ index (args 1 2) \"arg1\" }}", "2"),
        ("{{ len 3 }}", "ERROR: template: test:1:3: executing \"test\" at <len 3>: error calling len: len of type int"),
        ("{{ index \"abc\" 3 }}",
         "ERROR: template: test:1:3: executing \"test\" at <index \"abc\" 3>: error calling index: reflect: string index out of range"),
        ("{{ index \"abc\" 4 }}",
         "ERROR: template: test:1:3: executing \"test\" at <index \"abc\" 4>: error calling index: index out of range: 4"),
        ("{{ slice \"abc\" 2 1 }}",
         "ERROR: template: test:1:3: executing \"test\" at <slice \"abc\" 2 1>: error calling slice: invalid slice index: 2 > 1"),
        ("{{ call 1 }}",
         "ERROR: template: test:1:3: executing \"test\" at <call 1>: error calling call: non-function 1 of type int"),
    ])
    func builtins(template: String, expected: String) {
        #expect(Run.text(template) == expected)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
