import Foundation
import KlaxonModel
import Testing
@testable import KlaxonConformance

/// Runs all of Prometheus's PromQL test scripts and holds the engine to a floor of passing statements.
@Suite struct ConformanceSuiteTests {
    /// The floor, from `conformance-floor.txt` next to this file: raise it as the engine improves.
    static func floor() throws -> Int {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("conformance-floor.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure("conformance-floor.txt must hold one integer, found \(GoQuote.quote(text))")
        }
        return value
    }

    @Test("the upstream PromQL scripts pass at least as often as the recorded floor", arguments: ConformanceStoreKind.allCases)
    func suiteMeetsFloor(store: ConformanceStoreKind) throws {
        let directory = SharedData.promqlDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else {
            Issue.record("conformance data not found at \(directory): set KLAXON_SHARED to the shared folder")
            return
        }
        let report = try ConformanceRunner(makeStore: store.factory).run(directory: directory)
        let floor = try Self.floor()
        print("PromQL conformance (\(store.rawValue) store): \(report.summaryLine) (floor \(floor))")
        #expect(report.passed + report.failed + report.skipped == 2195)
        #expect(report.passed >= floor, "\(report.summaryLine); floor is \(floor)")
    }

    @Test("with upstream's extra checks (range mode and @ pinning) the scripts still meet the floor")
    func suiteWithExtraChecksMeetsFloor() throws {
        let directory = SharedData.promqlDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else {
            Issue.record("conformance data not found at \(directory): set KLAXON_SHARED to the shared folder")
            return
        }
        let report = try ConformanceRunner(extraChecks: true).run(directory: directory)
        let floor = try Self.floor()
        print("PromQL conformance with extra checks: \(report.summaryLine) (floor \(floor))")
        #expect(report.passed >= floor, "\(report.summaryLine); floor is \(floor)")
    }

    @Test("the runner's native-histogram skips agree with EVAL_INDEX.tsv; only @st evals are skipped besides")
    func classificationMatchesIndex() throws {
        let directory = SharedData.promqlDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else {
            Issue.record("conformance data not found at \(directory): set KLAXON_SHARED to the shared folder")
            return
        }
        let index = try EvalIndex(contentsOf: SharedData.promqlDirectory.appendingPathComponent("EVAL_INDEX.tsv").path)
        let report = try ConformanceRunner().run(directory: directory)
        var skipped: [String: String] = [:]
        for result in report.results {
            if case .skipped(let why) = result.outcome { skipped["\(result.file):\(result.line)"] = why }
        }
        let flagged = Set(index.rows.filter(\.nativeHistograms).map { "\($0.file):\($0.line)" })
        let ranAnyway = flagged.subtracting(skipped.keys).sorted()
        let skippedBesides = skipped.filter { !flagged.contains($0.key) }
        #expect(ranAnyway == [], "flagged native-histogram evals that were run")
        #expect(skippedBesides.values.allSatisfy { $0.hasPrefix("start timestamps") }, "\(skippedBesides)")
        print("classification: \(flagged.count) native-histogram evals as in EVAL_INDEX.tsv, plus \(skippedBesides.count) @st evals")
    }
}
