import Foundation
import KlaxonModel
import KlaxonPromQL
import Testing
@testable import KlaxonConformance

/// The runner reads series lines with its own parser; this checks it agrees with the PromQL module's
/// `parseSeriesDescription` on every series line of the upstream scripts (histograms compared by presence only).
@Suite struct SeriesLineCrossCheckTests {
    @Test("both series-line parsers agree on the upstream scripts", arguments: SharedData.promqlTestFiles)
    func agree(_ name: String) throws {
        let script = TestScript(parsing: try SharedData.contents(ofTest: name), file: name)
        let text = try SharedData.contents(ofTest: name).split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [(Int, Labels, [SeriesValue])] = []
        for command in script.commands {
            switch command {
            case .load(let load): lines += load.series.map { ($0.line, $0.labels, $0.values) }
            case .eval(let eval):
                if case .series(let rows) = eval.expected { lines += rows.map { ($0.line, $0.labels, $0.values) } }
            default: break
            }
        }
        var checked = 0
        for (line, labels, values) in lines {
            let raw = text[line - 1].trimmingCharacters(in: .whitespaces)
            let theirs: (labels: Labels, values: [SeriesValue])
            do {
                theirs = try PromQL.parseSeriesDescription(raw)
            } catch {
                Issue.record("\(name):\(line): PromQL.parseSeriesDescription rejects \(raw): \(error)")
                continue
            }
            #expect(theirs.labels == labels, "\(name):\(line)")
            #expect(theirs.values.count == values.count, "\(name):\(line)")
            for (a, b) in zip(theirs.values, values) {
                switch (a, b) {
                case (.histogram, .histogram): break
                case (.value(let x), .value(let y)):
                    #expect(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN), "\(name):\(line)")
                default: #expect(a == b, "\(name):\(line)")
                }
            }
            checked += 1
        }
        #expect(checked == lines.count)
    }
}
