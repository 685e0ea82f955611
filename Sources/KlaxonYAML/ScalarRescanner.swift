import KlaxonModel

/// Re-reads one scalar's raw text with libyaml's scanner rules (scanner.c: scan_plain_scalar,
/// scan_flow_scalar, scan_block_scalar) and records, for each run of output bytes, where it came from.
/// The region ends at libyaml's end mark, which stands in for the end of input.
struct ScalarRescanner {
    private let bytes: [UInt8]
    private let end: Int
    private var i: Int
    private var line: Int
    private var column: Int
    private(set) var output: [UInt8] = []
    private(set) var segments: [ScalarSourceMap.Segment] = []
    /// Where the next verbatim character must be to extend the current segment.
    private var continuesAt: SourcePosition?
    private(set) var usedIndentationIndicator = false
    /// Where the value's text begins (after a quote or a block header), for scalars whose value is empty.
    private(set) var valueStart: SourcePosition?

    /// Text held back until libyaml decides how to join lines (whitespace, line breaks), with where it began.
    private struct Pending {
        var bytes: [UInt8] = []
        var position = SourcePosition(line: 1, column: 1)

        var isEmpty: Bool { bytes.isEmpty }

        mutating func clear() { bytes.removeAll(keepingCapacity: true) }
    }

    init(source: YAMLSourceText, start: Int, end: Int, position: SourcePosition) {
        bytes = source.bytes
        self.end = min(end, source.bytes.count)
        i = start
        line = position.line
        column = position.column
    }

    // MARK: Reading the raw text

    private var atEnd: Bool { i >= end }
    private var current: UInt8 { i < end ? bytes[i] : 0 }
    private var here: SourcePosition { SourcePosition(line: line, column: column) }

    private func byte(at k: Int) -> UInt8 { i + k < end ? bytes[i + k] : 0 }
    private var isBlank: Bool { current == 0x20 || current == 0x09 }
    private var isBreak: Bool { !atEnd && breakWidth > 0 }
    private var breakWidth: Int { i < end ? YAMLSourceText.lineBreakWidth(bytes, at: i) : 0 }
    private var isBlankOrBreakOrEnd: Bool { atEnd || isBlank || isBreak }

    private mutating func skipCharacter() {
        i += YAMLSourceText.utf8Width(bytes[i])
        column += 1
    }

    /// libyaml's READ_LINE: CR LF, CR, LF and NEL become "\n"; LS and PS are kept.
    private mutating func readLine(into pending: inout Pending) {
        let width = breakWidth
        guard width > 0 else { return }
        if pending.isEmpty { pending.position = here }
        if width == 3 { pending.bytes += bytes[i..<(i + 3)] } else { pending.bytes.append(0x0A) }
        i += width
        line += 1
        column = 1
    }

    private mutating func skipLine() {
        var discard = Pending()
        readLine(into: &discard)
    }

    // MARK: Writing the value

    private mutating func copyCharacter() {
        if continuesAt != here { segments.append(.init(valueOffset: output.count, position: here)) }
        let width = min(YAMLSourceText.utf8Width(bytes[i]), end - i)
        output += bytes[i..<(i + width)]
        i += width
        column += 1
        continuesAt = here
    }

    /// Output that decoding produced rather than copied, attributed to `position`.
    private mutating func emit(_ text: [UInt8], at position: SourcePosition) {
        guard !text.isEmpty else { return }
        segments.append(.init(valueOffset: output.count, position: position))
        output += text
        continuesAt = nil
    }

    /// Whitespace copied verbatim from one line (spaces and tabs are one column each).
    private mutating func emitVerbatim(_ whitespace: Pending) {
        guard !whitespace.isEmpty else { return }
        if continuesAt != whitespace.position {
            segments.append(.init(valueOffset: output.count, position: whitespace.position))
        }
        output += whitespace.bytes
        continuesAt = SourcePosition(
            line: whitespace.position.line, column: whitespace.position.column + whitespace.bytes.count)
    }

    /// libyaml's join of a line break with the lines around it, shared by plain and quoted scalars.
    private mutating func fold(_ leadingBreak: inout Pending, _ trailingBreaks: inout Pending) {
        if leadingBreak.bytes.first == 0x0A {
            if trailingBreaks.isEmpty {
                emit([0x20], at: leadingBreak.position)
            } else {
                emit(trailingBreaks.bytes, at: trailingBreaks.position)
            }
        } else {
            emit(leadingBreak.bytes + trailingBreaks.bytes, at: leadingBreak.position)
        }
        leadingBreak.clear()
        trailingBreaks.clear()
    }

    // MARK: Styles

    /// Skips an anchor, a tag and the whitespace and comments between them and the content; returns where the
    /// content starts.
    mutating func skipProperties() -> SourcePosition {
        while !atEnd {
            if current == UInt8(ascii: "&") || current == UInt8(ascii: "!") {
                while !isBlankOrBreakOrEnd { skipCharacter() }
            } else if isBlank {
                skipCharacter()
            } else if isBreak {
                skipLine()
            } else if current == UInt8(ascii: "#") {
                while !atEnd, !isBreak { skipCharacter() }
            } else {
                break
            }
        }
        return here
    }

    /// Decodes the scalar; false when the text does not read as expected (the caller then falls back).
    mutating func decode(style: YAMLScalarStyle, parentIndent: Int) -> Bool {
        switch style {
        case .plain: return plain()
        case .singleQuoted: return quoted(single: true)
        case .doubleQuoted: return quoted(single: false)
        case .literal: return block(literal: true, parentIndent: parentIndent)
        case .folded: return block(literal: false, parentIndent: parentIndent)
        }
    }

    private mutating func plain() -> Bool {
        valueStart = here
        var leadingBlanks = false
        var whitespaces = Pending()
        var leadingBreak = Pending()
        var trailingBreaks = Pending()
        while true {
            while !isBlankOrBreakOrEnd {
                if leadingBlanks {
                    fold(&leadingBreak, &trailingBreaks)
                    leadingBlanks = false
                } else if !whitespaces.isEmpty {
                    emitVerbatim(whitespaces)
                    whitespaces.clear()
                }
                copyCharacter()
            }
            if atEnd { return true }
            consumeBlanks(&leadingBlanks, &whitespaces, &leadingBreak, &trailingBreaks)
        }
    }

    /// The blank-and-break loop of plain and quoted scalars.
    private mutating func consumeBlanks(
        _ leadingBlanks: inout Bool, _ whitespaces: inout Pending, _ leadingBreak: inout Pending,
        _ trailingBreaks: inout Pending
    ) {
        while !atEnd, isBlank || isBreak {
            if isBlank {
                if !leadingBlanks {
                    if whitespaces.isEmpty { whitespaces.position = here }
                    whitespaces.bytes.append(current)
                }
                skipCharacter()
            } else if !leadingBlanks {
                whitespaces.clear()
                readLine(into: &leadingBreak)
                leadingBlanks = true
            } else {
                readLine(into: &trailingBreaks)
            }
        }
    }

    private mutating func quoted(single: Bool) -> Bool {
        let quote = single ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        guard current == quote else { return false }
        skipCharacter()
        valueStart = here
        var whitespaces = Pending()
        var leadingBreak = Pending()
        var trailingBreaks = Pending()
        while true {
            if atEnd { return false }
            var leadingBlanks = false
            while !isBlankOrBreakOrEnd {
                if single, current == quote, byte(at: 1) == quote {
                    emit([quote], at: here)
                    skipCharacter()
                    skipCharacter()
                } else if current == quote {
                    break
                } else if !single, current == UInt8(ascii: "\\"), i + 1 < end,
                    YAMLSourceText.lineBreakWidth(bytes, at: i + 1) > 0
                {
                    skipCharacter()
                    skipLine()
                    leadingBlanks = true
                    break
                } else if !single, current == UInt8(ascii: "\\") {
                    guard escape() else { return false }
                } else {
                    copyCharacter()
                }
            }
            if current == quote { return true }
            consumeBlanks(&leadingBlanks, &whitespaces, &leadingBreak, &trailingBreaks)
            if leadingBlanks {
                fold(&leadingBreak, &trailingBreaks)
            } else {
                emitVerbatim(whitespaces)
                whitespaces.clear()
            }
        }
    }

    /// One escape sequence of a double-quoted scalar, attributed to its backslash.
    private mutating func escape() -> Bool {
        let position = here
        let simple: [UInt8]?
        var codeLength = 0
        switch byte(at: 1) {
        case UInt8(ascii: "0"): simple = [0]
        case UInt8(ascii: "a"): simple = [0x07]
        case UInt8(ascii: "b"): simple = [0x08]
        case UInt8(ascii: "t"), 0x09: simple = [0x09]
        case UInt8(ascii: "n"): simple = [0x0A]
        case UInt8(ascii: "v"): simple = [0x0B]
        case UInt8(ascii: "f"): simple = [0x0C]
        case UInt8(ascii: "r"): simple = [0x0D]
        case UInt8(ascii: "e"): simple = [0x1B]
        case UInt8(ascii: " "): simple = [0x20]
        case UInt8(ascii: "\""): simple = [0x22]
        case UInt8(ascii: "/"): simple = [0x2F]
        case UInt8(ascii: "\\"): simple = [0x5C]
        case UInt8(ascii: "N"): simple = [0xC2, 0x85]
        case UInt8(ascii: "_"): simple = [0xC2, 0xA0]
        case UInt8(ascii: "L"): simple = [0xE2, 0x80, 0xA8]
        case UInt8(ascii: "P"): simple = [0xE2, 0x80, 0xA9]
        case UInt8(ascii: "x"): (simple, codeLength) = (nil, 2)
        case UInt8(ascii: "u"): (simple, codeLength) = (nil, 4)
        case UInt8(ascii: "U"): (simple, codeLength) = (nil, 8)
        default: return false
        }
        skipCharacter()
        guard !atEnd else { return false }
        skipCharacter()
        if let simple {
            emit(simple, at: position)
            return true
        }
        var code: UInt32 = 0
        for _ in 0..<codeLength {
            guard !atEnd, let digit = hexValue(current) else { return false }
            code = code << 4 + digit
            skipCharacter()
        }
        guard let scalar = Unicode.Scalar(code) else { return false }
        emit(Array(String(Character(scalar)).utf8), at: position)
        return true
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func block(literal: Bool, parentIndent: Int) -> Bool {
        guard current == (literal ? UInt8(ascii: "|") : UInt8(ascii: ">")) else { return false }
        skipCharacter()
        var chomping = 0
        var increment = 0
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
            chomping = current == UInt8(ascii: "+") ? 1 : -1
            skipCharacter()
            if isDigit(current) {
                increment = Int(current - UInt8(ascii: "0"))
                skipCharacter()
            }
        } else if isDigit(current) {
            increment = Int(current - UInt8(ascii: "0"))
            skipCharacter()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                chomping = current == UInt8(ascii: "+") ? 1 : -1
                skipCharacter()
            }
        }
        while isBlank { skipCharacter() }
        if current == UInt8(ascii: "#") {
            while !atEnd, !isBreak { skipCharacter() }
        }
        guard atEnd || isBreak else { return false }
        skipLine()
        var indent = 0
        if increment > 0 {
            usedIndentationIndicator = true
            indent = parentIndent >= 0 ? parentIndent + increment : increment
        }
        var leadingBreak = Pending()
        var trailingBreaks = Pending()
        var leadingBlank = false
        guard blockBreaks(&indent, &trailingBreaks, parentIndent: parentIndent) else { return false }
        valueStart = here
        while column - 1 == indent, !atEnd {
            let trailingBlank = isBlank
            if !literal, leadingBreak.bytes.first == 0x0A, !leadingBlank, !trailingBlank {
                if trailingBreaks.isEmpty { emit([0x20], at: leadingBreak.position) }
                leadingBreak.clear()
            } else {
                emit(leadingBreak.bytes, at: leadingBreak.position)
                leadingBreak.clear()
            }
            emit(trailingBreaks.bytes, at: trailingBreaks.position)
            trailingBreaks.clear()
            leadingBlank = isBlank
            while !atEnd, !isBreak { copyCharacter() }
            readLine(into: &leadingBreak)
            guard blockBreaks(&indent, &trailingBreaks, parentIndent: parentIndent) else { return false }
        }
        if chomping != -1 { emit(leadingBreak.bytes, at: leadingBreak.position) }
        if chomping == 1 { emit(trailingBreaks.bytes, at: trailingBreaks.position) }
        return true
    }

    /// libyaml's scan_block_scalar_breaks: eats indentation and empty lines, and fixes the indentation from
    /// the first non-empty line when no indicator gave it.
    private mutating func blockBreaks(_ indent: inout Int, _ breaks: inout Pending, parentIndent: Int) -> Bool {
        var maxIndent = 0
        while true {
            while indent == 0 || column - 1 < indent, current == 0x20 { skipCharacter() }
            maxIndent = max(maxIndent, column - 1)
            if indent == 0 || column - 1 < indent, current == 0x09 { return false }
            guard isBreak else { break }
            readLine(into: &breaks)
        }
        if indent == 0 { indent = max(maxIndent, parentIndent + 1, 1) }
        return true
    }
}
