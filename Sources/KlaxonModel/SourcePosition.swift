/// A 1-based line and column. Columns count Unicode scalars (libyaml's unit), so YAML and PromQL positions agree.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }

    public var description: String { "\(line):\(column)" }
}

/// Where something is in a file the user gave us. `file` is kept exactly as the user spelled it.
public struct SourceSpan: Hashable, Sendable {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition? = nil) {
        self.file = file
        self.start = start
        self.end = end ?? start
    }
}

/// A problem in user input (rule files, PromQL, templates, test files, config), located in a file.
/// Loaders collect these rather than stopping at the first.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note

        var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Stable and greppable: `promql.unclosed-paren`.
    public var code: String
    /// Lowercase, no trailing period.
    public var message: String
    public var span: SourceSpan
    public var notes: [Diagnostic]

    public init(_ severity: Severity, code: String, message: String, span: SourceSpan, notes: [Diagnostic] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.notes = notes
    }

    /// `rules/api.yaml:14:14: error: unclosed left parenthesis [promql.unclosed-paren]`
    public var description: String {
        "\(span.file):\(span.start.line):\(span.start.column): \(severity.rawValue): \(message) [\(code)]"
    }
}
