import Foundation
import KlaxonPromQL
import Testing

/// Inputs that once crashed a libFuzzer run (scripts/fuzz.sh), kept forever: each must parse or fail with a
/// positioned error, and whatever parses must print to text that parses to the same printed form.
@Suite struct FuzzCrasherTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-crashers")

    static func inputs(_ target: String) -> [String] {
        let directory = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []  // none kept yet
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func read(_ target: String, _ name: String) throws -> String {
        let data = try Data(contentsOf: root.appendingPathComponent(target).appendingPathComponent(name))
        return String(decoding: data, as: UTF8.self)
    }

    @Test("PromQL crashers parse, print and re-parse", arguments: inputs("promql"))
    func promql(name: String) throws {
        let text = try Self.read("promql", name)
        do {
            let expr = try PromQL.parse(text)
            let printed = expr.description
            let reparsed = try PromQL.parse(printed)
            #expect(reparsed.description == printed)
        } catch {
            #expect(error.range.lowerBound <= text.utf8.count)
        }
    }

    @Test("series-notation crashers parse or fail with a position", arguments: inputs("series"))
    func series(name: String) throws {
        let text = try Self.read("series", name)
        do {
            _ = try PromQL.parseSeriesDescription(text)
        } catch {
            #expect(error.range.lowerBound <= text.utf8.count)
        }
    }

    @Test("the crasher corpus is present")
    func corpusPresent() {
        #expect(!Self.inputs("promql").isEmpty)
    }
}
