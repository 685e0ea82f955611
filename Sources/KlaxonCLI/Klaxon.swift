import ArgumentParser

/// The `klaxon` command: rule testing, validation, queries and the alerting daemon.
@main
struct Klaxon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "klaxon",
        abstract: "Prometheus alert rules: test, check, query and evaluate them without Prometheus.",
        subcommands: [QueryCommand.self, ConformanceCommand.self, TestCommand.self, CheckCommand.self]
    )
}
