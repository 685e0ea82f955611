public import KlaxonModel

/// Replaces secrets in a configuration file's text with `<secret>` (what Prometheus shows for a `Secret`), so
/// `/api/v1/status/config` can show the file as written without leaking passwords, tokens or webhook URLs.
public enum ConfigRedaction {
    /// `text` with every span in `spans` (one-line scalar spans, as the decoder records them) replaced.
    public static func redact(_ text: String, spans: [SourceSpan]) -> String {
        guard !spans.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            Array(String($0).unicodeScalars)
        }
        // Right to left within a line, so earlier columns stay valid.
        for span in spans.sorted(by: { ($0.start.line, $0.start.column) > ($1.start.line, $1.start.column) }) {
            let lineIndex = span.start.line - 1
            guard lineIndex >= 0, lineIndex < lines.count else { continue }
            let line = lines[lineIndex]
            let start = min(max(0, span.start.column - 1), line.count)
            let end = span.end.line == span.start.line ? min(max(start, span.end.column - 1), line.count) : line.count
            lines[lineIndex] = Array(line[..<start]) + Array("<secret>".unicodeScalars) + Array(line[end...])
            if span.end.line > span.start.line {
                // A multi-line scalar: drop its continuation lines' content.
                for other in (span.start.line)..<min(span.end.line, lines.count) where other < lines.count {
                    lines[other] = []
                }
            }
        }
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }
}
