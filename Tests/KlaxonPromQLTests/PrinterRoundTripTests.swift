import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct PrinterRoundTripTests {
    @Test("printing then parsing gives the same tree for every conformance eval expression")
    func corpusRoundTrip() throws {
        var checked = 0
        var failures: [String] = []
        for e in ConformanceCorpus.evals {
            guard let tree = try? PromQL.parse(e.expr) else { continue }  // counted by CorpusTests
            let text = tree.description
            do {
                let again = try PromQL.parse(text)
                if again.normalized != tree.normalized { failures.append("\(e)\n  printed: \(text)\n  reparsed: \(again)") }
                if again.description != text { failures.append("\(e)\n  printed twice differs: \(text) / \(again)") }
            } catch {
                failures.append("\(e)\n  printed: \(text)\n  error: \(error)")
            }
            checked += 1
        }
        print("round trip: \(checked - failures.count) of \(checked) conformance expressions")
        #expect(checked > 0 || ConformanceCorpus.evals.isEmpty)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }
}
