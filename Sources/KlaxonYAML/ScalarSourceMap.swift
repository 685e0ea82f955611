public import KlaxonModel

/// Maps UTF-8 offsets inside a scalar's decoded value (an `expr:` or an annotation) back to file positions,
/// so a PromQL error at byte 14 of an expression is reported at the right `file:line:col`.
///
/// Built by re-reading the scalar's raw text between libyaml's marks with libyaml's own rules for each style
/// (plain, single- and double-quoted, literal `|`, folded `>`, multi-line, chomping, escapes). The rebuilt
/// value is compared with libyaml's; only if they differ does the map fall back to the scalar's start
/// (`isExact` is false), so a mapped position is never wrong, at worst imprecise.
///
/// Characters copied verbatim map exactly. Text that decoding produced (a space folded from a line break,
/// an escape's character, `''`) maps to where that text was written: the line break or the backslash.
public struct ScalarSourceMap: Sendable, Equatable {
    /// The file, exactly as given to the parser.
    public let file: String
    /// False when the map could not be rebuilt and every offset maps to the scalar's start.
    public let isExact: Bool
    let value: String
    let segments: [Segment]

    /// A run of value bytes that starts at `valueOffset` and maps to consecutive characters from `position` on.
    struct Segment: Sendable, Equatable {
        var valueOffset: Int
        var position: SourcePosition
    }

    init(file: String, value: String, segments: [Segment], isExact: Bool) {
        self.file = file
        self.value = value
        self.segments = segments
        self.isExact = isExact
    }

    /// Where the value's first character is in the file (after any anchor, tag, quote or block header).
    public var start: SourcePosition { segments.first?.position ?? SourcePosition(line: 1, column: 1) }

    /// The file position of a UTF-8 offset into the decoded value (clamped to `0...value.utf8.count`).
    public func position(ofUTF8Offset offset: Int) -> SourcePosition {
        guard isExact, let first = segments.first else { return start }
        let utf8 = value.utf8
        let target = max(0, min(offset, utf8.count))
        var low = 0
        var high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].valueOffset <= target { low = mid } else { high = mid - 1 }
        }
        let segment = segments[low].valueOffset <= target ? segments[low] : first
        let from = utf8.index(utf8.startIndex, offsetBy: segment.valueOffset)
        let to = utf8.index(utf8.startIndex, offsetBy: target)
        let scalars = utf8[from..<to].reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
        return SourcePosition(line: segment.position.line, column: segment.position.column + scalars)
    }

    /// The file span of a range of UTF-8 offsets into the value (a PromQL `TextRange`).
    public func span(of range: Range<Int>) -> SourceSpan {
        SourceSpan(
            file: file, start: position(ofUTF8Offset: range.lowerBound), end: position(ofUTF8Offset: range.upperBound))
    }
}

extension YAMLNode {
    /// The scalar's source map (nil for sequences and mappings). Rebuilt on each call from the stream's text,
    /// so ask for it only when an error needs a position.
    public var sourceMap: ScalarSourceMap? {
        guard let scalar else { return nil }
        let startOffset = source.offset(of: start)
        let endOffset = max(startOffset, source.offset(of: end))
        var scanner = ScalarRescanner(source: source, start: startOffset, end: endOffset, position: start)
        let contentStart = scanner.skipProperties()
        let expected = Array(scalar.value.utf8)
        var parentIndents = [-1]
        if scalar.style == .literal || scalar.style == .folded {
            // An explicit indentation indicator is relative to the enclosing block's indentation, which the
            // events do not carry: try each possible one and keep the one that reproduces libyaml's value.
            // Capped, so a hostile scalar far to the right cannot make this quadratic (it falls back instead).
            parentIndents += Array(0..<min(max(0, start.column - 1), 128))
        }
        for parentIndent in parentIndents {
            var attempt = scanner
            if attempt.decode(style: scalar.style, parentIndent: parentIndent), attempt.output == expected {
                return ScalarSourceMap(
                    file: file, value: scalar.value,
                    segments: attempt.segments.isEmpty
                        ? [.init(valueOffset: 0, position: attempt.valueStart ?? contentStart)] : attempt.segments,
                    isExact: true)
            }
            if !attempt.usedIndentationIndicator { break }
        }
        return ScalarSourceMap(
            file: file, value: scalar.value, segments: [.init(valueOffset: 0, position: contentStart)],
            isExact: false)
    }
}
