public import KlaxonConfig
import KlaxonModel
import KlaxonRules

/// `klaxon test rules`: runs promtool unit-test files with promtool 3.x's semantics and exit status (0 when
/// every selected test group of every file passed, 1 otherwise), printing promtool's `  SUCCESS` / `  FAILED:`
/// framing per file with Klaxon's minimal diffs inside, then a summary line.
///
/// ```swift
/// let summary = await RuleTestSession(options: options).run(files: ["tests.yml"], output: StandardOutput())
/// exit(summary.exitCode)
/// ```
public struct RuleTestSession: Sendable {
    public var options: RuleTestOptions
    public init(options: RuleTestOptions = RuleTestOptions()) {
        self.options = options
    }

    /// Runs every file in order and writes the report to `output`.
    public func run(files: [String], output: some RuleToolOutput) async -> RuleTestSummary {
        var summary = RuleTestSummary()
        var run: PromRegex?
        if !options.runPatterns.isEmpty {
            do {
                run = try PromRegex(".*(?:" + options.runPatterns.joined(separator: "|") + ").*")
            } catch {
                output.write("error: invalid --run pattern: \(error.message)\n", to: .standardError)
                summary.exitCode = 1
                return summary
            }
        }
        var coverage = RuleCoverage()
        for path in files {
            var suite = JUnitReport.Suite(name: path)
            let result = await runFile(path, run: run, suite: &suite, output: output)
            summary.junit.suites.append(suite)
            summary.add(result)
            if options.coverage { coverage.add(result) }
            report(result, output: output)
        }
        var line = "\(summary.passed) passed, \(summary.failed) failed"
        if summary.fileErrors > 0 {
            line += ", \(summary.fileErrors) file\(summary.fileErrors == 1 ? "" : "s") with errors"
        }
        if summary.warnings > 0 { line += ", \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")" }
        output.write(line + "\n", to: .standardOutput)
        if options.coverage {
            let gaps = coverage.report()
            summary.coverage = gaps
            output.write(gaps.rendered(), to: .standardOutput)
        }
        let failed = summary.failed > 0 || summary.fileErrors > 0
        summary.exitCode = failed || (options.failOnWarnings && summary.warnings > 0) ? 1 : 0
        return summary
    }

    /// Everything about one test file.
    struct FileResult {
        var path: String
        /// A problem that stopped the whole file (read, decode, globs, group order), promtool's text first.
        var fileError: (text: String, diagnostics: [Diagnostic], source: [UInt8])?
        var warnings: [TestWarning] = []
        var groups: [TestGroupOutcome] = []
        var unitTests: UnitTestFile?
        var ruleFiles: [RuleFile] = []
    }

    private func runFile(_ path: String, run: PromRegex?, suite: inout JUnitReport.Suite, output: some RuleToolOutput)
        async -> FileResult
    {
        var result = FileResult(path: path)
        output.write("Unit Testing:  \(path)\n", to: .standardOutput)
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(path)
        } catch {
            result.fileError = (error.description, [], [])
            suite.abort(error.description)
            return result
        }
        let decoded = UnitTestFileDecoder.decode(bytes, path: path)
        guard var file = decoded.file else {
            let text = decoded.promtoolMessage ?? "invalid test file"
            result.fileError = (text, decoded.diagnostics, bytes)
            suite.abort(text)
            return result
        }
        var ruleFiles: [String] = []
        for pattern in file.ruleFiles {
            let resolved =
                !pattern.isEmpty && !GoPath.isAbsolute(pattern) ? GoPath.join(GoPath.dir(path), pattern) : pattern
            do {
                let matches = try FileGlob.expand(resolved)
                if matches.isEmpty {
                    output.write("  WARNING: no file match pattern \(resolved)\n", to: .standardError)
                    result.warnings.append(TestWarning(message: "no file match pattern \(resolved)"))
                }
                ruleFiles += matches
            } catch {
                result.fileError = (error.description, [], [])
                suite.abort(error.description)
                return result
            }
        }
        if file.evaluationInterval == 0 { file.evaluationInterval = 60_000 }
        suite.timestamp = JUnitReport.now()
        var order: [String: Int] = [:]
        for (i, name) in file.groupEvalOrder.enumerated() {
            if order[name] != nil {
                let text = "group name repeated in evaluation order: \(name)"
                result.fileError = (text, [], [])
                suite.abort(text)
                return result
            }
            order[name] = i
        }
        result.unitTests = file
        // promtool loads the rule files for every test group; they do not change in between.
        let loader = RuleFileLoader(options: .init(ignoreUnknownFields: options.ignoreUnknownFields))
        var cache: [String: RuleFile] = [:]
        for path in ruleFiles where cache[path] == nil { cache[path] = loader.load(path: path) }
        result.ruleFiles = ruleFiles.compactMap { cache[$0] }
        let renderer = FailureRenderer(color: false, fullListings: false)
        for (index, group) in file.tests.enumerated() {
            guard run?.matches(group.name) ?? true else { continue }
            let runner = TestGroupRunner(
                group: group, index: index, evaluationInterval: file.evaluationInterval,
                fuzzyCompare: file.fuzzyCompare, groupOrder: order, ruleFiles: result.ruleFiles, options: options,
                debugLog: { output.write($0, to: .standardError) })
            let outcome = await runner.run()
            suite.startCase(outcome.name)
            for failure in outcome.failures {
                for text in renderer.promtoolTexts(failure, groupName: group.name) { suite.fail(text) }
            }
            result.groups.append(outcome)
        }
        return result
    }

    /// Prints one file's result: warnings, then `  SUCCESS` or `  FAILED:` with every failure.
    private func report(_ result: FileResult, output: some RuleToolOutput) {
        let renderer = FailureRenderer(color: options.color, fullListings: options.fullListings)
        var seen = Set<TestWarning>()
        for warning in result.groups.flatMap(\.warnings) where seen.insert(warning).inserted {
            let location = warning.location.map { "\($0.file):\($0.start.line):\($0.start.column): " } ?? ""
            output.write("  WARNING: \(location)\(warning.message)\n", to: .standardError)
        }
        if let error = result.fileError {
            output.write("  FAILED:\n", to: .standardError)
            if error.diagnostics.isEmpty {
                output.write(error.text + "\n", to: .standardError)
            } else {
                let diagnostics = DiagnosticRenderer(color: options.color)
                for diagnostic in error.diagnostics {
                    output.write(
                        indent(diagnostics.render(diagnostic, source: error.source)) + "\n", to: .standardError)
                }
            }
            output.write("\n", to: .standardOutput)
            return
        }
        let failing = result.groups.filter { !$0.passed }
        guard !failing.isEmpty else {
            output.write("  SUCCESS\n\n", to: .standardOutput)
            return
        }
        output.write("  FAILED:\n", to: .standardError)
        for group in failing {
            for failure in group.failures {
                output.write(
                    renderer.render(failure, test: group.name).joined(separator: "\n") + "\n\n", to: .standardError)
            }
        }
        output.write("\n", to: .standardOutput)
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

/// The outcome of a `klaxon test rules` run.
public struct RuleTestSummary: Sendable {
    /// 0 when everything passed, 1 otherwise (promtool's codes).
    public var exitCode: Int32 = 0
    /// Test groups that passed and failed, over all files.
    public var passed = 0
    public var failed = 0
    /// Files that could not be run at all (unreadable, invalid YAML, bad globs).
    public var fileErrors = 0
    /// Distinct warnings printed.
    public var warnings = 0
    /// The JUnit report (`--junit`).
    public var junit = JUnitReport()
    /// Untested rules and never-firing alerts (`--coverage`).
    public var coverage: RuleCoverageReport?

    mutating func add(_ result: RuleTestSession.FileResult) {
        if result.fileError != nil { fileErrors += 1 }
        passed += result.groups.filter(\.passed).count
        failed += result.groups.filter { !$0.passed }.count
        warnings += result.warnings.count + Set(result.groups.flatMap(\.warnings)).count
    }
}
