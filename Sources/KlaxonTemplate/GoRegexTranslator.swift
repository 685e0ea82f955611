/// Translates Go (RE2) regular-expression syntax into equivalent Swift `Regex` syntax, checking it as Go's
/// `regexp/syntax` parser does and reporting its error texts.
///
/// Every literal is emitted as `\x{…}` so nothing is special to Swift by accident; `.`, `^`, `$`, `\d`, `\s`,
/// `\w` and POSIX classes are spelled out with Go's (ASCII, newline) meaning; flags `m` and `s` are applied by
/// the translation itself and only `i` and `U` reach Swift. Named groups become plain groups whose names are
/// returned separately, so `$name` expansion follows Go's rules.
enum GoRegexTranslator {
    struct Flags {
        var i = false, m = false, s = false, u = false
    }

    static func translate(_ pattern: String) -> Result<(String, [String]), TemplateFunctionError> {
        var t = Translator(Array(pattern.unicodeScalars), pattern)
        do throws(TemplateFunctionError) {
            try t.run()
            return .success((t.out, t.names))
        } catch {
            return .failure(error)
        }
    }

    struct Translator {
        let p: [Unicode.Scalar]
        let pattern: String
        var i = 0
        var out = ""
        var names = [""]
        var flags = Flags()
        var stack: [Flags] = []
        /// Whether the last item can take a repetition operator, and the text of a repetition just applied.
        var canRepeat = false
        var lastRepeat: String?

        init(_ p: [Unicode.Scalar], _ pattern: String) {
            self.p = p
            self.pattern = pattern
        }

        func fail(_ code: String, _ expr: String) -> TemplateFunctionError {
            TemplateFunctionError("error parsing regexp: \(code): `\(expr)`")
        }

        func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(p[r])) }

        static func literal(_ s: Unicode.Scalar) -> String {
            let v = s.value
            if (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) { return String(s) }
            return "\\x{" + String(v, radix: 16) + "}"
        }

        mutating func emitAtom(_ s: String) {
            out += s
            canRepeat = true
            lastRepeat = nil
        }

        mutating func run() throws(TemplateFunctionError) {
            while i < p.count {
                let c = p[i]
                switch c {
                case "(": try openGroup()
                case ")":
                    guard let saved = stack.popLast() else { throw fail("unexpected )", pattern) }
                    flags = saved
                    i += 1
                    emitAtom(")")
                case "|":
                    i += 1
                    out += "|"
                    canRepeat = false
                    lastRepeat = nil
                case "*", "+", "?":
                    try repetition(String(c), length: 1)
                case "{":
                    if let length = repeatLength(at: i) {
                        try repetition(text(i..<(i + length)), length: length)
                    } else {
                        i += 1
                        emitAtom(Self.literal("{"))
                    }
                case "[": try characterClass()
                case ".":
                    i += 1
                    emitAtom(flags.s ? "(?s:.)" : "[^\\n]")
                case "^":
                    i += 1
                    emitAtom(flags.m ? "(?m:^)" : "(?:\\A)")
                case "$":
                    i += 1
                    emitAtom(flags.m ? "(?:(?=\\n)|\\z)" : "(?:\\z)")
                case "\\": try escape()
                default:
                    i += 1
                    emitAtom(Self.literal(c))
                }
            }
            if !stack.isEmpty { throw fail("missing closing )", pattern) }
        }

        /// Length of a `{n}`, `{n,}` or `{n,m}` repetition at `at`, or nil if the brace is a literal.
        func repeatLength(at start: Int) -> Int? {
            var j = start + 1
            var digits = 0
            while j < p.count, p[j].properties.numericType == .decimal, p[j].isASCII { j += 1; digits += 1 }
            guard digits > 0, j < p.count else { return nil }
            if p[j] == "," {
                j += 1
                while j < p.count, p[j].isASCII, p[j].properties.numericType == .decimal { j += 1 }
            }
            guard j < p.count, p[j] == "}" else { return nil }
            return j - start + 1
        }

        mutating func repetition(_ op: String, length: Int) throws(TemplateFunctionError) {
            var opText = op
            var end = i + length
            if end < p.count && p[end] == "?" {
                opText += "?"
                end += 1
            }
            if let last = lastRepeat { throw fail("invalid nested repetition operator", last + opText) }
            guard canRepeat else { throw fail("missing argument to repetition operator", opText) }
            if op.hasPrefix("{") {
                let inner = op.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                let low = Int(inner[0]) ?? 1001
                let high = inner.count > 1 ? (inner[1].isEmpty ? low : (Int(inner[1]) ?? 1001)) : low
                if low > 1000 || high > 1000 || high < low { throw fail("invalid repeat count", op) }
            }
            out += opText
            i = end
            lastRepeat = opText
        }

        mutating func openGroup() throws(TemplateFunctionError) {
            let start = i
            if i + 1 < p.count && p[i + 1] == "?" {
                // Named capture: (?P<name>…) or (?<name>…).
                var nameStart = -1
                if i + 2 < p.count && p[i + 2] == "P" && i + 3 < p.count && p[i + 3] == "<" { nameStart = i + 4 }
                if i + 2 < p.count && p[i + 2] == "<" && !(i + 3 < p.count && (p[i + 3] == "=" || p[i + 3] == "!")) {
                    nameStart = i + 3
                }
                if nameStart >= 0 {
                    guard let close = p[nameStart...].firstIndex(of: ">") else {
                        throw fail("invalid named capture", text(start..<p.count))
                    }
                    let name = text(nameStart..<close)
                    let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0 == "_" || TemplateLexer.isAlphaNumeric($0) }
                    if !valid { throw fail("invalid named capture", text(start..<(close + 1))) }
                    if names.contains(name) { throw fail("duplicate capture group name", name) }
                    names.append(name)
                    stack.append(flags)
                    i = close + 1
                    out += "("
                    canRepeat = false
                    lastRepeat = nil
                    return
                }
                // Flags: (?i) (?i-s:…) …
                var j = i + 2
                var newFlags = flags
                var negative = false
                var sawFlag = false
                while j < p.count {
                    let c = p[j]
                    switch c {
                    case "i", "m", "s", "U":
                        let on = !negative
                        switch c {
                        case "i": newFlags.i = on
                        case "m": newFlags.m = on
                        case "s": newFlags.s = on
                        default: newFlags.u = on
                        }
                        sawFlag = true
                        j += 1
                        continue
                    case "-":
                        if negative { throw fail("invalid or unsupported Perl syntax", text(start..<(j + 1))) }
                        negative = true
                        sawFlag = false
                        j += 1
                        continue
                    case ":", ")":
                        if negative && !sawFlag { throw fail("invalid or unsupported Perl syntax", text(start..<(j + 1))) }
                        let swiftFlags = swiftFlagText(from: flags, to: newFlags)
                        if c == ":" {
                            stack.append(flags)
                            out += "(?" + swiftFlags + ":"
                            canRepeat = false
                        } else {
                            if !swiftFlags.isEmpty { out += "(?" + swiftFlags + ")" }
                        }
                        flags = newFlags
                        i = j + 1
                        lastRepeat = nil
                        if c == ")" { canRepeat = canRepeat && !out.isEmpty }
                        return
                    default:
                        throw fail("invalid or unsupported Perl syntax", text(start..<min(j + 1, p.count)))
                    }
                }
                throw fail("missing closing )", pattern)
            }
            names.append("")
            stack.append(flags)
            i += 1
            out += "("
            canRepeat = false
            lastRepeat = nil
        }

        /// The `i`/`U` part of a flag change, as Swift flag syntax (`i-U`); `m` and `s` are translated away.
        func swiftFlagText(from old: Flags, to new: Flags) -> String {
            var on = ""
            var off = ""
            if new.i != old.i { if new.i { on += "i" } else { off += "i" } }
            if new.u != old.u { if new.u { on += "U" } else { off += "U" } }
            return on + (off.isEmpty ? "" : "-" + off)
        }

        mutating func escape() throws(TemplateFunctionError) {
            guard i + 1 < p.count else { throw fail("trailing backslash at end of expression", "") }
            let c = p[i + 1]
            switch c {
            case "A":
                i += 2
                emitAtom("(?:\\A)")
            case "z":
                i += 2
                emitAtom("(?:\\z)")
            case "b", "B":
                i += 2
                emitAtom("(?:\\" + String(c) + ")")
            case "C":
                i += 2
                emitAtom("(?s:.)")
            case "Q":
                var j = i + 2
                var literal = ""
                while j < p.count {
                    if p[j] == "\\" && j + 1 < p.count && p[j + 1] == "E" {
                        j += 2
                        break
                    }
                    literal += Self.literal(p[j])
                    j += 1
                }
                i = j
                if !literal.isEmpty { emitAtom("(?:" + literal + ")") }
            default:
                emitAtom(try classEscape(inClass: false))
            }
        }

        /// Escapes valid both inside and outside classes; returns Swift syntax usable inside a class.
        mutating func classEscape(inClass: Bool) throws(TemplateFunctionError) -> String {
            let start = i
            guard i + 1 < p.count else { throw fail("trailing backslash at end of expression", "") }
            let c = p[i + 1]
            i += 2
            switch c {
            case "d": return "[0-9]"
            case "D": return "[^0-9]"
            case "s": return "[\\t\\n\\f\\r ]"
            case "S": return "[^\\t\\n\\f\\r ]"
            case "w": return "[0-9A-Za-z_]"
            case "W": return "[^0-9A-Za-z_]"
            case "a": return Self.literal("\u{07}")
            case "f": return Self.literal("\u{0C}")
            case "t": return Self.literal("\t")
            case "n": return Self.literal("\n")
            case "r": return Self.literal("\r")
            case "v": return Self.literal("\u{0B}")
            case "p", "P":
                var negate = c == "P"
                var name = ""
                if i < p.count && p[i] == "{" {
                    guard let close = p[i...].firstIndex(of: "}") else { throw fail("invalid character class range", text(start..<p.count)) }
                    name = text((i + 1)..<close)
                    i = close + 1
                } else if i < p.count {
                    name = String(p[i])
                    i += 1
                } else {
                    throw fail("invalid character class range", text(start..<p.count))
                }
                if name.hasPrefix("^") {
                    negate.toggle()
                    name.removeFirst()
                }
                if name.isEmpty || !name.unicodeScalars.allSatisfy({ $0.isASCII && TemplateLexer.isAlphaNumeric($0) }) {
                    throw fail("invalid character class range", text(start..<i))
                }
                return (negate ? "\\P{" : "\\p{") + name + "}"
            case "x":
                var value: UInt32 = 0
                if i < p.count && p[i] == "{" {
                    guard let close = p[i...].firstIndex(of: "}"), close > i + 1 else {
                        throw fail("invalid escape sequence", text(start..<min(i + 1, p.count)))
                    }
                    for k in (i + 1)..<close {
                        guard let d = GoStrconv.hexDigit(p[k]), value <= 0x10FFFF else {
                            throw fail("invalid escape sequence", text(start..<(close + 1)))
                        }
                        value = value << 4 | d
                    }
                    i = close + 1
                } else {
                    guard i + 1 < p.count, let h = GoStrconv.hexDigit(p[i]), let l = GoStrconv.hexDigit(p[i + 1]) else {
                        throw fail("invalid escape sequence", text(start..<min(i + 2, p.count)))
                    }
                    value = h << 4 | l
                    i += 2
                }
                guard let scalar = Unicode.Scalar(value) else { throw fail("invalid escape sequence", text(start..<i)) }
                return Self.literal(scalar)
            case "0"..."7":
                if c != "0" && !(i < p.count && p[i].value >= 48 && p[i].value <= 55) {
                    throw fail("invalid escape sequence", text(start..<i))
                }
                var value = c.value - 48
                var n = 1
                while n < 3 && i < p.count && p[i].value >= 48 && p[i].value <= 55 {
                    value = value * 8 + p[i].value - 48
                    i += 1
                    n += 1
                }
                return Self.literal(Unicode.Scalar(UInt8(truncatingIfNeeded: value)))
            default:
                if c.isASCII && !TemplateLexer.isAlphaNumeric(c) && c != "_" { return Self.literal(c) }
                throw fail("invalid escape sequence", text(start..<i))
            }
        }
    }
}
