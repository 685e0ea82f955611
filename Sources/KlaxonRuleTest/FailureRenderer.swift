import KlaxonConfig
import KlaxonModel
import KlaxonRules

/// Turns test failures into text: Klaxon's minimal diffs for people, and promtool's exact texts (for JUnit
/// reports and `--diff`).
struct FailureRenderer {
    let color: Bool
    let fullListings: Bool

    // MARK: Klaxon's rendering

    /// The lines for one failure of test group `test`, indented for the `FAILED:` block.
    func render(_ failure: TestFailure, test: String) -> [String] {
        switch failure {
        case .message(let text, let location):
            return [indent + prefix(location) + "test \(GoQuote.quote(test)): " + text.trimmingASCIIWhitespace()]
        case .ruleFile(let file):
            let renderer = DiagnosticRenderer(color: color)
            var lines = [indent + "test \(GoQuote.quote(test)): rule file \(file.path) did not load:"]
            for diagnostic in file.diagnostics where diagnostic.severity == .error {
                lines += renderer.render(diagnostic, source: file.text).split(
                    separator: "\n", omittingEmptySubsequences: false
                )
                .map { indent + "  " + $0 }
            }
            if file.diagnostics.isEmpty { lines += file.promtoolErrors.map { indent + "  " + $0 } }
            return lines
        case .alerts(let failure):
            let testCase = failure.testCase
            var lines = [
                indent + prefix(testCase.span) + "test \(GoQuote.quote(test)), alert \(testCase.alertname) at "
                    + GoFormat.promDuration(testCase.evalTime) + ":"
            ]
            lines += alertDiff(failure).map { indent + "    " + $0 }
            if fullListings {
                lines += promtoolAlertListing(failure, groupName: "").split(separator: "\n").map { indent + String($0) }
            }
            return lines
        case .samples(let failure):
            let testCase = failure.testCase
            var lines = [
                indent + prefix(testCase.span) + "test \(GoQuote.quote(test)), expr \(GoQuote.quote(testCase.expr)) at "
                    + GoFormat.promDuration(testCase.evalTime) + ":"
            ]
            lines += sampleDiff(failure).map { indent + "    " + $0 }
            if fullListings {
                lines += promtoolSampleListing(failure).split(separator: "\n").map { indent + String($0) }
            }
            return lines
        }
    }

    private var indent: String { "    " }

    private func prefix(_ span: SourceSpan?) -> String {
        guard let span else { return "" }
        return paint("\(span.file):\(span.start.line):\(span.start.column):", "1") + " "
    }

    private func removed(_ text: String) -> String { paint("- " + text, "31") }
    private func added(_ text: String) -> String { paint("+ " + text, "32") }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    // MARK: Samples

    /// Samples with the same labels and different values as `-`/`+` value lines under the labels; samples only
    /// one side has as whole `-`/`+` lines.
    func sampleDiff(_ failure: SampleCheckFailure) -> [String] {
        var lines: [String] = []
        var unmatchedGot = failure.got
        var missing: [ObservedSample] = []
        for expected in failure.expected {
            if let i = unmatchedGot.firstIndex(where: { $0.labels == expected.labels }) {
                let got = unmatchedGot.remove(at: i)
                if got.value != expected.value || got.value.isNaN {
                    lines.append(GoFormat.labels(expected.labels))
                    lines.append("  " + removed(Self.number(expected.value)))
                    lines.append("  " + added(Self.number(got.value)))
                }
            } else {
                missing.append(expected)
            }
        }
        for sample in missing {
            lines.append(removed(GoFormat.labels(sample.labels) + " " + Self.number(sample.value)))
        }
        for sample in unmatchedGot {
            lines.append(added(GoFormat.labels(sample.labels) + " " + Self.number(sample.value)))
        }
        if failure.expected.isEmpty && failure.got.isEmpty { lines.append("(no samples on either side)") }
        if lines.isEmpty { lines.append("(the same samples, compared in promtool's order)") }
        return lines
    }

    static func number(_ v: Double) -> String { GoFloat.formatV(v) }

    // MARK: Alerts

    /// Alerts the expectation matched are left out; the others are paired by how much they have in common
    /// and shown as the labels, annotations and times that differ; the rest are missing or unexpected.
    func alertDiff(_ failure: AlertCheckFailure) -> [String] {
        let testCase = failure.testCase
        let expected = testCase.expectedAlerts
        let got = failure.got
        let assigned = AlertMatching.assignment(expected, got, alertname: testCase.alertname)
        var freeExpected = expected.indices.filter { assigned[$0] == nil }
        var freeGot = got.indices.filter { !assigned.values.contains($0) }
        var lines: [String] = []
        let scores = freeExpected.map { e in
            freeGot.map { g in similarity(expected[e], got[g], alertname: testCase.alertname) }
        }
        // Pairs must share more than `alertname` (which scores 2).
        let paired = Self.bestPairing(scores, minimum: 3)
        for (i, j) in paired {
            lines += pairDiff(expected[freeExpected[i]], got[freeGot[j]], alertname: testCase.alertname)
        }
        freeExpected = freeExpected.enumerated().filter { i, _ in !paired.contains { $0.0 == i } }.map(\.element)
        freeGot = freeGot.enumerated().filter { j, _ in !paired.contains { $0.1 == j } }.map(\.element)
        for e in freeExpected {
            let entry = expected[e]
            lines.append(removed("missing alert " + describe(entry, alertname: testCase.alertname)))
            let annotations = AlertMatching.annotations(of: entry)
            if !annotations.isEmpty { lines.append("    annotations " + GoFormat.labels(annotations)) }
        }
        for g in freeGot {
            let alert = got[g]
            let state = alert.state == .firing ? "" : " (\(alert.state))"
            lines.append(added("unexpected alert " + GoFormat.labels(alert.labels) + state))
            if !alert.annotations.isEmpty { lines.append("    annotations " + GoFormat.labels(alert.annotations)) }
        }
        if lines.isEmpty { lines.append("(alerts differ)") }
        return lines
    }

    private func describe(_ entry: ExpectedAlert, alertname: String) -> String {
        let labels = AlertMatching.labels(of: entry, alertname: alertname)
        var text = entry.match == .regex ? regexLabels(labels) : GoFormat.labels(labels)
        if entry.match != .exact { text += " (match: \(entry.match.rawValue))" }
        if let state = entry.state, state != .firing { text += " (\(state.rawValue))" }
        return text
    }

    private func regexLabels(_ labels: [Label]) -> String {
        "{" + labels.map { "\($0.name)=~\(GoQuote.quote($0.value))" }.joined(separator: ", ") + "}"
    }

    /// Shared labels count twice as much as shared annotations: labels say which alert it is.
    private func similarity(_ e: ExpectedAlert, _ g: ObservedAlert, alertname: String) -> Int {
        let labels = AlertMatching.labels(of: e, alertname: alertname).filter { g.labels[$0.name] == $0.value }.count
        let annotations = AlertMatching.annotations(of: e).filter {
            AlertMatching.value(of: $0.name, in: g.annotations) == $0.value
        }.count
        return 2 * labels + annotations
    }

    /// The pairs (row, column) of `scores` with the largest total, each row and column used at most once,
    /// keeping only pairs scoring at least `minimum`. Exact for up to 12 columns, greedy beyond.
    static func bestPairing(_ scores: [[Int]], minimum: Int) -> [(Int, Int)] {
        let rows = scores.count
        let columns = scores.first?.count ?? 0
        guard rows > 0, columns > 0 else { return [] }
        func value(_ i: Int, _ j: Int) -> Int { scores[i][j] >= minimum ? scores[i][j] : 0 }
        guard columns <= 12 else {
            var pairs: [(Int, Int)] = []
            var usedRows = Set<Int>()
            var usedColumns = Set<Int>()
            let candidates = (0..<rows).flatMap { i in (0..<columns).map { (i, $0) } }
                .sorted { value($0.0, $0.1) > value($1.0, $1.1) }
            for (i, j) in candidates where value(i, j) > 0 && !usedRows.contains(i) && !usedColumns.contains(j) {
                pairs.append((i, j))
                usedRows.insert(i)
                usedColumns.insert(j)
            }
            return pairs
        }
        // best[i][mask]: the best total for rows i… with the columns in `mask` already taken.
        let size = 1 << columns
        var best = [[Int]](repeating: [Int](repeating: 0, count: size), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for mask in 0..<size {
                var top = best[i + 1][mask]
                for j in 0..<columns where mask & (1 << j) == 0 && value(i, j) > 0 {
                    top = max(top, value(i, j) + best[i + 1][mask | (1 << j)])
                }
                best[i][mask] = top
            }
        }
        var pairs: [(Int, Int)] = []
        var mask = 0
        for i in 0..<rows {
            if best[i][mask] == best[i + 1][mask] { continue }
            for j in 0..<columns where mask & (1 << j) == 0 && value(i, j) > 0 {
                if best[i][mask] == value(i, j) + best[i + 1][mask | (1 << j)] {
                    pairs.append((i, j))
                    mask |= 1 << j
                    break
                }
            }
        }
        return pairs
    }

    private func pairDiff(_ e: ExpectedAlert, _ g: ObservedAlert, alertname: String) -> [String] {
        let expectedLabels = AlertMatching.labels(of: e, alertname: alertname)
        let expectedAnnotations = AlertMatching.annotations(of: e)
        let gotAnnotations = g.annotations
        let common = expectedLabels.filter { g.labels[$0.name] == $0.value && g.labels.has($0.name) }
        var lines = ["alert " + GoFormat.labels(common) + ":"]
        lines += fieldDiff(expectedLabels, Array(g.labels), match: e.match).map { "  " + $0 }
        let annotationLines = fieldDiff(expectedAnnotations, gotAnnotations, match: e.match)
        if !annotationLines.isEmpty { lines += ["  annotations:"] + annotationLines.map { "  " + $0 } }
        let expectedState: AlertState = e.state == .pending ? .pending : .firing
        if expectedState != g.state {
            lines += ["  state:", "  " + removed(expectedState.description), "  " + added(g.state.description)]
        }
        if let activeAt = e.activeAt, activeAt != g.activeAt {
            lines += [
                "  active at:", "  " + removed(GoFormat.promDuration(activeAt)),
                "  " + added(GoFormat.promDuration(g.activeAt)),
            ]
        }
        if let firedAt = e.firedAt, firedAt != g.firedAt {
            lines += [
                "  fired at:", "  " + removed(GoFormat.promDuration(firedAt)),
                "  " + added(g.firedAt.map(GoFormat.promDuration) ?? "never"),
            ]
        }
        return lines
    }

    /// The entries that differ between an expected and an observed label list (only the expected names for
    /// `partial` and `regex`).
    private func fieldDiff(_ expected: [Label], _ got: [Label], match: ExpectedAlert.Match) -> [String] {
        var lines: [String] = []
        let gotByName = Dictionary(got.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let expectedNames = Set(expected.map(\.name))
        for label in expected {
            let actual = gotByName[label.name]
            let ok: Bool
            switch match {
            case .exact: ok = actual == label.value
            case .partial: ok = (actual ?? "") == label.value
            case .regex: ok = label.name == WellKnown.alertName || AlertMatching.regexMatches(label.value, actual ?? "")
            }
            if ok { continue }
            let op = match == .regex ? "=~" : "="
            lines.append(removed("\(label.name)\(op)\(GoQuote.quote(label.value))"))
            if let actual { lines.append(added("\(label.name)=\(GoQuote.quote(actual))")) }
        }
        if match == .exact {
            for label in got where !expectedNames.contains(label.name) {
                lines.append(added("\(label.name)=\(GoQuote.quote(label.value))"))
            }
        }
        return lines
    }

    // MARK: promtool's texts

    /// What promtool prints for a failure (without its own group-name line for messages).
    func promtoolTexts(_ failure: TestFailure, groupName: String) -> [String] {
        switch failure {
        case .message(let text, _): return [text]
        case .ruleFile(let file): return file.promtoolErrors
        case .alerts(let failure): return [promtoolAlertListing(failure, groupName: groupName)]
        case .samples(let failure): return [promtoolSampleListing(failure)]
        }
    }

    func promtoolAlertListing(_ failure: AlertCheckFailure, groupName: String) -> String {
        let testCase = failure.testCase
        let expected = testCase.expectedAlerts.map {
            (
                labels: AlertMatching.labels(of: $0, alertname: testCase.alertname),
                annotations: AlertMatching.annotations(of: $0)
            )
        }.sorted { a, b in
            let c = AlertMatching.compare(a.labels, b.labels)
            return c != 0 ? c < 0 : AlertMatching.compare(a.annotations, b.annotations) < 0
        }
        let got = failure.got.map { (labels: Array($0.labels), annotations: $0.annotations) }
        let name = groupName.isEmpty ? "" : "    name: \(groupName),\n"
        return name + "    alertname: \(testCase.alertname), time: \(GoFormat.promDuration(testCase.evalTime)), \n"
            + "        exp:" + Self.indentLines(Self.listing(expected), "            ") + ", \n"
            + "        got:" + Self.indentLines(Self.listing(got), "            ")
    }

    func promtoolSampleListing(_ failure: SampleCheckFailure) -> String {
        func list(_ samples: [ObservedSample]) -> String {
            samples.isEmpty
                ? "nil"
                : samples.map { GoFormat.labels($0.labels) + " " + GoFormat.floatE($0.value) }
                    .joined(separator: ", ")
        }
        let testCase = failure.testCase
        return "    expr: \(GoQuote.quote(testCase.expr)), time: \(GoFormat.promDuration(testCase.evalTime)),\n"
            + "        exp: \(list(failure.expected))\n        got: \(list(failure.got))"
    }

    /// promtool's `labelsAndAnnotations.String`.
    static func listing(_ alerts: [(labels: [Label], annotations: [Label])]) -> String {
        guard !alerts.isEmpty else { return "[]" }
        var out = "[\n"
        for (i, alert) in alerts.enumerated() {
            if i > 0 { out += ",\n" }
            let body = "Labels:" + GoFormat.labels(alert.labels) + "\nAnnotations:" + GoFormat.labels(alert.annotations)
            out += "\(i):" + indentLines("\n" + body, "  ")
        }
        return out + "\n]"
    }

    /// promtool's `indentLines`: every line after the first gets `indent`.
    static func indentLines(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }
}
