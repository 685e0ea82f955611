/// A template that failed to parse or to execute, worded exactly as Go's `text/template` words it:
/// `template: NAME:LINE: function "foo" not defined` or
/// `template: NAME:LINE:COL: executing "NAME" at <humanize $value>: error calling humanize: …`.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether parsing or execution failed.
    public enum Kind: Sendable, Equatable {
        case parse
        case execution
    }

    public var kind: Kind
    /// Go's complete error text.
    public var message: String
    /// UTF-8 byte offset into the parsed text, when known: for parse errors the most recently read token (whose
    /// line Go reports, at or just after the offending spot), for execution errors the node Go names.
    /// Callers that prepend text (as alert templates do) subtract its length.
    public var offset: Int?
    /// The 1-based line Go reports.
    public var line: Int

    public init(kind: Kind, message: String, offset: Int?, line: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
    }

    public var description: String { message }
}
