/// One token of a template (Go's `parse.item`): its kind, byte offset, text and the line it starts on.
struct TemplateItem: Sendable {
    enum Kind: Sendable, Equatable {
        case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // Keywords (Go orders them after `itemKeyword`, which changes how they print in errors).
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with

        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
                .nilKeyword, .range, .template, .with:
                true
            default: false
            }
        }
    }

    var kind: Kind
    var pos: Int
    var val: String
    var line: Int

    /// Go's `item.String()`, used in "unexpected … in …" errors.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return val
        default:
            if kind.isKeyword { return "<" + val + ">" }
            if val.utf8.count > 10 { return GoPrinter.sprintf("%.10q...", [.string(val)]) }
            return GoStrconv.quote(val)
        }
    }
}

/// Go's `text/template/parse` lexer, ported state for state so that token boundaries, trim markers, line
/// numbers and error texts come out the same. Positions are UTF-8 byte offsets, as in Go.
struct TemplateLexer {
    private enum State {
        case text, leftDelim, comment, rightDelim, insideAction, space, identifier, field, variable
        case char, number, quote, rawQuote
    }

    private var input: [UInt8]
    private var pos = 0
    private var start = 0
    private var atEOF = false
    private var parenDepth = 0
    private(set) var line = 1
    private var startLine = 1
    private var insideAction = false
    private var finished = false

    private static let eof: Unicode.Scalar? = nil

    init(_ text: String) { input = Array(text.utf8) }

    // MARK: character access

    private mutating func next() -> Unicode.Scalar? {
        guard pos < input.count else {
            atEOF = true
            return nil
        }
        let (r, w) = decode(at: pos)
        pos += w
        if r == "\n" { line += 1 }
        return r
    }

    private mutating func backup() {
        guard !atEOF && pos > 0 else { return }
        var p = pos - 1
        while p > 0 && input[p] & 0xC0 == 0x80 { p -= 1 }
        if input[p] == UInt8(ascii: "\n") { line -= 1 }
        pos = p
    }

    private mutating func peek() -> Unicode.Scalar? {
        let r = next()
        backup()
        return r
    }

    private func decode(at p: Int) -> (Unicode.Scalar, Int) {
        let c = input[p]
        if c < 0x80 { return (Unicode.Scalar(c), 1) }
        var n = 1
        while p + n < input.count && n < 4 && input[p + n] & 0xC0 == 0x80 { n += 1 }
        let s = String(decoding: input[p..<(p + n)], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
        return (s, n)
    }

    private func hasPrefix(_ s: String, at p: Int) -> Bool {
        let u = Array(s.utf8)
        guard p >= 0, p + u.count <= input.count else { return false }
        for (k, c) in u.enumerated() where input[p + k] != c { return false }
        return true
    }

    private func count(newlinesIn range: Range<Int>) -> Int {
        guard range.lowerBound < range.upperBound else { return 0 }
        return input[range].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: input[range], as: UTF8.self) }

    // MARK: items

    private mutating func thisItem(_ kind: TemplateItem.Kind) -> TemplateItem {
        let item = TemplateItem(kind: kind, pos: start, val: text(start..<pos), line: startLine)
        start = pos
        startLine = line
        return item
    }

    private mutating func ignore() {
        line += count(newlinesIn: start..<pos)
        start = pos
        startLine = line
    }

    private mutating func error(_ message: String) -> TemplateItem {
        let item = TemplateItem(kind: .error, pos: start, val: message, line: startLine)
        finished = true
        return item
    }

    /// The next token. After an error or EOF, it keeps returning EOF.
    mutating func nextItem() -> TemplateItem {
        if finished { return TemplateItem(kind: .eof, pos: pos, val: "EOF", line: startLine) }
        var state: State = insideAction ? .insideAction : .text
        while true {
            let (item, nextState) = step(state)
            if let item {
                if item.kind == .eof || item.kind == .error { finished = true }
                return item
            }
            guard let nextState else { return TemplateItem(kind: .eof, pos: pos, val: "EOF", line: startLine) }
            state = nextState
        }
    }

    private mutating func step(_ state: State) -> (TemplateItem?, State?) {
        switch state {
        case .text: return lexText()
        case .leftDelim: return lexLeftDelim()
        case .comment: return lexComment()
        case .rightDelim: return lexRightDelim()
        case .insideAction: return lexInsideAction()
        case .space: return lexSpace()
        case .identifier: return lexIdentifier()
        case .field: return lexFieldOrVariable(.field)
        case .variable:
            if atTerminator() { return (thisItem(.variable), .insideAction) }
            return lexFieldOrVariable(.variable)
        case .char: return lexChar()
        case .number: return lexNumber()
        case .quote: return lexQuote()
        case .rawQuote: return lexRawQuote()
        }
    }

    // MARK: states

    static func isSpace(_ r: Unicode.Scalar?) -> Bool { r == " " || r == "\t" || r == "\r" || r == "\n" }

    private static func isSpaceByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
    }

    static func isAlphaNumeric(_ r: Unicode.Scalar?) -> Bool {
        guard let r else { return false }
        if r == "_" { return true }
        if r.isASCII {
            let v = r.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private func hasLeftTrimMarker(at p: Int) -> Bool {
        p + 1 < input.count && input[p] == UInt8(ascii: "-") && Self.isSpaceByte(input[p + 1])
    }

    private func hasRightTrimMarker(at p: Int) -> Bool {
        p >= 0 && p + 1 < input.count && Self.isSpaceByte(input[p]) && input[p + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix("}}", at: pos + 2) { return (true, true) }
        if hasPrefix("}}", at: pos) { return (true, false) }
        return (false, false)
    }

    private mutating func lexText() -> (TemplateItem?, State?) {
        var x = pos
        while x + 1 < input.count && !(input[x] == UInt8(ascii: "{") && input[x + 1] == UInt8(ascii: "{")) { x += 1 }
        if x + 1 < input.count {
            if x > pos {
                pos = x
                var trim = 0
                if hasLeftTrimMarker(at: pos + 2) {
                    var k = pos
                    while k > start && Self.isSpaceByte(input[k - 1]) { k -= 1 }
                    trim = pos - k
                }
                pos -= trim
                line += count(newlinesIn: start..<pos)
                let item = thisItem(.text)
                pos += trim
                ignore()
                if !item.val.isEmpty { return (item, nil) }
            }
            return (nil, .leftDelim)
        }
        pos = input.count
        if pos > start {
            line += count(newlinesIn: start..<pos)
            return (thisItem(.text), nil)
        }
        return (thisItem(.eof), nil)
    }

    private mutating func lexLeftDelim() -> (TemplateItem?, State?) {
        pos += 2
        let trim = hasLeftTrimMarker(at: pos)
        let afterMarker = trim ? 2 : 0
        if hasPrefix("/*", at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return (nil, .comment)
        }
        let item = thisItem(.leftDelim)
        insideAction = true
        pos += afterMarker
        ignore()
        parenDepth = 0
        return (item, nil)
    }

    private mutating func lexComment() -> (TemplateItem?, State?) {
        pos += 2
        var x = pos
        while x + 1 < input.count && !(input[x] == UInt8(ascii: "*") && input[x + 1] == UInt8(ascii: "/")) { x += 1 }
        guard x + 1 < input.count else { return (error("unclosed comment"), nil) }
        pos = x + 2
        let (delim, trim) = atRightDelim()
        guard delim else { return (error("comment ends before closing delimiter"), nil) }
        if trim { pos += 2 }
        pos += 2
        if trim { while pos < input.count && Self.isSpaceByte(input[pos]) { pos += 1 } }
        ignore()
        return (nil, .text)
    }

    private mutating func lexRightDelim() -> (TemplateItem?, State?) {
        let (_, trim) = atRightDelim()
        if trim {
            pos += 2
            ignore()
        }
        pos += 2
        let item = thisItem(.rightDelim)
        if trim {
            while pos < input.count && Self.isSpaceByte(input[pos]) { pos += 1 }
            ignore()
        }
        insideAction = false
        return (item, nil)
    }

    private mutating func lexInsideAction() -> (TemplateItem?, State?) {
        if atRightDelim().delim {
            if parenDepth == 0 { return (nil, .rightDelim) }
            return (error("unclosed left paren"), nil)
        }
        guard let r = next() else { return (error("unclosed action"), nil) }
        switch r {
        case _ where Self.isSpace(r):
            backup()
            return (nil, .space)
        case "=": return (thisItem(.assign), nil)
        case ":":
            if next() != "=" { return (error("expected :="), nil) }
            return (thisItem(.declare), nil)
        case "|": return (thisItem(.pipe), nil)
        case "\"": return (nil, .quote)
        case "`": return (nil, .rawQuote)
        case "$": return (nil, .variable)
        case "'": return (nil, .char)
        case ".":
            if pos < input.count && (input[pos] < 48 || input[pos] > 57) { return (nil, .field) }
            backup()
            return (nil, .number)
        case "+", "-", "0"..."9":
            backup()
            return (nil, .number)
        case _ where Self.isAlphaNumeric(r):
            backup()
            return (nil, .identifier)
        case "(":
            parenDepth += 1
            return (thisItem(.leftParen), nil)
        case ")":
            parenDepth -= 1
            if parenDepth < 0 { return (error("unexpected right paren"), nil) }
            return (thisItem(.rightParen), nil)
        default:
            if r.value < 0x80 && GoStrconv.isPrint(r) { return (thisItem(.char), nil) }
            return (error("unrecognized character in action: " + Self.unicodeForm(r)), nil)
        }
    }

    /// Go's `%#U`: `U+0041 'A'` (the quoted form only for printable characters).
    static func unicodeForm(_ r: Unicode.Scalar?) -> String {
        guard let r else { return "U+FFFFFFFFFFFFFFFF" }
        var s = "U+" + GoStrconv.hex(r.value, width: 4, uppercase: true)
        if GoStrconv.isPrint(r) { s += " '" + String(r) + "'" }
        return s
    }

    private mutating func lexSpace() -> (TemplateItem?, State?) {
        var spaces = 0
        while Self.isSpace(peek()) {
            _ = next()
            spaces += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix("}}", at: pos + 1) {
            backup()
            if spaces == 1 { return (nil, .rightDelim) }
        }
        return (thisItem(.space), .insideAction)
    }

    private mutating func lexIdentifier() -> (TemplateItem?, State?) {
        while true {
            let r = next()
            if Self.isAlphaNumeric(r) { continue }
            backup()
            let word = text(start..<pos)
            if !atTerminator() { return (error("bad character " + Self.unicodeForm(r)), nil) }
            let kind: TemplateItem.Kind
            switch word {
            case "block": kind = .block
            case "break": kind = .breakKeyword
            case "continue": kind = .continueKeyword
            case "define": kind = .define
            case "else": kind = .elseKeyword
            case "end": kind = .end
            case "if": kind = .ifKeyword
            case "range": kind = .range
            case "nil": kind = .nilKeyword
            case "template": kind = .template
            case "with": kind = .with
            case "true", "false": kind = .bool
            default: kind = .identifier
            }
            return (thisItem(kind), .insideAction)
        }
    }

    private mutating func lexFieldOrVariable(_ kind: TemplateItem.Kind) -> (TemplateItem?, State?) {
        if atTerminator() { return (thisItem(kind == .variable ? .variable : .dot), .insideAction) }
        var r: Unicode.Scalar?
        while true {
            r = next()
            if !Self.isAlphaNumeric(r) {
                backup()
                break
            }
        }
        if !atTerminator() { return (error("bad character " + Self.unicodeForm(r)), nil) }
        return (thisItem(kind), .insideAction)
    }

    private mutating func atTerminator() -> Bool {
        let r = peek()
        guard let r else { return true }
        if Self.isSpace(r) { return true }
        switch r {
        case ".", ",", "|", ":", ")", "(", "}": return true
        default: return false
        }
    }

    private mutating func lexChar() -> (TemplateItem?, State?) {
        while true {
            switch next() {
            case "\\":
                let r = next()
                if r != nil && r != "\n" { continue }
                return (error("unterminated character constant"), nil)
            case nil, "\n":
                return (error("unterminated character constant"), nil)
            case "'":
                return (thisItem(.charConstant), .insideAction)
            default:
                continue
            }
        }
    }

    private mutating func accept(_ valid: String) -> Bool {
        if let r = next(), valid.unicodeScalars.contains(r) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while let r = next(), valid.unicodeScalars.contains(r) {}
        backup()
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Self.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexNumber() -> (TemplateItem?, State?) {
        if !scanNumber() { return (error("bad number syntax: " + GoStrconv.quote(text(start..<pos))), nil) }
        if let sign = peek(), sign == "+" || sign == "-" {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return (error("bad number syntax: " + GoStrconv.quote(text(start..<pos))), nil)
            }
            return (thisItem(.complex), .insideAction)
        }
        return (thisItem(.number), .insideAction)
    }

    private mutating func lexQuote() -> (TemplateItem?, State?) {
        while true {
            switch next() {
            case "\\":
                let r = next()
                if r != nil && r != "\n" { continue }
                return (error("unterminated quoted string"), nil)
            case nil, "\n":
                return (error("unterminated quoted string"), nil)
            case "\"":
                return (thisItem(.string), .insideAction)
            default:
                continue
            }
        }
    }

    private mutating func lexRawQuote() -> (TemplateItem?, State?) {
        while true {
            switch next() {
            case nil: return (error("unterminated raw quoted string"), nil)
            case "`": return (thisItem(.rawString), .insideAction)
            default: continue
            }
        }
    }
}
