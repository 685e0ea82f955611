import Foundation
@testable import KlaxonConformance

/// The recorded differential fixtures in `Tests/Fixtures/differential`.
enum DifferentialFixtures {
    static var directory: URL {
        SharedData.repositoryRoot.appendingPathComponent("Tests/Fixtures/differential")
    }

    /// File names of the recorded fixtures, sorted.
    static var names: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []  // absent: no cases
        return all.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> DifferentialFixture {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(DifferentialFixture.self, from: data)
    }

    /// The pass floor in `differential-floor.txt`.
    static func floor() throws -> Int {
        let text = try String(contentsOf: directory.appendingPathComponent("differential-floor.txt"), encoding: .utf8)
        guard let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure("differential-floor.txt must hold one integer")
        }
        return value
    }
}
