import KlaxonModel
import Testing

@testable import KlaxonYAML

/// A cut-down rule-file decoder written the way KlaxonConfig would write one.
private struct RuleSpec: Equatable {
    var name: String
    var expr: String
    var holdDuration: Int64
    var labels: [String]
}

private struct GroupSpec: Equatable {
    var name: String
    var interval: Int64
    var limit: Int
    var rules: [RuleSpec]
}

private enum RuleFileDecoder {
    static let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    static func decode(_ root: YAMLNode, context: YAMLDecodingContext) -> [GroupSpec] {
        guard let file = context.value(root).mapping("rulefmt.RuleGroups", keys: ["groups"]) else { return [] }
        return file["groups"]?.sequence("[]rulefmt.RuleGroup", group) ?? []
    }

    static func group(_ value: YAMLValue) -> GroupSpec? {
        guard
            let m = value.mapping(
                "rulefmt.RuleGroup", keys: ["name", "interval", "query_offset", "limit", "rules", "labels"])
        else { return nil }
        return GroupSpec(
            name: m.required("name")?.string() ?? "",
            interval: m["interval"]?.duration() ?? 0,
            limit: m["limit"]?.int() ?? 0,
            rules: m["rules"]?.sequence("[]rulefmt.Rule", rule) ?? [])
    }

    static func rule(_ value: YAMLValue) -> RuleSpec? {
        guard let m = value.mapping("rulefmt.Rule", keys: ruleKeys) else { return nil }
        let name = m["alert"]?.string() ?? m["record"]?.string() ?? ""
        let expr = m.required("expr")?.string() ?? ""
        let hold = m["for"]?.duration() ?? 0
        _ = m["keep_firing_for"]?.duration()
        let labels = m["labels"]?.stringMap()?.map { "\($0.key)=\($0.value)" } ?? []
        _ = m["annotations"]?.stringMap()
        return RuleSpec(name: name, expr: expr, holdDuration: hold, labels: labels)
    }
}

@Suite struct StrictDecodingTests {
    private static let badFile = """
        groups:
          - name: api
            interval: 1m
            1️⃣foo: bar
            rules:
              - record: job:x
                expr: sum(x)
                for: 2️⃣abc
              - alert: A
                expr: up == 0
                labels:
                  severity: page
                  3️⃣severity: critical
              - alert: B
                expr: up
                4️⃣expr: down
                unknown: 1
              - 5️⃣alert: C
                6️⃣limit: 5
                keep_firing_for: 7️⃣[1]
          - name: second
            limit: 8️⃣abc
            rules: 9️⃣{a: 1}

        """

    @Test("every problem in a rule file is reported with Go's wording, position and key path (yaml.v3)")
    func everyProblemV3() throws {
        let m = Marked(Self.badFile)
        let root = try #require(try YAML.parse(m.text, file: "rules.yaml"))
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv3))
        let groups = RuleFileDecoder.decode(root, context: context)
        #expect(groups.map(\.name) == ["api", "second"])
        // B is skipped (duplicate keys in the rule itself); A only loses its labels.
        #expect(groups.first?.rules.map(\.name) == ["job:x", "A", "C"])
        let got = context.diagnostics.map { "\($0.span.start) \($0.message) [\($0.notes.first?.message ?? "")]" }
        #expect(
            got == [
                "\(m[1]) field foo not found in type rulefmt.RuleGroup [at groups[0].foo]",
                "\(m[2]) not a valid duration string: \"abc\" [at groups[0].rules[0].for]",
                "\(m[3]) mapping key \"severity\" already defined at line 12 [at groups[0].rules[1].labels.severity]",
                "\(m[4]) mapping key \"expr\" already defined at line 15 [at groups[0].rules[2].expr]",
                "\(m[5]) missing required field expr in type rulefmt.Rule [at groups[0].rules[3].expr]",
                "\(m[6]) field limit not found in type rulefmt.Rule [at groups[0].rules[3].limit]",
                "\(m[7]) cannot unmarshal !!seq into string [at groups[0].rules[3].keep_firing_for]",
                "\(m[8]) cannot unmarshal !!str `abc` into int [at groups[1].limit]",
                "\(m[9]) cannot unmarshal !!map into []rulefmt.Rule [at groups[1].rules]",
            ])
        #expect(context.diagnostics.allSatisfy { $0.span.file == "rules.yaml" && $0.severity == .error })
        #expect(
            context.diagnostics.map(\.code) == [
                "yaml.unknown-field", "yaml.invalid-value", "yaml.duplicate-key", "yaml.duplicate-key",
                "yaml.missing-field", "yaml.unknown-field", "yaml.type-mismatch", "yaml.type-mismatch",
                "yaml.type-mismatch",
            ])
    }

    @Test("Go's summary lists the errors by line as `yaml: unmarshal errors:` does")
    func goSummary() throws {
        let text = "groups:\n  - name: a\n    bogus: 1\n    limit: x\n"
        let root = try #require(try YAML.parse(text, file: "rules.yaml"))
        let context = YAMLDecodingContext()
        _ = RuleFileDecoder.decode(root, context: context)
        #expect(
            context.goMessage
                == """
                yaml: unmarshal errors:
                  line 3: field bogus not found in type rulefmt.RuleGroup
                  line 4: cannot unmarshal !!str `x` into int
                """)
        #expect(YAMLDecodingContext().goMessage == nil)
    }

    @Test("yaml.v2 reports duplicates its own way and keeps the first value")
    func duplicatesV2() throws {
        let m = Marked(
            "groups:\n  - name: a\n    1️⃣name: b\n    rules:\n      - expr: x\n        labels: {s: p, s: 2️⃣q}\n")
        let root = try #require(try YAML.parse(m.text, file: "t.yaml"))
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2))
        let groups = RuleFileDecoder.decode(root, context: context)
        #expect(
            groups == [
                GroupSpec(
                    name: "a", interval: 0, limit: 0,
                    rules: [.init(name: "", expr: "x", holdDuration: 0, labels: ["s=p"])])
            ])
        #expect(
            context.errors.map(\.message) == [
                "field name already set in type rulefmt.RuleGroup", "key \"s\" already set in map",
            ])
        #expect(context.errors.map(\.span.start) == [m[1], m[2]])
        #expect(context.errors.map(\.kind) == [.duplicateKey, .duplicateKey])
    }

    @Test("unknown keys are allowed on request, as --ignore-unknown-fields does")
    func allowUnknown() throws {
        let text = "groups:\n  - name: a\n    namespace: x\n    ownership: {team: y}\n    rules: []\n"
        let root = try #require(try YAML.parse(text, file: "rules.yaml"))
        let strict = YAMLDecodingContext()
        _ = RuleFileDecoder.decode(root, context: strict)
        #expect(
            strict.errors.map(\.message) == [
                "field namespace not found in type rulefmt.RuleGroup",
                "field ownership not found in type rulefmt.RuleGroup",
            ])
        let lenient = YAMLDecodingContext(options: YAMLDecodingOptions(allowsUnknownKeys: true))
        #expect(RuleFileDecoder.decode(root, context: lenient).map(\.name) == ["a"])
        #expect(!lenient.hasErrors)
    }

    @Test("duplicate keys are errors even when unknown keys are allowed")
    func duplicatesWithUnknownAllowed() throws {
        let root = try #require(try YAML.parse("groups: []\ngroups: []\n", file: "f.yaml"))
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(allowsUnknownKeys: true))
        _ = RuleFileDecoder.decode(root, context: context)
        #expect(context.errors.map(\.goMessage) == ["line 2: mapping key \"groups\" already defined at line 1"])
    }

    @Test("null mappings and sequences decode as empty; a null required field is missing")
    func nulls() throws {
        let root = try #require(try YAML.parse("groups:\n  - name:\n    rules:\n  -\n", file: "f.yaml"))
        let context = YAMLDecodingContext()
        let groups = RuleFileDecoder.decode(root, context: context)
        #expect(groups.map(\.rules.count) == [0, 0])
        #expect(
            context.errors.map(\.description) == [
                "f.yaml:2:5: groups[0].name: missing required field name in type rulefmt.RuleGroup",
                "f.yaml:4:4: groups[1].name: missing required field name in type rulefmt.RuleGroup",
            ])
    }

    @Test("a document that is not a mapping is one type error at its start")
    func wrongRoot() throws {
        let root = try #require(try YAML.parse("- a\n- b\n", file: "f.yaml"))
        let context = YAMLDecodingContext()
        #expect(RuleFileDecoder.decode(root, context: context).isEmpty)
        #expect(context.errors.map(\.goMessage) == ["line 1: cannot unmarshal !!seq into rulefmt.RuleGroups"])
        #expect(context.errors.first?.path == .root)
        #expect(context.errors.first?.description == "f.yaml:1:1: cannot unmarshal !!seq into rulefmt.RuleGroups")
    }

    @Test("collection keys cannot name a field; null keys are skipped as Go skips them")
    func oddKeys() throws {
        let root = try #require(try YAML.parse("[a]: 1\n~: 2\ngroups: []\n", file: "f.yaml"))
        let context = YAMLDecodingContext()
        _ = RuleFileDecoder.decode(root, context: context)
        #expect(context.errors.map(\.goMessage) == ["line 1: cannot unmarshal !!seq into string"])
    }

    @Test("merged keys count as set, so merging does not create duplicates or unknown fields")
    func mergedKeys() throws {
        let text = "defaults: &d {interval: 1m, limit: 3}\ngroups:\n  - <<: *d\n    name: a\n    limit: 5\n"
        let root = try #require(try YAML.parse(text, file: "f.yaml"))
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(allowsUnknownKeys: true))
        let groups = RuleFileDecoder.decode(root, context: context)
        #expect(groups == [GroupSpec(name: "a", interval: 60_000, limit: 5, rules: [])])
        #expect(!context.hasErrors)
    }

    @Test("callers report their own validation errors with the value's position and path")
    func callerReports() throws {
        let root = try #require(try YAML.parse("labels:\n  \"bad-name\": x\n", file: "f.yaml"))
        let context = YAMLDecodingContext()
        let labels = try #require(context.value(root).mapping("T", keys: ["labels"])?["labels"])
        labels.report("invalid label name: bad-name")
        #expect(context.errors.first?.description == "f.yaml:2:3: labels: invalid label name: bad-name")
        #expect(context.errors.first?.kind == .invalidValue)
        #expect(labels.decode { node, path throws(YAMLDecodingError) in try node.int(at: path) } == nil)
        #expect(context.errors.count == 2)
    }

    @Test("strings lists and booleans read through the cursor with the context's dialect")
    func listsAndBools() throws {
        let root = try #require(try YAML.parse("files: [a.yml, 'b.yml', [c]]\nfuzzy: yes\n", file: "t.yaml"))
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2))
        let m = try #require(context.value(root).mapping("unitTestFile", keys: ["files", "fuzzy"]))
        #expect(m["files"]?.strings() == ["a.yml", "b.yml"])
        #expect(m["fuzzy"]?.bool() == true)
        #expect(m["files"]?.double() == nil)
        #expect(
            context.errors.map(\.goMessage) == [
                "line 1: cannot unmarshal !!seq into string", "line 1: cannot unmarshal !!seq into float64",
            ])
        #expect(context.errors.map(\.path.description) == ["files[2]", "files"])
    }
}
