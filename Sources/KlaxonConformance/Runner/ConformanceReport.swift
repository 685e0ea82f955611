/// The outcome of one statement of a script (an eval, or a load/command that could not be run).
public struct StatementResult: Sendable, Equatable {
    /// What happened.
    public enum Outcome: Sendable, Equatable {
        case passed
        /// The statement failed; the text says `expected …, got …` or what went wrong.
        case failed(String)
        /// The statement needs a feature Klaxon does not evaluate; the text says which.
        case skipped(String)
    }

    /// The script's name as reported (`functions.test`).
    public var file: String
    public var line: Int
    /// The eval's expression, or the command (`load 5m`) for other statements.
    public var statement: String
    public var outcome: Outcome

    public init(file: String, line: Int, statement: String, outcome: Outcome) {
        self.file = file
        self.line = line
        self.statement = statement
        self.outcome = outcome
    }

    /// `functions.test:120: rate(foo[5m]): expected {} 1, got 2` (skips and passes say so).
    public var reportLine: String {
        let head = "\(file):\(line): \(Self.shorten(statement, to: 100))"
        switch outcome {
        case .passed: return "\(head): ok"
        case .failed(let why): return "\(head): \(Self.shorten(why, to: 400))"
        case .skipped(let why): return "\(head): skipped: \(why)"
        }
    }

    var isPassed: Bool { outcome == .passed }
    var isFailed: Bool { if case .failed = outcome { true } else { false } }
    var isSkipped: Bool { if case .skipped = outcome { true } else { false } }

    static func shorten(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// The results of one script.
public struct FileReport: Sendable {
    public var file: String
    public var results: [StatementResult]

    public init(file: String, results: [StatementResult]) {
        self.file = file
        self.results = results
    }

    public var passed: Int { results.count { $0.isPassed } }
    public var failed: Int { results.count { $0.isFailed } }
    public var skipped: Int { results.count { $0.isSkipped } }
}

/// The results of a run over several scripts, and their text rendering.
public struct ConformanceReport: Sendable {
    public var files: [FileReport]

    public init(files: [FileReport]) { self.files = files }

    public var results: [StatementResult] { files.flatMap(\.results) }
    public var passed: Int { files.reduce(0) { $0 + $1.passed } }
    public var failed: Int { files.reduce(0) { $0 + $1.failed } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }

    /// `N passed, M failed, K skipped`.
    public var summaryLine: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }

    /// One line per failing statement, then the summary as the last line. `verbose` adds skipped and passed
    /// statements and a summary per file.
    public func render(verbose: Bool = false) -> String {
        var lines: [String] = []
        for file in files {
            for result in file.results where verbose || result.isFailed {
                lines.append(result.reportLine)
            }
            if verbose {
                lines.append("\(file.file): \(file.passed) passed, \(file.failed) failed, \(file.skipped) skipped")
            }
        }
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }
}
