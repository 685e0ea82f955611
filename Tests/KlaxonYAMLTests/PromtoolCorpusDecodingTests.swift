import KlaxonModel
import Testing

@testable import KlaxonYAML

/// Decodes Prometheus's own fixtures with Prometheus's field sets, as KlaxonConfig and KlaxonRuleTest will:
/// rule files with yaml.v3 (rulefmt), unit-test files with yaml.v2 UnmarshalStrict (promtool).
@Suite struct PromtoolCorpusDecodingTests {
    private static func decodeRuleFile(_ root: YAMLNode, _ context: YAMLDecodingContext) -> Int {
        let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]
        let groupKeys = ["name", "interval", "query_offset", "limit", "rules", "labels"]
        let groups = context.value(root).mapping("rulefmt.RuleGroups", keys: ["groups"])?["groups"]?
            .sequence("[]rulefmt.RuleGroup") { group -> Int? in
                guard let g = group.mapping("rulefmt.RuleGroup", keys: groupKeys) else { return nil }
                _ = (g["name"]?.string(), g["interval"]?.duration(), g["query_offset"]?.duration(), g["limit"]?.int())
                _ = g["labels"]?.stringMap()
                return g["rules"]?.sequence("[]rulefmt.Rule") { rule -> Int? in
                    guard let r = rule.mapping("rulefmt.Rule", keys: ruleKeys) else { return nil }
                    _ = (r["record"]?.string(), r["alert"]?.string(), r["expr"]?.string())
                    _ = (r["for"]?.duration(), r["keep_firing_for"]?.duration())
                    _ = (r["labels"]?.stringMap(), r["annotations"]?.stringMap())
                    return 1
                }?.count
            }
        return groups?.reduce(0, +) ?? 0
    }

    private static func decodeTestFile(_ root: YAMLNode, _ context: YAMLDecodingContext) -> Int {
        let fileKeys = ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"]
        let groupKeys = [
            "interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url",
            "name", "start_timestamp",
        ]
        guard let file = context.value(root).mapping("main.unitTestFile", keys: fileKeys) else { return 0 }
        _ = (
            file["rule_files"]?.strings(), file["evaluation_interval"]?.duration(), file["group_eval_order"]?.strings()
        )
        _ = file["fuzzy_compare"]?.bool()
        let groups = file["tests"]?.sequence("[]main.testGroup") { group -> Int? in
            guard let g = group.mapping("main.testGroup", keys: groupKeys) else { return nil }
            _ = (g["interval"]?.duration(), g["external_url"]?.string(), g["name"]?.string())
            _ = (g["external_labels"]?.stringMap(), g["start_timestamp"]?.string())
            _ = g["input_series"]?.sequence("[]main.series") { s in
                s.mapping("main.series", keys: ["series", "values"]).map { m in
                    (m["series"]?.string(), m["values"]?.string())
                }
            }
            _ = g["alert_rule_test"]?.sequence("[]main.alertTestCase") { t -> Int? in
                guard let m = t.mapping("main.alertTestCase", keys: ["eval_time", "alertname", "exp_alerts"]) else {
                    return nil
                }
                _ = (m["eval_time"]?.duration(), m["alertname"]?.string())
                return m["exp_alerts"]?.sequence("[]main.alert") { a in
                    a.mapping("main.alert", keys: ["exp_labels", "exp_annotations"]).map { m in
                        (m["exp_labels"]?.stringMap(), m["exp_annotations"]?.stringMap())
                    }
                }?.count
            }
            _ = g["promql_expr_test"]?.sequence("[]main.promqlTestCase") { t -> Int? in
                guard let m = t.mapping("main.promqlTestCase", keys: ["expr", "eval_time", "exp_samples"]) else {
                    return nil
                }
                _ = (m["expr"]?.string(), m["eval_time"]?.duration())
                return m["exp_samples"]?.sequence("[]main.sample") { s in
                    s.mapping("main.sample", keys: ["labels", "value", "histogram"]).map { m in
                        (m["labels"]?.string(), m["value"]?.double(), m["histogram"]?.string())
                    }
                }?.count
            }
            return 1
        }
        return groups?.count ?? 0
    }

    @Test("every promtool fixture decodes strictly; only the extra-fields file has unknown keys")
    func fixtures() throws {
        try #require(Corpus.promtoolFixtures.count == 25)
        var decoded = 0
        for document in Corpus.promtoolFixtures {
            let root = try #require(try YAML.parse(document.bytes, file: document.name))
            let isRuleFile = root["groups"] != nil
            let context = YAMLDecodingContext(
                options: YAMLDecodingOptions(dialect: isRuleFile ? .goYAMLv3 : .goYAMLv2))
            decoded += isRuleFile ? Self.decodeRuleFile(root, context) : Self.decodeTestFile(root, context)
            if document.name == "rules_extrafields.yml" {
                #expect(
                    context.errors.map(\.goMessage) == [
                        "line 7: field namespace not found in type rulefmt.RuleGroup",
                        "line 21: field ownership not found in type rulefmt.RuleGroup",
                    ])
                let lenient = YAMLDecodingContext(options: YAMLDecodingOptions(allowsUnknownKeys: true))
                _ = Self.decodeRuleFile(root, lenient)
                #expect(!lenient.hasErrors)
            } else {
                #expect(context.errors.isEmpty, "\(document.name): \(context.goMessage ?? "")")
            }
        }
        #expect(decoded > 40)
    }
}
