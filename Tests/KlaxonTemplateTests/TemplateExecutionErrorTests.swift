import KlaxonModel
import Testing
@testable import KlaxonTemplate

/// Execution errors name the node Go's executor was at when it failed.
@Suite struct TemplateExecutionErrorTests {
    @Test("errors point where Go points", arguments: [
        ("{{template \"x\"}}", "template: test:1:11: executing \"test\" at <{{template \"x\"}}>: template \"x\" not defined"),
        ("{{nil}}", "template: test:1:2: executing \"test\" at <nil>: nil is not a command"),
        ("{{1 2}}", "template: test:1:2: executing \"test\" at <1>: can't give argument to non-function 1"),
        ("{{(1) 2}}", "template: test:1:2: executing \"test\" at <(1) 2>: can't give argument to non-function 1"),
        ("{{$x := 1}}{{$x 2}}", "template: test:1:13: executing \"test\" at <$x>: can't give argument to non-function $x"),
        ("{{(args).arg0 1}}", "template: test:1:3: executing \"test\" at <args>: arg0 is not a method but has arguments"),
        ("{{range 1.5}}{{end}}", "template: test:1:8: executing \"test\" at <1.5>: range can't iterate over 1.5"),
        ("{{range $i, $e := 3}}{{end}}", "template: test:1:18: executing \"test\" at <3>: can't use 3 to iterate over more than one variable"),
        ("{{range \"ab\"}}{{end}}", "template: test:1:8: executing \"test\" at <\"ab\">: range can't iterate over ab"),
        ("{{ title 1 }}", "template: test:1:9: executing \"test\" at <1>: expected string; found 1"),
        ("{{ title nil }}", "template: test:1:9: executing \"test\" at <nil>: cannot assign nil to string"),
        ("{{ 1.5 | title }}", "template: test:1:9: executing \"test\" at <title>: wrong type for value; expected string; got float64"),
        ("{{ title }}", "template: test:1:3: executing \"test\" at <title>: wrong number of args for title: want 1 got 0"),
        ("{{ printf }}", "template: test:1:3: executing \"test\" at <printf>: wrong number of args for printf: want at least 1 got 0"),
        ("{{ label \"a\" nil }}", "template: test:1:3: executing \"test\" at <label \"a\" nil>: error calling label: runtime error: invalid memory address or nil pointer dereference"),
        ("{{ first 1 }}", "template: test:1:9: executing \"test\" at <1>: can't handle 1 for arg of type template.queryResult"),
        ("{{ (nil).x }}", "template: test:1:4: executing \"test\" at <nil>: nil is not a command"),
        ("{{ (1).x }}", "template: test:1:4: executing \"test\" at <1>: can't evaluate field x in type int"),
        ("{{ $.X }}", "template: test:1:4: executing \"test\" at <$.X>: can't evaluate field X in type int"),
        ("{{ index 1 1 }}", "template: test:1:3: executing \"test\" at <index 1 1>: error calling index: can't index item of type int"),
        ("{{ index (args) 1 }}", "template: test:1:3: executing \"test\" at <index (args) 1>: error calling index: value has type int; should be string"),
        ("{{ \"x\" | 1 }}", "PARSE"),
    ])
    func sites(template: String, expected: String) {
        let out = Run.text(template, data: .int(7))
        if expected == "PARSE" {
            #expect(out.hasPrefix("ERROR: template: test:1: non executable command"))
        } else {
            #expect(out == "ERROR: " + expected)
        }
    }

    @Test("errors inside defined templates name the defined template")
    func definedTemplateName() {
        #expect(Run.text("{{define \"inner\"}}{{ humanize . }}{{end}}{{template \"inner\" \"x\"}}") ==
            "ERROR: template: test:1:21: executing \"inner\" at <humanize .>: error calling humanize: strconv.ParseFloat: parsing \"x\": invalid syntax")
    }

    @Test("runaway executions stop with an error", arguments: [
        ("{{ range 100000000000 }}{{ end }}", "execution stopped after 1000000 steps"),
        ("{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" 1}}", "exceeded maximum template depth (200)"),
        ("{{ range 10000 }}{{ printf \"%1000d\" 1 }}{{ end }}", "output exceeds 1000000 bytes"),
    ])
    func limits(template: String, suffix: String) throws {
        let t = try Template.parse(template, name: "test", limits: .init(maxOutputBytes: 1_000_000))
        let error = try #require(throws: TemplateError.self) { try t.execute(.missing) }
        #expect(error.message.hasSuffix(suffix), "\(error.message)")
    }
}
