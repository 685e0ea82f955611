public import KlaxonModel

/// Renders diagnostics for people: the greppable `file:line:col: severity: message [code]` line, an excerpt of
/// the source line with a caret under the column, and the notes, optionally with ANSI colours.
///
/// ```
/// rules/api.yaml:14:14: error: unclosed left parenthesis [rules.invalid-expr]
///    14 |     expr: sum(rate(http_requests_total[5m]) by (job)
///       |              ^
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Whether to emit ANSI escape sequences.
    public var color: Bool
    /// Whether to print the source excerpt.
    public var excerpts: Bool

    public init(color: Bool = false, excerpts: Bool = true) {
        self.color = color
        self.excerpts = excerpts
    }

    /// One diagnostic, its excerpt (when `source` holds the file's bytes) and its notes, without a final newline.
    public func render(_ diagnostic: Diagnostic, source: [UInt8]? = nil) -> String {
        var lines: [String] = []
        let severity = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "31;1" : "33;1")
        let location = "\(diagnostic.span.file):\(diagnostic.span.start.line):\(diagnostic.span.start.column)"
        lines.append("\(paint(location, "1")): \(severity): \(diagnostic.message) [\(diagnostic.code)]")
        if excerpts, let source, let excerpt = excerpt(diagnostic.span, source) { lines += excerpt }
        for note in diagnostic.notes {
            let noteLocation = "\(note.span.file):\(note.span.start.line):\(note.span.start.column)"
            lines.append("\(paint(noteLocation, "1")): \(paint("note", "36;1")): \(note.message)")
        }
        return lines.joined(separator: "\n")
    }

    private func excerpt(_ span: SourceSpan, _ source: [UInt8]) -> [String]? {
        guard let text = Self.line(span.start.line, of: source) else { return nil }
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let shown = text.replacingTabs()
        // The caret goes under the column'th Unicode scalar; tabs were widened to 4 spaces.
        var width = 0
        for (index, scalar) in text.unicodeScalars.enumerated() where index < span.start.column - 1 {
            width += scalar == "\t" ? 4 : 1
        }
        var underline = 1
        if span.end.line == span.start.line && span.end.column > span.start.column {
            underline = span.end.column - span.start.column
        }
        let marker =
            String(repeating: " ", count: width) + paint("^" + String(repeating: "~", count: underline - 1), "32;1")
        return ["   \(number) | \(shown)", "   \(gutter) | \(marker)"]
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The text of a 1-based line (LF, CR LF or CR breaks), nil when there is no such line.
    static func line(_ number: Int, of source: [UInt8]) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = 0
        var i = 0
        while i < source.count && current < number {
            if source[i] == UInt8(ascii: "\n") {
                current += 1
                start = i + 1
            } else if source[i] == UInt8(ascii: "\r") {
                current += 1
                if i + 1 < source.count && source[i + 1] == UInt8(ascii: "\n") { i += 1 }
                start = i + 1
            }
            i += 1
        }
        guard current == number, start <= source.count else { return nil }
        var end = start
        while end < source.count && source[end] != UInt8(ascii: "\n") && source[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: source[start..<end], as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\t" { out += "    " } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
