import KlaxonModel
import Testing

@testable import KlaxonScrape

/// Relabelling cases from Prometheus's `TestRelabel` and `TestRelabelValidate`.
@Suite struct RelabelerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: Labels
        var rules: [RelabelConfig]
        var output: Labels?  // nil: dropped

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "replace with ${1} twice", input: ["a": "foo", "b": "bar", "c": "baz"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "f(.*)", targetLabel: "d", replacement: "ch${1}-ch${1}")],
            output: ["a": "foo", "b": "bar", "c": "baz", "d": "choo-choo"]),
        Case(
            name: "chained replaces see earlier results", input: ["a": "foo", "b": "bar", "c": "baz"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["a", "b"], regex: "f(.*);(.*)r", targetLabel: "a", replacement: "b${1}${2}m"),
                RelabelConfig(
                    sourceLabels: ["c", "a"], regex: "(b).*b(.*)ba(.*)", targetLabel: "d", replacement: "$1$2$2$3"),
            ],
            output: ["a": "boobam", "b": "bar", "c": "baz", "d": "boooom"]),
        Case(
            name: "drop stops processing", input: ["a": "foo"],
            rules: [
                RelabelConfig(sourceLabels: ["a"], regex: ".*o.*", action: .drop),
                RelabelConfig(sourceLabels: ["a"], regex: "f(.*)", targetLabel: "d", replacement: "ch$1-ch$1"),
            ],
            output: nil),
        Case(
            name: "replace with an inner group", input: ["a": "abc"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: ".*(b).*", targetLabel: "d", replacement: "$1")],
            output: ["a": "abc", "d": "b"]),
        Case(
            name: "drop without a match keeps", input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "no-match", action: .drop)], output: ["a": "foo"]),
        Case(
            name: "the regex is anchored", input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "f|o", action: .drop)], output: ["a": "foo"]),
        Case(
            name: "keep without a match drops", input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "no-match", action: .keep)], output: nil),
        Case(
            name: "keep with a match keeps", input: ["a": "foo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "f.*", action: .keep)], output: ["a": "foo"]),
        Case(
            name: "no replacement without a match", input: ["a": "boo"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "f", targetLabel: "b", replacement: "bar")],
            output: ["a": "boo"]),
        Case(
            name: "an empty replacement deletes the target", input: ["a": "foo", "f": "baz"],
            rules: [RelabelConfig(sourceLabels: ["a"], regex: "(f).*", targetLabel: "$1", replacement: "$2")],
            output: ["a": "foo"]),
        Case(
            name: "hashmod", input: ["a": "foo", "b": "bar", "c": "baz"],
            rules: [RelabelConfig(sourceLabels: ["c"], modulus: 1000, targetLabel: "d", action: .hashMod)],
            output: ["a": "foo", "b": "bar", "c": "baz", "d": "976"]),
        Case(
            name: "hashmod of a value with a newline", input: ["a": "foo\nbar"],
            rules: [RelabelConfig(sourceLabels: ["a"], modulus: 1000, targetLabel: "b", action: .hashMod)],
            output: ["a": "foo\nbar", "b": "734"]),
        Case(
            name: "labelmap", input: ["a": "foo", "b1": "bar", "b2": "baz"],
            rules: [RelabelConfig(regex: "(b.*)", replacement: "bar_${1}", action: .labelMap)],
            output: ["a": "foo", "b1": "bar", "b2": "baz", "bar_b1": "bar", "bar_b2": "baz"]),
        Case(
            name: "labelmap of meta labels",
            input: ["a": "foo", "__meta_my_bar": "aaa", "__meta_my_baz": "bbb", "__meta_other": "ccc"],
            rules: [RelabelConfig(regex: "__meta_(my.*)", replacement: "${1}", action: .labelMap)],
            output: [
                "a": "foo", "__meta_my_bar": "aaa", "__meta_my_baz": "bbb", "__meta_other": "ccc", "my_bar": "aaa",
                "my_baz": "bbb",
            ]),
        Case(
            name: "target label from a group", input: ["a": "some-name-value"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["a"], regex: "some-([^-]+)-([^,]+)", targetLabel: "${1}", replacement: "${2}")
            ],
            output: ["a": "some-name-value", "name": "value"]),
        Case(
            name: "a missing group expands to nothing", input: ["a": "some-name-value"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["a"], regex: "some-([^-]+)-([^,]+)", targetLabel: "${1}", replacement: "${3}")
            ],
            output: ["a": "some-name-value"]),
        Case(
            name: "an empty target label is not written", input: ["a": "some-name-0"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["a"], regex: "some-([^-]+)-([^,]+)", targetLabel: "${3}", replacement: "${1}"),
                RelabelConfig(
                    sourceLabels: ["a"], regex: "some-([^-]+)(-[^,]+)", targetLabel: "${3}", replacement: "${1}"),
            ],
            output: ["a": "some-name-0"]),
        Case(
            name: "a real-life tag parsing chain", input: ["__meta_sd_tags": "path:/secret,job:some-job,label:foo=bar"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["__meta_sd_tags"], regex: "(?:.+,|^)path:(/[^,]+).*",
                    targetLabel: "__metrics_path__",
                    replacement: "${1}"),
                RelabelConfig(
                    sourceLabels: ["__meta_sd_tags"], regex: "(?:.+,|^)job:([^,]+).*", targetLabel: "job",
                    replacement: "${1}"),
                RelabelConfig(
                    sourceLabels: ["__meta_sd_tags"], regex: "(?:.+,|^)label:([^=]+)=([^,]+).*", targetLabel: "${1}",
                    replacement: "${2}"),
            ],
            output: [
                "__meta_sd_tags": "path:/secret,job:some-job,label:foo=bar", "__metrics_path__": "/secret",
                "job": "some-job", "foo": "bar",
            ]),
        Case(
            name: "issue 12283: labeldrop then replace then keep",
            input: [
                "__meta_kubernetes_pod_container_port_name": "foo",
                "__meta_kubernetes_pod_annotation_XXX_metrics_port": "9091",
            ],
            rules: [
                RelabelConfig(regex: "^__meta_kubernetes_pod_container_port_name$", action: .labelDrop),
                RelabelConfig(
                    sourceLabels: ["__meta_kubernetes_pod_annotation_XXX_metrics_port"], regex: "(.+)",
                    targetLabel: "__meta_kubernetes_pod_container_port_name", replacement: "metrics"),
                RelabelConfig(
                    sourceLabels: ["__meta_kubernetes_pod_container_port_name"], regex: "^metrics$", action: .keep),
            ],
            output: [
                "__meta_kubernetes_pod_annotation_XXX_metrics_port": "9091",
                "__meta_kubernetes_pod_container_port_name": "metrics",
            ]),
        Case(
            name: "labelkeep", input: ["a": "foo", "b1": "bar", "b2": "baz"],
            rules: [RelabelConfig(regex: "(b.*)", action: .labelKeep)], output: ["b1": "bar", "b2": "baz"]),
        Case(
            name: "labeldrop", input: ["a": "foo", "b1": "bar", "b2": "baz"],
            rules: [RelabelConfig(regex: "(b.*)", action: .labelDrop)], output: ["a": "foo"]),
        Case(
            name: "uppercase and lowercase", input: ["foo": "bAr123Foo"],
            rules: [
                RelabelConfig(sourceLabels: ["foo"], targetLabel: "foo_uppercase", action: .uppercase),
                RelabelConfig(sourceLabels: ["foo"], targetLabel: "foo_lowercase", action: .lowercase),
            ],
            output: ["foo": "bAr123Foo", "foo_lowercase": "bar123foo", "foo_uppercase": "BAR123FOO"]),
        Case(
            name: "keepequal with equal values keeps",
            input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
            rules: [RelabelConfig(sourceLabels: ["__tmp_port"], targetLabel: "__port1", action: .keepEqual)],
            output: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"]),
        Case(
            name: "dropequal with equal values drops",
            input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
            rules: [RelabelConfig(sourceLabels: ["__tmp_port"], targetLabel: "__port1", action: .dropEqual)],
            output: nil),
        Case(
            name: "dropequal with different values keeps",
            input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
            rules: [RelabelConfig(sourceLabels: ["__tmp_port"], targetLabel: "__port2", action: .dropEqual)],
            output: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"]),
        Case(
            name: "keepequal with different values drops",
            input: ["__tmp_port": "1234", "__port1": "1234", "__port2": "5678"],
            rules: [RelabelConfig(sourceLabels: ["__tmp_port"], targetLabel: "__port2", action: .keepEqual)],
            output: nil),
        Case(
            name: "dot matches a newline", input: ["a": "line1\nline2", "b": "bar", "c": "baz"],
            rules: [
                RelabelConfig(sourceLabels: ["a"], regex: "line1.*line2", targetLabel: "d", replacement: "match${1}")
            ],
            output: ["a": "line1\nline2", "b": "bar", "c": "baz", "d": "match"]),
        Case(
            name: "UTF-8 label names", input: ["utf-8.label": "line1\nline2", "b": "bar"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["utf-8.label"], regex: "line1.*line2", targetLabel: "d", replacement: "match${1}")
            ],
            output: ["utf-8.label": "line1\nline2", "b": "bar", "d": "match"]),
        Case(
            name: "named groups, $name without braces and $$", input: ["a": "host-9100"],
            rules: [
                RelabelConfig(
                    sourceLabels: ["a"], regex: "(?P<host>[a-z]+)-(?P<port>[0-9]+)", targetLabel: "addr",
                    replacement: "${host}:$port $$1 $1x ${1}x")
            ],
            output: ["a": "host-9100", "addr": "host:9100 $1  hostx"]),
        Case(
            name: "default regex with an empty source sets the literal replacement", input: ["a": "x"],
            rules: [RelabelConfig(sourceLabels: ["missing"], targetLabel: "env", replacement: "prod")],
            output: ["a": "x", "env": "prod"]),
        Case(
            name: "separator joins source values", input: ["a": "1", "b": "2"],
            rules: [RelabelConfig(sourceLabels: ["a", "b", "c"], separator: "-", targetLabel: "j")],
            output: ["a": "1", "b": "2", "j": "1-2-"]),
        Case(
            name: "Go's simple case mapping keeps ß", input: ["a": "Straße"],
            rules: [RelabelConfig(sourceLabels: ["a"], targetLabel: "u", action: .uppercase)],
            output: ["a": "Straße", "u": "STRAßE"]),
    ]

    @Test("relabelling follows Prometheus", arguments: cases)
    func relabel(_ c: Case) throws {
        let relabeler = try Relabeler(c.rules)
        #expect(relabeler.process(c.input) == c.output)
    }

    @Test("no rules leave labels as they are")
    func empty() {
        let labels: Labels = ["a": "b"]
        #expect(Relabeler().process(labels) == labels)
        #expect(Relabeler().isEmpty)
    }

    @Test(
        "invalid rules are rejected with Prometheus's messages",
        arguments: [
            (RelabelConfig(action: .hashMod), "relabel configuration for hashmod requires non-zero modulus"),
            (RelabelConfig(action: .replace), "relabel configuration for replace action requires 'target_label' value"),
            (
                RelabelConfig(action: .uppercase),
                "relabel configuration for uppercase action requires 'target_label' value"
            ),
            (
                RelabelConfig(targetLabel: "a-b", nameValidationScheme: .legacy),
                #""a-b" is invalid 'target_label' for replace action"#
            ),
            (RelabelConfig(targetLabel: "a-b"), ""),
            (RelabelConfig(targetLabel: "${1}", nameValidationScheme: .legacy), ""),
            (
                RelabelConfig(targetLabel: "1${1}", nameValidationScheme: .legacy),
                #""1${1}" is invalid 'target_label' for replace action"#
            ),
            (RelabelConfig(targetLabel: "a${1}b_$2", nameValidationScheme: .legacy), ""),
            (
                RelabelConfig(targetLabel: "${1", nameValidationScheme: .legacy),
                #""${1" is invalid 'target_label' for replace action"#
            ),
            (
                RelabelConfig(targetLabel: "x", replacement: "y", action: .lowercase),
                "'replacement' can not be set for lowercase action"
            ),
            (
                RelabelConfig(targetLabel: "1x", action: .keepEqual, nameValidationScheme: .legacy),
                #""1x" is invalid 'target_label' for keepequal action"#
            ),
            (
                RelabelConfig(regex: "a", targetLabel: "x", action: .dropEqual),
                "dropequal action requires only 'source_labels' and `target_label`, and no other fields"
            ),
            (
                RelabelConfig(sourceLabels: ["a"], action: .labelDrop),
                "labeldrop action requires only 'regex', and no other fields"
            ),
            (
                RelabelConfig(replacement: "1${1}", action: .labelMap, nameValidationScheme: .legacy),
                #""1${1}" is invalid 'replacement' for labelmap action"#
            ),
            (
                RelabelConfig(modulus: 5, targetLabel: "a.b", action: .hashMod, nameValidationScheme: .legacy),
                #""a.b" is invalid 'target_label' for hashmod action"#
            ),
            (RelabelConfig(regex: "(", action: .drop), "error parsing regexp: invalid regular expression: `(`"),
        ] as [(RelabelConfig, String)])
    func validation(config: RelabelConfig, message: String) {
        do {
            _ = try Relabeler([config])
            #expect(message == "")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test("actions parse case-insensitively; unknown ones are named")
    func actionParsing() throws {
        #expect(try RelabelConfig.Action(parsing: "LabelMap") == .labelMap)
        #expect(try RelabelConfig.Action(parsing: "keepequal") == .keepEqual)
        let error = #expect(throws: RelabelConfigError.self) { try RelabelConfig.Action(parsing: "explode") }
        #expect(error?.message == #"unknown relabel action "explode""#)
    }

    @Test(
        "MD5 matches the RFC 1321 test vectors",
        arguments: [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ])
    func md5(input: String, hex: String) {
        let digest = MD5.digest(input.utf8)
        #expect(digest.map { String(format2: $0) }.joined() == hex)
    }
}

extension String {
    fileprivate init(format2 byte: UInt8) {
        let digits = String(byte, radix: 16)
        self = digits.count == 1 ? "0" + digits : digits
    }
}
