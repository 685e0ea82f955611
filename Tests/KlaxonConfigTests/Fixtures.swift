import Foundation

/// Paths of the repository's test fixtures (`Tests/Fixtures`), found from this file's location.
enum Fixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// Names (not paths) of the files in `Tests/Fixtures/<folder>` ending in `suffix`, sorted.
    static func names(in folder: String, suffix: String) -> [String] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []  // no folder: no cases
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    static func data(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    /// Compares `actual` with the golden file, or rewrites it when `KLAXON_UPDATE_GOLDENS=1`.
    static func golden(_ folder: String, _ name: String) -> String? {
        let url = directory.appendingPathComponent(folder).appendingPathComponent(name)
        return try? String(contentsOf: url, encoding: .utf8)  // a missing golden is reported by the caller
    }

    static func writeGolden(_ folder: String, _ name: String, _ text: String) throws {
        let url = directory.appendingPathComponent(folder).appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["KLAXON_UPDATE_GOLDENS"] == "1" }
}
