import Foundation

/// Paths of the repository's fixtures (`Tests/Fixtures`) and of the shared conformance data
/// (`$KLAXON_SHARED`, else `<repo root>/../shared`).
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    static var shared: URL {
        if let env = ProcessInfo.processInfo.environment["KLAXON_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// `…/conformance/promtool`.
    static var promtool: URL { shared.appendingPathComponent("conformance/promtool") }

    /// The path of `Tests/Fixtures/<folder>/<name>`.
    static func path(_ folder: String, _ name: String) -> String {
        directory.appendingPathComponent(folder).appendingPathComponent(name).path
    }

    /// Names of the files in `Tests/Fixtures/<folder>` ending in `suffix`, sorted.
    static func names(in folder: String, suffix: String) -> [String] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []  // no folder: no cases
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// A scratch directory for files a test writes, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("klaxon-ruletest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
