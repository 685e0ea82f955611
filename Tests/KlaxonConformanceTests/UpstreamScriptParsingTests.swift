import Foundation
import Testing
@testable import KlaxonConformance

@Suite struct UpstreamScriptParsingTests {
    @Test("every upstream script parses without problems", arguments: SharedData.promqlTestFiles)
    func parsesCleanly(_ name: String) throws {
        let script = TestScript(parsing: try SharedData.contents(ofTest: name), file: name)
        for problem in script.problems {
            Issue.record("\(problem)")
        }
        #expect(!script.evals.isEmpty)
    }

    @Test("the eval statements are exactly the rows of EVAL_INDEX.tsv")
    func evalsMatchIndex() throws {
        let index = try EvalIndex(contentsOf: SharedData.promqlDirectory.appendingPathComponent("EVAL_INDEX.tsv").path)
        var found: Set<String> = []
        for name in SharedData.promqlTestFiles {
            let script = TestScript(parsing: try SharedData.contents(ofTest: name), file: name)
            for eval in script.evals {
                found.insert("\(name):\(eval.line)")
                let lines: Int
                switch eval.expected {
                case .scalar: lines = 1
                case .series(let rows): lines = rows.count
                case .string: lines = 0
                }
                if let row = index.row(file: name, line: eval.line), row.resultLines != lines {
                    Issue.record("\(name):\(eval.line): \(lines) result lines, the index says \(row.resultLines)")
                }
                if let row = index.row(file: name, line: eval.line), row.expr != eval.expr {
                    Issue.record("\(name):\(eval.line): expression \(eval.expr), the index says \(row.expr)")
                }
            }
        }
        let expected = Set(index.rows.map { "\($0.file):\($0.line)" })
        #expect(found.count == 2195)
        #expect(found.subtracting(expected).sorted() == [])
        #expect(expected.subtracting(found).sorted() == [])
    }
}
