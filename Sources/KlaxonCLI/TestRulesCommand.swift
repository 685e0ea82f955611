import ArgumentParser
import Foundation
import KlaxonConfig
import KlaxonRuleTest

/// `klaxon test …`: unit tests (promtool's `test` command).
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Unit testing.",
        subcommands: [TestRulesCommand.self]
    )
}

/// `klaxon test rules FILE…`: a drop-in for `promtool test rules`.
struct TestRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Unit tests for rules (promtool test rules).",
        discussion: """
            Runs promtool unit-test files with promtool 3.x's semantics and exit status: 0 when every selected \
            test group passed, 1 otherwise. Each file prints `  SUCCESS` or `  FAILED:`; failures show the test \
            name, the evaluation time and only the labels, annotations or values that differ. A last line \
            counts passed and failed test groups.

            Klaxon extensions of the test-file format (never needed by promtool files), on exp_alerts entries: \
            `match: partial` (the listed labels and annotations must be present with these values, others may \
            be too), `match: regex` (as partial, values are anchored regular expressions), `exp_state: pending` \
            (the alert must be pending; the test case then also sees pending alerts), `exp_active_at: 5m` and \
            `exp_fired_at: 10m` (when the alert became pending / started firing, from the test start).
            """
    )

    @Option(name: .long, help: "Only run test groups whose name matches this regular expression (repeatable).")
    var run: [String] = []

    @Option(name: .long, help: "Write JUnit XML test results to this file.")
    var junit: String?

    @Flag(name: .long, help: "Also print the complete expected and actual lists of every failure.")
    var diff = false

    @Flag(name: .long, help: "Print timings and a dump of all series of each test group on standard error.")
    var debug = false

    @Flag(name: .long, help: "Ignore unknown fields in the rule files (test files stay strict).")
    var ignoreUnknownFields = false

    @Option(
        name: .long,
        help: "PromQL features, comma-separated (promql-delayed-name-removal; other promtool features are always on).")
    var enableFeature: [String] = []

    @Flag(name: .long, help: "Report rules no test exercises and tested alerts that never fire.")
    var coverage = false

    @Flag(name: .long, help: "Exit with status 1 when a warning was printed.")
    var failOnWarnings = false

    @Option(name: .long, help: "Colour the output: auto (when a terminal), always or never.")
    var color: ColorChoice = .auto

    @Argument(help: "The test files.")
    var files: [String] = []

    func run() async throws {
        guard !files.isEmpty else {
            FileHandle.standardError.write(
                Data("klaxon: error: required argument 'test-rule-file' not provided\n".utf8))
            throw ExitCode(1)
        }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            FileHandle.standardError.write(Data("klaxon: error: path '\(file)' does not exist\n".utf8))
            throw ExitCode(1)
        }
        var options = RuleTestOptions()
        options.runPatterns = run
        options.fullListings = diff
        options.debug = debug
        options.ignoreUnknownFields = ignoreUnknownFields
        options.coverage = coverage
        options.failOnWarnings = failOnWarnings
        options.color = color.enabled(for: .standardError)
        for feature in enableFeature.flatMap({ $0.split(separator: ",") })
        where feature == "promql-delayed-name-removal" {
            options.delayedNameRemoval = true
        }
        let session = RuleTestSession(options: options)
        let summary = await session.run(files: files, output: StandardOutput())
        if let junit {
            do {
                try Data(summary.junit.xml.utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                FileHandle.standardError.write(Data("failed to write JUnit XML: \(error)\n".utf8))
            }
        }
        throw ExitCode(summary.exitCode)
    }
}

/// `--color`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(for stream: KlaxonConfig.OutputStream) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
            return StandardOutput.isTerminal(stream)
        }
    }
}
