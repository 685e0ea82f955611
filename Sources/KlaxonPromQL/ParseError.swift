/// A PromQL syntax or type error at a byte range of the expression.
/// `description` reads like Prometheus's: `1:14: parse error: unexpected right parenthesis ')'`.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message without position (`unexpected right parenthesis ')'`).
    public var message: String
    /// UTF-8 byte offsets of the offending text.
    public var range: TextRange
    /// The full expression text, used to compute line and column.
    public var input: String

    public init(_ message: String, range: TextRange, input: String) {
        self.message = message
        self.range = range
        self.input = input
    }

    /// 1-based line and column (in Unicode scalars) of `range.lowerBound`.
    public var position: (line: Int, column: Int) {
        var line = 1
        var column = 1
        var offset = 0
        for scalar in input.unicodeScalars {
            if offset >= range.lowerBound { break }
            offset += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    public var description: String {
        let p = position
        return "\(p.line):\(p.column): parse error: \(message)"
    }
}
