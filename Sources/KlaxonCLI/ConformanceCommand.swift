import ArgumentParser
import Foundation
import KlaxonConformance

/// `klaxon conformance …`: runs external conformance suites against Klaxon.
struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run conformance suites against Klaxon's PromQL engine.",
        subcommands: [PromQLConformance.self, DifferentialPlan.self]
    )

    /// `klaxon conformance promql DIR`: Prometheus's PromQL test scripts (`*.test`).
    struct PromQLConformance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promql",
            abstract: "Run Prometheus's PromQL test scripts (*.test) and report each eval statement.",
            discussion: """
                Prints one line per failing statement (`file:line: expr: expected …, got …`) and, as the last \
                line, `N passed, M failed, K skipped`. Evals that need native histograms or start timestamps \
                are skipped. Exits 0 unless fewer than --min-pass statements pass.
                """
        )

        @Argument(help: "Directory holding the *.test scripts.")
        var directory: String

        @Flag(name: .shortAndLong, help: "Also list passed and skipped statements, and a summary per file.")
        var verbose = false

        @Option(name: .long, help: "Run only this script (name with or without .test); repeatable.")
        var file: [String] = []

        @Option(name: .long, help: "Exit 1 when fewer statements than this pass.")
        var minPass = 0

        @Flag(name: .long, help: "Also re-run instant evals as range queries and with '@' pinned, as upstream does.")
        var extraChecks = false

        @Option(name: .long, help: "Store to load scripts into: memory (Klaxon's storage) or script (a minimal one).")
        var store = ConformanceStoreKind.memory.rawValue

        func validate() throws {
            guard minPass >= 0 else { throw ValidationError("--min-pass must not be negative") }
            guard ConformanceStoreKind(rawValue: store) != nil else {
                throw ValidationError("--store must be one of: \(ConformanceStoreKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let report: ConformanceReport
            do {
                report = try ConformanceRunner(extraChecks: extraChecks, makeStore: (ConformanceStoreKind(rawValue: store) ?? .memory).factory).run(directory: directory, only: file)
            } catch let error as ConformanceRunner.ReadError {
                printError("error: \(error)")
                throw ExitCode(2)
            }
            print(report.render(verbose: verbose))
            if report.passed < minPass {
                printError("error: \(report.passed) statements passed, fewer than --min-pass \(minPass)")
                throw ExitCode.failure
            }
        }
    }
}

/// `klaxon conformance differential-plan`: prints a generated differential fixture (data and queries, no
/// answers) as JSON, for `scripts/differential/record.py` to answer with a reference Prometheus.
struct DifferentialPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "differential-plan",
        abstract: "Print a seeded differential-testing plan (data set and queries) as JSON."
    )

    @Option(name: .long, help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of queries.")
    var cases = 220

    func validate() throws {
        guard cases > 0, cases <= 100_000 else { throw ValidationError("--cases must be between 1 and 100000") }
    }

    func run() throws {
        let fixture = DifferentialGenerator(seed: seed).makeFixture(cases: cases)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(fixture)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// Writes a line to standard error.
private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
