import KlaxonModel
import KlaxonPromQL

extension Evaluator {
    private func stringArg(_ call: CallNode, _ i: Int) -> String {
        guard i < call.args.count, case .string(let s) = call.args[i].unwrapped else { return "" }
        return s
    }

    /// Prometheus 3.x accepts any non-empty UTF-8 label name. Bytes that were not valid UTF-8 reach the engine
    /// as U+FFFD (a Swift `String` is always valid), so that character marks an invalid name.
    static func isValidLabelName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains("\u{FFFD}")
    }

    /// `label_replace(v, dst, replacement, src, regex)`.
    func labelReplace(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let dst = stringArg(call, 1)
        let replacement = stringArg(call, 2)
        let src = stringArg(call, 3)
        let pattern = stringArg(call, 4)
        guard let regex = CaptureRegex(pattern) else {
            throw EvaluationError(.execution, "invalid regular expression in label_replace(): \(pattern)")
        }
        if !Evaluator.isValidLabelName(dst) {
            throw EvaluationError(.execution, "invalid destination label name in label_replace(): \(dst)")
        }
        var mat = try evalMatrix(call.args[0])
        for i in mat.indices {
            let value = mat[i].labels[src]
            guard let groups = regex.match(value) else { continue }
            let result = regex.expand(replacement, groups: groups, in: value)
            mat[i].labels.set(dst, result)
            if dst == WellKnown.metricName { mat[i].dropName = false }
        }
        return try mergeSeriesWithSameLabels(mat)
    }

    /// `label_join(v, dst, separator, src...)`.
    func labelJoin(_ call: CallNode) throws(EvaluationError) -> Matrix {
        let dst = stringArg(call, 1)
        let separator = stringArg(call, 2)
        var sources: [String] = []
        for i in 3..<Swift.max(call.args.count, 3) {
            let src = stringArg(call, i)
            if !Evaluator.isValidLabelName(src) {
                throw EvaluationError(.execution, "invalid source label name in label_join(): \(src)")
            }
            sources.append(src)
        }
        if !Evaluator.isValidLabelName(dst) {
            throw EvaluationError(.execution, "invalid destination label name in label_join(): \(dst)")
        }
        var mat = try evalMatrix(call.args[0])
        for i in mat.indices {
            let joined = sources.map { mat[i].labels[$0] }.joined(separator: separator)
            mat[i].labels.set(dst, joined)
            if dst == WellKnown.metricName { mat[i].dropName = false }
        }
        return try mergeSeriesWithSameLabels(mat)
    }
}

/// An RE2-style regular expression with capture groups for `label_replace`: fully anchored, `.` matching
/// newlines, and Go's `Regexp.Expand` template syntax (`$1`, `${1}`, `$name`, `${name}`, `$$`).
struct CaptureRegex {
    private let regex: Regex<AnyRegexOutput>

    init?(_ pattern: String) {
        do {
            regex = try Regex("(?s:" + CaptureRegex.translate(pattern) + ")")
        } catch {
            return nil
        }
    }

    /// Capture ranges (index 0 is the whole match) when `value` matches entirely.
    func match(_ value: String) -> [(name: String?, range: Range<String.Index>?)]? {
        // Matching only throws from custom components, which these patterns do not contain.
        guard let m = try? regex.wholeMatch(in: value) else { return nil }
        return m.output.map { ($0.name, $0.range) }
    }

    func expand(_ template: String, groups: [(name: String?, range: Range<String.Index>?)], in source: String) -> String {
        var out = ""
        let t = Array(template.unicodeScalars)
        var i = 0
        func group(_ range: Range<String.Index>?) -> String {
            guard let range else { return "" }
            return String(source[range])
        }
        while i < t.count {
            if t[i] != "$" {
                out.unicodeScalars.append(t[i])
                i += 1
                continue
            }
            i += 1
            if i < t.count && t[i] == "$" {
                out += "$"
                i += 1
                continue
            }
            guard let (name, next) = CaptureRegex.extractName(t, i) else {
                out += "$"
                continue
            }
            i = next
            if let num = CaptureRegex.groupNumber(name) {
                if num < groups.count { out += group(groups[num].range) }
            } else if let g = groups.first(where: { $0.name == name }) {
                out += group(g.range)
            }
        }
        return out
    }

    /// Go's `extract`: a name of letters, digits and underscores, optionally in braces.
    static func extractName(_ t: [Unicode.Scalar], _ start: Int) -> (String, Int)? {
        var i = start
        guard i < t.count else { return nil }
        var brace = false
        if t[i] == "{" {
            brace = true
            i += 1
        }
        let nameStart = i
        while i < t.count && isNameScalar(t[i]) { i += 1 }
        if i == nameStart { return nil }
        var name = ""
        name.unicodeScalars.append(contentsOf: t[nameStart..<i])
        if brace {
            if i >= t.count || t[i] != "}" { return nil }
            i += 1
        }
        return (name, i)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// The group number a name stands for (decimal, no leading zeros, below 1e8), or nil for a name.
    static func groupNumber(_ name: String) -> Int? {
        var num = 0
        for c in name.utf8 {
            if c < 48 || c > 57 || num >= 100_000_000 { return nil }
            num = num * 10 + Int(c - 48)
        }
        if name.utf8.first == 48 && name.utf8.count > 1 { return nil }
        return num
    }

    /// Rewrites RE2 escapes Swift reads differently (one translation for matchers and label_replace).
    static func translate(_ pattern: String) -> String { PromRegex.translate(pattern) }
}
