import Foundation
import KlaxonModel
import Testing
@testable import KlaxonTemplate

/// Seeded random mutations of real annotations: parsing and expanding must never crash or hang, and every
/// failure must come back as a Go-style error.
@Suite struct TemplateFuzzTests {
    /// SplitMix64: small, seedable, reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let fragments = [
        "{{", "}}", "{{-", "-}}", " ", "$", ".", "|", "(", ")", "\"", "`", "'", ":=", "=", ",", "$labels", "$value",
        ".Labels", "humanize", "query", "range", "if", "else", "end", "with", "define", "template", "block", "break",
        "continue", "nil", "true", "1", "-1", "1e309", "0x", "\\", "/*", "*/", "printf \"%", "%d", "\n", "\u{A0}", "é",
        "index", "slice", "len", "eq", "lt", "and", "or", "not", "call", "args", "first", "value", "reReplaceAll \"(\"",
        "match \"[\"", "toTime", "toDuration", "parseDuration", "range 100000", "{{define \"r\"}}{{template \"r\" .}}{{end}}",
    ]

    static func mutate(_ text: String, _ rng: inout Random) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(scalars.count + 1)
            switch rng.below(5) {
            case 0:  // insert a fragment
                scalars.insert(contentsOf: fragments[rng.below(fragments.count)].unicodeScalars, at: at)
            case 1:  // delete a run
                if !scalars.isEmpty {
                    let start = min(at, scalars.count - 1)
                    scalars.removeSubrange(start..<min(scalars.count, start + 1 + rng.below(6)))
                }
            case 2:  // duplicate a run
                if !scalars.isEmpty {
                    let start = min(at, scalars.count - 1)
                    let run = scalars[start..<min(scalars.count, start + 1 + rng.below(20))]
                    scalars.insert(contentsOf: Array(run), at: rng.below(scalars.count + 1))
                }
            case 3:  // replace a character
                if !scalars.isEmpty {
                    let replacement = fragments[rng.below(fragments.count)].unicodeScalars.first ?? "x"
                    scalars[min(at, scalars.count - 1)] = replacement
                }
            default:  // truncate
                scalars.removeSubrange(min(at, scalars.count)...)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// 120 by default; set KLAXON_FUZZ_MUTANTS for a longer run.
    static let mutantsPerTemplate = Int(ProcessInfo.processInfo.environment["KLAXON_FUZZ_MUTANTS"] ?? "") ?? 120

    static let data = AlertTemplateData(
        labels: ["alertname": "X", "instance": "node-1:9100", "job": "node", "severity": "warning", "name": "pool"],
        externalLabels: ["cluster": "c1"], externalURL: "http://x", value: 0.75)
    static let context = TemplateContext(
        time: 1_700_000_000_000,
        querier: FixedQuerier(samples: [Sample(labels: ["instance": "a", "name": "p"], t: 0, v: 3)]),
        externalURL: TemplateExternalURL("http://x/prefix"))

    @Test("the corpus itself parses and expands without errors")
    func corpusIsValid() {
        for text in AnnotationCorpus.builtIn {
            let t = AlertTemplate(text, alertName: "X")
            #expect(t.parseError == nil, "\(text)")
            if case .failure(let e) = t.expand(Self.data, context: Self.context) { Issue.record("\(text): \(e)") }
        }
    }

    @Test("mutated annotations never crash, and every failure is a Go-style error")
    func mutations() {
        var rng = Random(state: 0x4B4C_4158_4F4E)  // "KLAXON"
        let corpus = AnnotationCorpus.builtIn + AnnotationCorpus.external()
        var parsed = 0
        var failed = 0
        for text in corpus {
            for _ in 0..<(Self.mutantsPerTemplate) {
                let mutant = Self.mutate(text, &rng)
                let t = AlertTemplate(mutant, alertName: "X")
                if let e = t.parseError {
                    #expect(e.message.hasPrefix("template: __alert_X:"), "\(mutant.debugDescription): \(e.message)")
                    failed += 1
                    continue
                }
                parsed += 1
                if case .failure(let e) = t.expand(Self.data, context: Self.context) {
                    #expect(e.description.hasPrefix("error executing template __alert_X: template: __alert_X"), "\(e)")
                }
            }
        }
        #expect(parsed > 0 && failed > 0)
    }
}
