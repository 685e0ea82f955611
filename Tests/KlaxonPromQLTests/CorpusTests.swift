import KlaxonModel
import Testing

@testable import KlaxonPromQL

@Suite struct CorpusTests {
    @Test("every conformance eval expression not marked to fail parses")
    func evalsParse() {
        var failures: [String] = []
        var parsed = 0
        let clock = ContinuousClock()
        let started = clock.now
        for e in ConformanceCorpus.evals {
            do {
                _ = try PromQL.parse(e.expr)
                parsed += 1
            } catch {
                if !e.expectsFailure { failures.append("\(e): \(error)") }
            }
        }
        print("corpus: \(parsed) of \(ConformanceCorpus.evals.count) eval expressions parse in \(clock.now - started)")
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }

    @Test("every load line of the conformance scripts is a valid series description")
    func seriesParse() {
        var failures: [String] = []
        for s in ConformanceCorpus.series {
            do {
                _ = try PromQL.parseSeriesDescription(s.text)
            } catch {
                failures.append("\(s): \(error)")
            }
        }
        print("corpus: \(ConformanceCorpus.series.count - failures.count) of \(ConformanceCorpus.series.count) series lines parse")
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }
}
