public import KlaxonModel

/// A problem in a PromQL test script (`*.test`), located at a line (and, when known, a column) of the file.
///
/// The parser never traps on bad input: every malformed line becomes one of these.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The script's path as the caller spelled it.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column (Unicode scalars) when the problem is inside the line.
    public var column: Int?
    /// Stable and greppable: `script.invalid-series`.
    public var code: String
    /// Lowercase, no trailing period.
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, code: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
    }

    /// `promql/functions.test:12:5: invalid series values: … [script.invalid-series]`
    public var description: String {
        let position = column.map { "\(line):\($0)" } ?? "\(line)"
        return "\(file):\(position): \(message) [\(code)]"
    }

    /// The same problem as a `Diagnostic`.
    public var diagnostic: Diagnostic {
        Diagnostic(
            .error, code: code, message: message,
            span: SourceSpan(file: file, start: SourcePosition(line: line, column: column ?? 1))
        )
    }
}

/// A problem inside one line, before the line number is known: a message and a 0-based UTF-8 offset.
struct LineError: Error, Sendable, Equatable {
    var offset: Int
    var message: String

    init(_ message: String, at offset: Int) {
        self.offset = offset
        self.message = message
    }
}

extension Timestamp {
    /// `start + k × step`, or nil when it does not fit in 64 bits (script durations can be absurdly large).
    static func position(_ k: Int, from start: Timestamp, every step: Int64) -> Timestamp? {
        let (product, o1) = Int64(k).multipliedReportingOverflow(by: step)
        let (sum, o2) = start.addingReportingOverflow(product)
        return o1 || o2 ? nil : sum
    }
}
