public import KlaxonModel
public import KlaxonPromQL

/// A parsed PromQL test script (Prometheus's `promqltest` format): commands that run top to bottom against
/// one store. Malformed commands are kept in place as `.invalid`, so one bad block does not hide the rest.
public struct TestScript: Sendable {
    /// The path as the caller spelled it; used in every report line.
    public var file: String
    public var commands: [ScriptCommand]

    public init(file: String, commands: [ScriptCommand]) {
        self.file = file
        self.commands = commands
    }

    /// Every problem found while parsing, in file order.
    public var problems: [ScriptError] {
        commands.compactMap { command in
            switch command {
            case .invalid(let error): error
            case .eval(let eval): eval.problem
            case .load, .clear: nil
            }
        }
    }

    /// The eval statements, in file order.
    public var evals: [EvalCommand] {
        commands.compactMap { if case .eval(let e) = $0 { e } else { nil } }
    }
}

/// One command of a test script.
public enum ScriptCommand: Sendable {
    case load(LoadCommand)
    /// `clear`: drop every series. The associated value is the 1-based line.
    case clear(line: Int)
    case eval(EvalCommand)
    /// A block that could not be parsed (an unknown command, a malformed `load`).
    case invalid(ScriptError)

    /// The 1-based line of the command's header.
    public var line: Int {
        switch self {
        case .load(let l): l.line
        case .clear(let line): line
        case .eval(let e): e.line
        case .invalid(let error): error.line
        }
    }
}

/// `load <interval>` or `load_with_nhcb <interval>` with its series lines.
public struct LoadCommand: Sendable {
    public var line: Int
    /// Milliseconds between positions; position k is at `k × interval`.
    public var interval: Int64
    /// `load_with_nhcb`: classic histograms are also stored as native histograms with custom buckets.
    public var withNHCB: Bool
    /// The series, each at most once: a later line for the same labels replaces an earlier one.
    public var series: [LoadedSeries]

    public init(line: Int, interval: Int64, withNHCB: Bool, series: [LoadedSeries]) {
        self.line = line
        self.interval = interval
        self.withNHCB = withNHCB
        self.series = series
    }
}

/// One series of a load block.
public struct LoadedSeries: Sendable {
    public var line: Int
    public var labels: Labels
    public var values: [SeriesValue]
    /// From an `@st` line: per position, the start timestamp as an offset from the sample's timestamp.
    public var startTimestampOffsets: [Int64?]?

    public init(line: Int, labels: Labels, values: [SeriesValue], startTimestampOffsets: [Int64?]? = nil) {
        self.line = line
        self.labels = labels
        self.values = values
        self.startTimestampOffsets = startTimestampOffsets
    }

    /// True when any position holds a native-histogram literal.
    public var hasHistograms: Bool {
        values.contains { if case .histogram = $0 { true } else { false } }
    }
}

/// When an eval runs.
public enum EvalTiming: Sendable, Equatable {
    /// `eval instant at <time>`.
    case instant(at: Timestamp)
    /// `eval range from <start> to <end> step <step>`.
    case range(start: Timestamp, end: Timestamp, step: Int64)
}

/// How an expected error or annotation text is matched.
public enum MessageMatcher: Sendable, Equatable, CustomStringConvertible {
    /// A bare `expect warn`: any text.
    case any
    /// `msg: <text>`: the whole text, exactly.
    case exact(String)
    /// `regex: <RE2>`: the pattern found anywhere in the text.
    case pattern(String)

    /// True when `text` satisfies the matcher. A pattern that does not compile matches nothing
    /// (the parser has already reported it).
    public func matches(_ text: String) -> Bool {
        switch self {
        case .any: return true
        case .exact(let m): return m == text
        case .pattern(let p):
            guard let regex = try? Regex(p) else { return false }  // parse time already rejected bad patterns
            return text.contains(regex)
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .exact(let m): "msg: \(m)"
        case .pattern(let p): "regex: \(p)"
        }
    }
}

/// What the result of an eval must be.
public enum ExpectedResult: Sendable, Equatable {
    /// A scalar line.
    case scalar(Double)
    /// Series rows (none at all: an empty vector or matrix).
    case series([ExpectedSeries])
    /// `expect string "S"`.
    case string(String)
}

/// One expected row: labels and one value per step (`_` for no point).
public struct ExpectedSeries: Sendable, Equatable {
    public var line: Int
    public var labels: Labels
    public var values: [SeriesValue]

    public init(line: Int, labels: Labels, values: [SeriesValue]) {
        self.line = line
        self.labels = labels
        self.values = values
    }
}

/// `eval instant …` or `eval range …` with its expectations.
public struct EvalCommand: Sendable {
    public var file: String
    public var line: Int
    /// The expression text, exactly as written after the timing words.
    public var expr: String
    /// 1-based column of `expr` in its line.
    public var exprColumn: Int
    public var timing: EvalTiming

    /// `expect fail` / `eval_fail`: the query must fail. `failMatcher` narrows the message.
    public var expectsFailure = false
    public var failMatcher = MessageMatcher.any
    /// Written as `eval_fail` (which alone allows an `expected_fail_message`/`expected_fail_regexp` line).
    public var isLegacyFail = false
    /// `expect warn …` lines: each must match some warning, and every warning must match one of them.
    public var warnings: [MessageMatcher] = []
    /// `expect info …` lines, as `warnings`.
    public var infos: [MessageMatcher] = []
    /// `eval_warn` / `eval_info` (old forms): at least one annotation of that type, texts unchecked.
    public var requiresWarning = false
    public var requiresInfo = false
    public var noWarnings = false
    public var noInfos = false
    /// `expect ordered` / `eval_ordered`.
    public var ordered = false
    /// `expect range vector from … to … step …`: the instant query returns a matrix with these steps.
    public var rangeVector: (start: Timestamp, end: Timestamp, step: Int64)?
    public var expected = ExpectedResult.series([])
    /// Set when the block is malformed; the runner reports it as a failure.
    public var problem: ScriptError?

    public init(file: String, line: Int, expr: String, exprColumn: Int, timing: EvalTiming) {
        self.file = file
        self.line = line
        self.expr = expr
        self.exprColumn = exprColumn
        self.timing = timing
    }

    /// True when some expected value is a native-histogram literal.
    public var expectsHistogram: Bool {
        guard case .series(let rows) = expected else { return false }
        return rows.contains { row in row.values.contains { if case .histogram = $0 { true } else { false } } }
    }
}
