import Testing
@testable import KlaxonTemplate

@Suite struct TemplateParserTests {
    static func parseError(_ text: String) -> TemplateError? {
        do {
            _ = try Template.parse(text, name: "test")
            return nil
        } catch {
            return error
        }
    }

    @Test("parse errors are worded as Go words them", arguments: [
        ("{{", "template: test:1: unclosed action"),
        ("{{\u{A0}}}", "template: test:1: unrecognized character in action: U+00A0"),
        ("{{end}}", "template: test:1: unexpected {{end}}"),
        ("{{else}}", "template: test:1: unexpected {{else}}"),
        ("{{if true}}x", "template: test:1: unexpected EOF"),
        ("{{ foo }}", "template: test:1: function \"foo\" not defined"),
        ("{{ $x }}", "template: test:1: undefined variable \"$x\""),
        ("{{ break }}", "template: test:1: {{break}} outside {{range}}"),
        ("{{ range . }}{{ continue 1 }}{{ end }}", "template: test:1: unexpected \"1\" in {{continue}}"),
        ("{{ .X | 3 }}", "template: test:1: non executable command in pipeline stage 2"),
        ("{{ ) }}", "template: test:1: unexpected right paren"),
        ("{{ ( }}", "template: test:1: unclosed left paren"),
        ("{{ template .X }}", "template: test:1: unexpected \".X\" in template clause"),
        ("{{ template . }}", "template: test:1: unexpected <.> in template clause"),
        ("{{ if 1 }}{{ else with 2 }}{{ end }}", "template: test:1: unexpected <with> in input"),
        ("{{ with }}{{ end }}", "template: test:1: missing value for with"),
        ("{{ range $x, $y, $z := . }}{{ end }}", "template: test:1: too many declarations in range"),
        ("{{ $x, $y := 1 }}", "template: test:1: too many declarations in command"),
        ("{{ range $x, 1 }}{{ end }}", "template: test:1: range can only initialize variables"),
        ("{{define \"a\"}}a{{end}}{{define \"a\"}}b{{end}}", "template: test:1: template: multiple definition of template \"a\""),
        ("{{ .X. }}", "template: test:1: unexpected <.> in operand"),
        ("{{ \"x }}", "template: test:1: unterminated quoted string"),
        ("{{ 'ab' }}", "template: test:1: malformed character constant: 'ab'"),
        ("{{ 1a }}", "template: test:1: bad number syntax: \"1a\""),
        ("{{ 99999999999999999999 }}", "template: test:1: integer overflow: \"99999999999999999999\""),
        ("{{ 1.5.2 }}", "template: test:1: unexpected \".2\" in operand"),
        ("line\nline\n{{ nope }}", "template: test:3: function \"nope\" not defined"),
        ("{{/* unclosed", "template: test:1: unclosed comment"),
        ("{{/* c */ x}}", "template: test:1: comment ends before closing delimiter"),
        ("{{ if }}{{ end }}", "template: test:1: missing value for if"),
        ("{{ $x := }}", "template: test:1: missing value for command"),
        ("{{ \"a\".b }}", "template: test:1: unexpected . after term \"\\\"a\\\"\""),
        ("{{ 1\n\n", "template: test:3: unclosed action started at test:1"),
        ("{{ if true }}{{ else }}{{ else }}{{ end }}", "template: test:1: expected end; found {{else}}"),
        ("{{ define \"x\" }}{{ else }}{{ end }}", "template: test:1: unexpected {{else}} in define clause"),
        ("{{ \"\\q\" }}", "template: test:1: invalid syntax"),
        ("{{ $x=1 }}", "template: test:1: bad character U+003D '='"),
        ("{{ 3 | 4 }}", "template: test:1: non executable command in pipeline stage 2"),
        ("{{ | }}", "template: test:1: unexpected \"|\" in command"),
        ("{{ x := 1 }}", "template: test:1: function \"x\" not defined"),
    ])
    func errors(text: String, message: String) throws {
        let error = try #require(Self.parseError(text))
        #expect(error.message == message)
        #expect(error.kind == .parse)
    }

    @Test("parse errors carry the offset of the offending token")
    func offsets() throws {
        let error = try #require(Self.parseError("ok {{ nope }}"))
        #expect(error.offset == 6)
        #expect(error.line == 1)
    }

    @Test("valid templates parse", arguments: [
        "{{ range $i, $e := . }}{{ $i }}{{ else }}none{{ end }}",
        "{{ with $x := 1 }}{{ $x }}{{ end }}",
        "{{- /* comment */ -}}",
        "{{ define \"a\" }}{{ end }}{{ define \"a\" }}x{{ end }}",
        "{{ ((1)) }}",
        "{{ $x := 1 }}{{ $x = 2 }}",
        "{{ if 1 }}{{ else if 2 }}{{ else }}{{ end }}",
        "{{ with 1 }}{{ else with 2 }}{{ else }}{{ end }}",
        "{{ block \"b\" . }}{{ end }}{{ template \"b\" }}",
        "{{ $ }} {{ $.Labels }}",
        "{{\n  humanize\n  1\n}}",
    ])
    func valid(text: String) {
        #expect(Self.parseError(text) == nil)
    }

    @Test("parenthesis nesting is limited so hostile input cannot exhaust the stack")
    func nestingLimit() throws {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        let error = try #require(Self.parseError("{{ " + deep + " }}"))
        #expect(error.message == "template: test:1: max expression depth exceeded")
        let nested = String(repeating: "{{ if 1 }}", count: 500) + String(repeating: "{{ end }}", count: 500)
        #expect(Self.parseError(nested)?.message == "template: test:1: max expression depth exceeded")
    }
}
