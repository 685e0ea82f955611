import Foundation

/// Where the shared conformance data lives: `$KLAXON_SHARED`, else `<repo root>/../shared`.
enum SharedData {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var root: URL {
        if let env = ProcessInfo.processInfo.environment["KLAXON_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// `…/shared/conformance/promql`.
    static var promqlDirectory: URL { root.appendingPathComponent("conformance/promql") }

    /// The `.test` file names, sorted; empty when the data is absent.
    static var promqlTestFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: promqlDirectory.path)) ?? []  // absent data: no cases
        return names.filter { $0.hasSuffix(".test") }.sorted()
    }

    static func contents(ofTest name: String) throws -> String {
        try String(contentsOf: promqlDirectory.appendingPathComponent(name), encoding: .utf8)
    }
}
