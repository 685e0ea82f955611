import KlaxonModel

/// `klaxon check rules`: a drop-in for `promtool check rules` with its exact output and exit codes (0 valid,
/// 1 invalid, 3 lint problems with `--lint-fatal`), plus Klaxon's optional checks (`RuleCheck`), printed as
/// `file:line:col: warning: message [code]` lines that do not change the exit code unless `failOnWarnings`.
public struct RuleCheckSession: Sendable {
    /// How problems are printed.
    public enum Format: String, Sendable, CaseIterable {
        /// promtool's lines, byte for byte.
        case promtool
        /// Klaxon's diagnostics: `file:line:col: error: …` at the exact character, with a source excerpt.
        case diagnostics
    }

    /// Settings (promtool's flags plus Klaxon's).
    public struct Options: Sendable {
        /// `--lint`: comma-separated `all`, `duplicate-rules`, `none` (default `duplicate-rules`).
        public var lint = "duplicate-rules"
        /// `--lint-fatal`: lint problems exit with 3.
        public var lintFatal = false
        /// `--ignore-unknown-fields`.
        public var ignoreUnknownFields = false
        /// Klaxon's extra checks.
        public var checks = RuleLintOptions()
        /// Exit with 3 when a Klaxon check warned.
        public var failOnWarnings = false
        public var format = Format.promtool
        public var color = false

        public init() {}
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Checks `files`, or standard input (`readStandardInput`) when there are none; returns the exit status.
    public func run(files: [String], output: some RuleToolOutput, readStandardInput: () -> [UInt8] = { [] }) -> Int32 {
        var lintDuplicates = false
        if !options.lint.isEmpty {
            for setting in options.lint.split(separator: ",", omittingEmptySubsequences: false) {
                switch setting {
                case "all", "duplicate-rules": lintDuplicates = true
                case "none": break
                default:
                    output.write(
                        "WARNING: unknown lint option: \(GoQuote.quote(String(setting)))\n", to: .standardOutput)
                }
            }
        }
        let loader = RuleFileLoader(options: .init(ignoreUnknownFields: options.ignoreUnknownFields))
        var failed = false
        var hasErrors = false
        var warnings = 0
        let inputs: [(name: String, file: RuleFile)] =
            files.isEmpty
            ? [("standard input", loader.load(readStandardInput(), path: "standard input"))]
            : files.map { ($0, loader.load(path: $0)) }
        for (name, file) in inputs {
            output.write("Checking \(name)\n", to: .standardOutput)
            if file.hasErrors {
                failed = true
                hasErrors = true
                output.write("  FAILED:\n", to: .standardError)
                writeErrors(file, output: output)
                continue
            }
            let duplicates = lintDuplicates ? DuplicateRules.find(in: file.groups) : []
            if !duplicates.isEmpty {
                failed = true
                output.write("  FAILED:\n", to: .standardError)
                output.write("lint error " + DuplicateRules.message(duplicates) + "\n", to: .standardError)
            } else {
                output.write("  SUCCESS: \(file.ruleCount) rules found\n", to: .standardOutput)
            }
            let findings = RuleLinter.lint(file, options: options.checks)
            warnings += findings.count
            writeWarnings(file.warnings + findings, file: file, output: output)
            output.write("\n", to: .standardOutput)
        }
        if failed && hasErrors { return 1 }
        if failed && options.lintFatal { return 3 }
        if options.failOnWarnings && warnings > 0 { return 3 }
        return 0
    }

    private func writeErrors(_ file: RuleFile, output: some RuleToolOutput) {
        switch options.format {
        case .promtool:
            for line in file.promtoolErrors { output.write(line + "\n", to: .standardError) }
        case .diagnostics:
            let renderer = DiagnosticRenderer(color: options.color)
            for diagnostic in file.diagnostics {
                output.write(renderer.render(diagnostic, source: file.text) + "\n", to: .standardError)
            }
        }
    }

    private func writeWarnings(_ warnings: [Diagnostic], file: RuleFile, output: some RuleToolOutput) {
        let renderer = DiagnosticRenderer(color: options.color, excerpts: options.format == .diagnostics)
        for warning in warnings {
            output.write(renderer.render(warning, source: file.text) + "\n", to: .standardError)
        }
    }
}
