import ArgumentParser
import Foundation
import KlaxonConfig
import KlaxonModel

/// `klaxon check …`: validation (promtool's `check` command).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the resources for validity.",
        subcommands: [CheckRulesCommand.self]
    )
}

/// `klaxon check rules FILE…`: a drop-in for `promtool check rules`.
struct CheckRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check if the rule files are valid or not (promtool check rules).",
        discussion: """
            Prints promtool's output exactly and exits as promtool does: 0 when valid, 1 when a file is invalid, \
            3 when only lint problems were found and --lint-fatal is set. Without files, reads standard input.

            --check enables Klaxon's checks (comma-separated, or `all`): severity (alerts without a severity \
            label), annotations (alerts without --required-annotations), rate-range (rate()-family ranges shorter \
            than twice --scrape-interval), for-interval (for: shorter than the evaluation interval), \
            template-labels ($labels.X the expression can never produce), thresholds (comparisons that can \
            never be true). Their findings are printed as `file:line:col: warning: … [lint.code]` and do not \
            change the exit status unless --fail-on-warnings (then 3).
            """
    )

    @Option(name: .long, help: "Linting checks to apply: all, duplicate-rules, none.")
    var lint = "duplicate-rules"

    @Flag(name: .long, help: "Make lint errors exit with exit code 3.")
    var lintFatal = false

    @Flag(name: .long, help: "Ignore unknown fields in the rule files.")
    var ignoreUnknownFields = false

    @Option(name: .long, help: "PromQL features (accepted for compatibility; Klaxon's parser always has them).")
    var enableFeature: [String] = []

    @Option(
        name: .long,
        help: "Klaxon checks: severity, annotations, rate-range, for-interval, template-labels, thresholds, all.")
    var check: [String] = []

    @Option(name: .long, help: "Annotations every alert must have (the annotations check), comma-separated.")
    var requiredAnnotations = "summary,description,runbook_url"

    @Option(name: .long, help: "Scrape interval the rate-range check assumes.")
    var scrapeInterval = "1m"

    @Option(name: .long, help: "Evaluation interval of groups without `interval:` (the for-interval check).")
    var evalInterval = "1m"

    @Flag(name: .long, help: "Exit with status 3 when a Klaxon check warned.")
    var failOnWarnings = false

    @Option(
        name: .long,
        help: "Output format: promtool (exact promtool output) or diagnostics (file:line:col with excerpts).")
    var format: CheckFormat = .promtool

    @Option(name: .long, help: "Colour the output: auto (when a terminal), always or never.")
    var color: ColorChoice = .auto

    @Argument(help: "The rule files (standard input when none).")
    var files: [String] = []

    func run() throws {
        var options = RuleCheckSession.Options()
        options.lint = lint
        options.lintFatal = lintFatal
        options.ignoreUnknownFields = ignoreUnknownFields
        options.failOnWarnings = failOnWarnings
        options.format = format.format
        options.color = color.enabled(for: .standardError)
        var checks: Set<RuleCheck> = []
        for name in check.flatMap({ $0.split(separator: ",") }).map(String.init) {
            if name == "all" {
                checks.formUnion(RuleCheck.allCases)
            } else if let known = RuleCheck(rawValue: name) {
                checks.insert(known)
            } else {
                throw ValidationError("unknown check \(GoQuote.quote(name))")
            }
        }
        options.checks.checks = checks
        options.checks.requiredAnnotations = requiredAnnotations.split(separator: ",").map(String.init)
        do {
            options.checks.scrapeInterval = try PromDuration.parse(scrapeInterval)
            options.checks.evaluationInterval = try PromDuration.parse(evalInterval)
        } catch {
            throw ValidationError(String(describing: error))
        }
        let status = RuleCheckSession(options: options).run(files: files, output: StandardOutput()) {
            Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        throw ExitCode(status)
    }
}

/// `--format`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case promtool, diagnostics

    var format: RuleCheckSession.Format { self == .promtool ? .promtool : .diagnostics }
}
