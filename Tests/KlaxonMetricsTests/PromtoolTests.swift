import Foundation
import Testing

@testable import KlaxonMetrics

/// Runs `promtool check metrics` on Klaxon's output when promtool is installed (found through `$PROMTOOL`
/// or `$PATH`); otherwise the tests are skipped with "promtool not installed".
@Suite struct PromtoolTests {
    static let promtool: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["PROMTOOL"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/promtool"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// promtool's exit status and combined output for `text` on standard input.
    static func check(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(promtool))
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "promtool accepts the golden text exposition (without the counter that lacks _total on purpose)",
        .enabled(if: promtool != nil, "promtool not installed")
    )
    func golden() throws {
        let families = GoldenRegistry.make().collect().filter { $0.name != "demo_legacy" }
        let result = try Self.check(Exposition.render(families, format: .prometheusText))
        #expect(result.status == 0, "\(result.output)")
        let legacy = try Self.check(GoldenRegistry.make().exposition(.prometheusText))
        #expect(legacy.output.contains("demo_legacy counter metrics should have \"_total\" suffix"))
    }

    @Test("promtool rejects malformed text (the check can fail)", .enabled(if: promtool != nil, "promtool not installed"))
    func negativeControl() throws {
        let result = try Self.check("# TYPE broken counter\nbroken{a=\"unterminated} 1\n")
        #expect(result.status != 0)
    }

    @Test(
        "promtool accepts the platform exposition except the two gauges whose names end in _total",
        .enabled(if: promtool != nil, "promtool not installed")
    )
    func platform() throws {
        let result = try Self.check(PlatformMetricsTests.exercised().registry.exposition(.prometheusText))
        let problems = result.output.split(separator: "\n").map(String.init).sorted()
        #expect(
            problems == [
                "config_active_total non-counter metrics should not have \"_total\" suffix",
                "rbac_active_roles_total non-counter metrics should not have \"_total\" suffix",
            ])
        #expect(result.status == (problems.isEmpty ? 0 : 3))
    }
}
