/// A malformed exposition. `message` is Prometheus's wording (`expected equal, got "}" ("BCLOSE") while parsing:
/// "a{b}"`); `line` and `column` (1-based, column in Unicode scalars) point at the offending token.
public struct ExpositionParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Prometheus's text for the error, as a target's `lastError` shows it.
    public var message: String
    /// 1-based line of the offending token.
    public var line: Int
    /// 1-based column of the offending token, counted in Unicode scalars.
    public var column: Int
    /// Byte offset of the offending token in the input.
    public var offset: Int

    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}
