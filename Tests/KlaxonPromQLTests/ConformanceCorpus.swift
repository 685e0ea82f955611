import Foundation

/// The expressions and series descriptions of the Prometheus conformance scripts in
/// `$KLAXON_SHARED/conformance/promql` (default `<repo root>/../shared`). Read-only; never copied.
enum ConformanceCorpus {
    /// One `eval` expression with where it came from.
    struct Eval: Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var expr: String
        /// `expect fail` or `eval_fail`: the query may fail to parse or to run.
        var expectsFailure: Bool
        var description: String { "\(file):\(line): \(expr)" }
    }

    /// One line of a `load` block.
    struct Series: Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String { "\(file):\(line): \(text)" }
    }

    static var directory: URL {
        if let shared = ProcessInfo.processInfo.environment["KLAXON_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("conformance/promql")
        }
        let repoRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/promql")
    }

    static var files: [URL] {
        // The corpus is optional: without it the corpus-driven tests have nothing to check.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func lines(of url: URL) -> [String] {
        // A missing or unreadable file simply contributes no cases.
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "\n")
    }

    static let evals: [Eval] = {
        var out: [Eval] = []
        for url in files {
            let lines = lines(of: url)
            for (i, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard let expr = evalExpression(line) else { continue }
                var fails = line.hasPrefix("eval_fail")
                var j = i + 1
                while j < lines.count {
                    let body = lines[j].trimmingCharacters(in: .whitespaces)
                    if body.isEmpty || body.hasPrefix("#") { break }
                    if body.hasPrefix("expect fail") { fails = true }
                    j += 1
                }
                out.append(Eval(file: url.lastPathComponent, line: i + 1, expr: expr, expectsFailure: fails))
            }
        }
        return out
    }()

    /// The expression of an `eval` header line.
    static func evalExpression(_ line: String) -> String? {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let head = words.first?.lowercased(), head.hasPrefix("eval") else { return nil }
        words.removeFirst()
        guard let kind = words.first?.lowercased() else { return nil }
        let skip: Int
        switch kind {
        case "instant": skip = 3  // instant at <t>
        case "range": skip = 7  // range from <a> to <b> step <s>
        default: return nil
        }
        guard words.count > skip else { return nil }
        // Re-cut the original text so inner spacing is preserved.
        var rest = Substring(line)
        for _ in 0...skip {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            rest = rest.drop(while: { $0 != " " && $0 != "\t" })
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    static let series: [Series] = {
        var out: [Series] = []
        for url in files {
            var inLoad = false
            for (i, raw) in lines(of: url).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") {
                    inLoad = false
                    continue
                }
                if line.lowercased().hasPrefix("load") {
                    inLoad = true
                    continue
                }
                guard inLoad else { continue }
                // Start-timestamp lines (`series@st …`) belong to the runner, not to ParseSeriesDesc.
                if line.contains("}@st ") || line.split(separator: " ").first?.hasSuffix("@st") == true { continue }
                out.append(Series(file: url.lastPathComponent, line: i + 1, text: line))
            }
        }
        return out
    }()
}
