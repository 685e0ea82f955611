/// Lexer states, Prometheus's `sInit`, `sComment`, … (promlex.l, openmetricslex.l).
enum LexState {
    case initial, comment, meta1, meta2, labels, labelValue, value, timestamp, exemplar, exemplarValue
    case exemplarTimestamp
}

/// Tokens, named as Prometheus prints them in errors.
enum Token {
    case invalid, eof, linebreak, whitespace, help, type, unit, eofWord, text, comment, metricName, quotedString
    case braceOpen, braceClose, labelName, labelValue, comma, equal, timestamp, value

    var name: String {
        switch self {
        case .invalid: "INVALID"
        case .eof: "EOF"
        case .linebreak: "LINEBREAK"
        case .whitespace: "WHITESPACE"
        case .help: "HELP"
        case .type: "TYPE"
        case .unit: "UNIT"
        case .eofWord: "EOFWORD"
        case .text: "TEXT"
        case .comment: "COMMENT"
        case .metricName: "MNAME"
        case .quotedString: "QSTRING"
        case .braceOpen: "BOPEN"
        case .braceClose: "BCLOSE"
        case .labelName: "LNAME"
        case .labelValue: "LVALUE"
        case .comma: "COMMA"
        case .equal: "EQUAL"
        case .timestamp: "TIMESTAMP"
        case .value: "VALUE"
        }
    }
}

private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let newline = UInt8(ascii: "\n")
private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

@inline(__always) func isMetricNameStart(_ c: UInt8) -> Bool {
    let lower = c | 0x20
    return (lower >= 97 && lower <= 122) || c == 95 || c == 58
}

@inline(__always) func isLabelNameStart(_ c: UInt8) -> Bool {
    let lower = c | 0x20
    return (lower >= 97 && lower <= 122) || c == 95
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

extension ExpositionParser {
    // MARK: Scanning helpers. Each leaves `i` after the token, or at the byte that failed for `.invalid`.

    @inline(__always) mutating func scanWhile(_ predicate: (UInt8) -> Bool) {
        while i < end && predicate(b[i]) { i += 1 }
    }

    /// `"(\\.|[^\\"])*"`, optionally without raw newlines (OpenMetrics label values) or NUL bytes (names).
    @inline(__always) mutating func scanQuoted(allowNewline: Bool, allowNUL: Bool) -> Bool {
        var j = i + 1
        while j < end {
            let c = b[j]
            if c == quote {
                i = j + 1
                return true
            }
            if c == backslash {
                guard j + 1 < end, b[j + 1] != newline else {
                    i = j + 1
                    return false
                }
                j += 2
                continue
            }
            if (c == newline && !allowNewline) || (c == 0 && !allowNUL) {
                i = j
                return false
            }
            j += 1
        }
        i = j
        return false
    }

    // MARK: Prometheus text format (promlex.l)

    /// The next token of the text format; whitespace comes back as `.whitespace` (the parser skips it).
    mutating func lexText() -> Token {
        guard i < end else { return .eof }
        tokenStart = i
        let c = b[i]
        if c == space || c == tab, state != .meta2 {
            scanWhile { $0 == space || $0 == tab }
            return .whitespace
        }
        switch state {
        case .initial:
            switch c {
            case 0: return .eof
            case newline:
                i += 1
                return .linebreak
            case UInt8(ascii: "#"):
                i += 1
                guard i < end, b[i] == space || b[i] == tab else { return consumeComment(skippingNUL: false) }
                scanWhile { $0 == space || $0 == tab }
                state = .comment
                if let keyword = metadataKeyword() { return keyword }
                return consumeComment(skippingNUL: true)
            case UInt8(ascii: "{"):
                i += 1
                state = .labels
                return .braceOpen
            default:
                guard isMetricNameStart(c) else { return .invalid }
                scanWhile { isMetricNameStart($0) || isDigit($0) }
                state = .value
                return .metricName
            }
        case .meta1:
            if c == quote {
                guard scanQuoted(allowNewline: true, allowNUL: false) else { return .invalid }
            } else {
                guard isMetricNameStart(c) else { return .invalid }
                scanWhile { isMetricNameStart($0) || isDigit($0) }
            }
            state = .meta2
            return .metricName
        case .meta2:
            // `{C}*` competes with `[ \t]+`: a rest of only blanks is whitespace (the earlier rule wins a tie).
            var onlyBlanks = true
            scanWhile { c in
                if c != space && c != tab { onlyBlanks = false }
                return c != newline
            }
            if onlyBlanks && i > tokenStart { return .whitespace }
            state = .initial
            return .text
        case .labels:
            return lexLabelToken(c, openMetrics: false)
        case .labelValue:
            guard c == quote, scanQuoted(allowNewline: true, allowNUL: true) else { return .invalid }
            state = .labels
            return .labelValue
        case .value:
            if c == UInt8(ascii: "{") {
                i += 1
                state = .labels
                return .braceOpen
            }
            guard c != newline && c != 0 else { return .invalid }
            scanWhile { $0 != UInt8(ascii: "{") && $0 != space && $0 != tab && $0 != newline && $0 != 0 }
            state = .timestamp
            return .value
        case .timestamp:
            if c == newline {
                i += 1
                state = .initial
                return .linebreak
            }
            guard isDigit(c) else { return .invalid }
            scanWhile(isDigit)
            return .timestamp
        default:
            return .invalid
        }
    }

    /// `HELP[\t ]+` or `TYPE[\t ]+` after `# `.
    private mutating func metadataKeyword() -> Token? {
        guard end - i >= 5 else { return nil }
        let token: Token
        if b[i] == UInt8(ascii: "H") && b[i + 1] == UInt8(ascii: "E") && b[i + 2] == UInt8(ascii: "L")
            && b[i + 3] == UInt8(ascii: "P")
        {
            token = .help
        } else if b[i] == UInt8(ascii: "T") && b[i + 1] == UInt8(ascii: "Y") && b[i + 2] == UInt8(ascii: "P")
            && b[i + 3] == UInt8(ascii: "E")
        {
            token = .type
        } else {
            return nil
        }
        guard b[i + 4] == space || b[i + 4] == tab else { return nil }
        i += 4
        scanWhile { $0 == space || $0 == tab }
        state = .meta1
        return token
    }

    /// Prometheus's `consumeComment`: everything up to the newline. A NUL byte ends the input, except inside
    /// `# …` comments, where the lexer skips NULs.
    private mutating func consumeComment(skippingNUL: Bool) -> Token {
        while i < end {
            let c = b[i]
            if c == newline {
                state = .initial
                return .comment
            }
            if c == 0 && !skippingNUL { return .eof }
            i += 1
        }
        return .eof
    }

    /// Tokens inside `{…}`: label names, quoted names, `=`, `,` and `}`.
    @inline(__always) mutating func lexLabelToken(_ c: UInt8, openMetrics: Bool) -> Token {
        switch c {
        case UInt8(ascii: "}"):
            i += 1
            state = state == .exemplar ? .exemplarValue : .value
            return .braceClose
        case UInt8(ascii: "="):
            i += 1
            state = state == .exemplar ? .exemplarValue : .labelValue
            return .equal
        case UInt8(ascii: ","):
            i += 1
            return .comma
        case quote:
            let allowNewline = !(openMetrics && state == .exemplar)
            return scanQuoted(allowNewline: allowNewline, allowNUL: false) ? .quotedString : .invalid
        default:
            guard isLabelNameStart(c) else { return .invalid }
            scanWhile { isLabelNameStart($0) || isDigit($0) }
            return .labelName
        }
    }

    // MARK: OpenMetrics (openmetricslex.l)

    /// The next OpenMetrics token. There is no whitespace token: fields are separated by exactly one space.
    mutating func lexOpenMetrics() -> Token {
        guard i < end else { return .eof }
        tokenStart = i
        let c = b[i]
        switch state {
        case .initial:
            if c == UInt8(ascii: "#") {
                i += 1
                guard i < end, b[i] == space else { return .invalid }
                i += 1
                return openMetricsComment()
            }
            if c == UInt8(ascii: "{") {
                i += 1
                state = .labels
                return .braceOpen
            }
            guard isMetricNameStart(c) else { return .invalid }
            scanWhile { isMetricNameStart($0) || isDigit($0) }
            state = .value
            return .metricName
        case .meta1:
            if c == quote {
                guard scanQuoted(allowNewline: true, allowNUL: false) else { return .invalid }
            } else {
                guard isMetricNameStart(c) else { return .invalid }
                scanWhile { isMetricNameStart($0) || isDigit($0) }
            }
            state = .meta2
            return .metricName
        case .meta2:
            guard c == space else { return .invalid }
            i += 1
            scanWhile { $0 != newline }
            guard i < end else { return .invalid }
            i += 1
            state = .initial
            return .text
        case .labels, .exemplar:
            return lexLabelToken(c, openMetrics: true)
        case .labelValue:
            guard c == quote, scanQuoted(allowNewline: false, allowNUL: true) else { return .invalid }
            state = .labels
            return .labelValue
        case .exemplarValue:
            if c == quote {
                guard scanQuoted(allowNewline: false, allowNUL: false) else { return .invalid }
                state = .exemplar
                return .labelValue
            }
            guard spacedField() else { return .invalid }
            state = .exemplarTimestamp
            return .value
        case .value:
            if c == UInt8(ascii: "{") {
                i += 1
                state = .labels
                return .braceOpen
            }
            guard spacedField() else { return .invalid }
            state = .timestamp
            return .value
        case .timestamp, .exemplarTimestamp:
            if c == newline {
                i += 1
                state = .initial
                return .linebreak
            }
            // ` # {` starts an exemplar; it beats ` #` as a timestamp because it is longer.
            if state == .timestamp && end - i >= 4 && c == space && b[i + 1] == UInt8(ascii: "#") && b[i + 2] == space
                && b[i + 3] == UInt8(ascii: "{")
            {
                i += 4
                state = .exemplar
                return .comment
            }
            guard spacedField() else { return .invalid }
            return .timestamp
        default:
            return .invalid
        }
    }

    /// `{S}[^ \n]+`: one space, then at least one byte up to the next space or newline (NUL ends it too).
    private mutating func spacedField() -> Bool {
        guard b[i] == space else { return false }
        i += 1
        let start = i
        scanWhile { $0 != space && $0 != newline && $0 != 0 }
        return i > start
    }

    /// After `# `: `HELP `, `TYPE `, `UNIT ` or `EOF` (with an optional newline).
    private mutating func openMetricsComment() -> Token {
        let words: [(StaticString, Token)] = [("HELP ", .help), ("TYPE ", .type), ("UNIT ", .unit), ("EOF", .eofWord)]
        var longest = 0
        for (word, token) in words {
            let p = word.utf8Start
            var n = 0
            while n < word.utf8CodeUnitCount && i + n < end && b[i + n] == p[n] { n += 1 }
            if n == word.utf8CodeUnitCount {
                i += n
                if token == .eofWord {
                    if i < end && b[i] == newline { i += 1 }
                    state = .initial
                } else {
                    state = .meta1
                }
                return token
            }
            longest = max(longest, n)
        }
        i += longest
        return .invalid
    }
}
