import KlaxonModel

/// The bytes of one YAML stream plus where libyaml's lines start in them. Immutable and shared by every
/// node parsed from the stream, so a scalar can rebuild its `ScalarSourceMap` on demand.
final class YAMLSourceText: Sendable {
    /// The file name exactly as the caller gave it.
    let file: String
    let bytes: [UInt8]
    /// Byte offset of each line's first byte (line 1 is index 0). Line breaks are libyaml's:
    /// CR LF, CR, LF, NEL (U+0085), LS (U+2028) and PS (U+2029). A UTF-8 byte order mark is skipped,
    /// because libyaml does not count it in its marks.
    let lineStarts: [Int]

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count / 24 + 1)
        var i = Self.hasByteOrderMark(bytes) ? 3 : 0
        starts.append(i)
        while i < bytes.count {
            let width = Self.lineBreakWidth(bytes, at: i)
            if width > 0 {
                i += width
                starts.append(i)
            } else {
                i += 1
            }
        }
        lineStarts = starts
    }

    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The number of bytes of the line break starting at `i`, or 0 when there is none.
    static func lineBreakWidth(_ bytes: [UInt8], at i: Int) -> Int {
        guard i < bytes.count else { return 0 }
        switch bytes[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
                ? 3 : 0
        default: return 0
        }
    }

    /// The byte offset of a 1-based position (column in Unicode scalars), clamped to the text.
    func offset(of position: SourcePosition) -> Int {
        let lineIndex = position.line - 1
        guard lineIndex >= 0 else { return lineStarts[0] }
        guard lineIndex < lineStarts.count else { return bytes.count }
        var i = lineStarts[lineIndex]
        var remaining = position.column - 1
        while remaining > 0, i < bytes.count, Self.lineBreakWidth(bytes, at: i) == 0 {
            i += Self.utf8Width(bytes[i])
            remaining -= 1
        }
        return min(i, bytes.count)
    }

    /// The 1-based position of a byte offset (which should be at a character boundary).
    func position(ofOffset offset: Int) -> SourcePosition {
        let target = max(lineStarts[0], min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= target { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = lineStarts[low]
        while i < target {
            i += Self.utf8Width(bytes[i])
            column += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for stray continuation bytes).
    static func utf8Width(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xFF: 4
        case 0xE0..<0xF0: 3
        case 0xC0..<0xE0: 2
        default: 1
        }
    }
}
