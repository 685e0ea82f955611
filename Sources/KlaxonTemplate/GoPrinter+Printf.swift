/// Go's `fmt.Sprintf` format-string interpreter (`doPrintf`).
extension GoPrinter {
    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var p = GoPrinter()
        p.doPrintf(Array(format.utf8), args)
        return p.string
    }

    /// Go caps widths and precisions at 10⁶ (`tooLarge`).
    private static func tooLarge(_ x: Int) -> Bool { x > 1_000_000 || x < -1_000_000 }

    private static func parseNumber(_ s: [UInt8], _ start: Int, _ end: Int) -> (num: Int, isNum: Bool, next: Int) {
        if start >= end { return (0, false, end) }
        var num = 0
        var isNum = false
        var i = start
        while i < end && s[i] >= 48 && s[i] <= 57 {
            if tooLarge(num) { return (0, false, end) }
            num = num * 10 + Int(s[i] - 48)
            isNum = true
            i += 1
        }
        return (num, isNum, i)
    }

    private static func parseArgNumber(_ s: [UInt8], _ start: Int) -> (index: Int, width: Int, ok: Bool) {
        if s.count - start < 3 { return (0, 1, false) }
        var i = start + 1
        while i < s.count {
            if s[i] == UInt8(ascii: "]") {
                let (n, ok, next) = parseNumber(s, start + 1, i)
                if !ok || next != i { return (0, i - start + 1, false) }
                return (n - 1, i - start + 1, true)
            }
            i += 1
        }
        return (0, 1, false)
    }

    private static func intFromArg(_ args: [TemplateValue], _ argNum: Int) -> (num: Int, isInt: Bool, next: Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        var num = 0
        var isInt = false
        if case .int(let v, _) = args[argNum], let n = Int(exactly: v) {
            num = n
            isInt = true
        }
        if tooLarge(num) { return (0, false, argNum + 1) }
        return (num, isInt, argNum + 1)
    }

    /// Go's `doPrintf`.
    mutating func doPrintf(_ format: [UInt8], _ args: [TemplateValue]) {
        let end = format.count
        var argNum = 0
        var afterIndex = false
        var reordered = false
        var goodArgNum = true
        var i = 0

        func argNumber(_ argNum: Int, _ i: Int) -> (Int, Int, Bool) {
            guard i < end, format[i] == UInt8(ascii: "[") else { return (argNum, i, false) }
            reordered = true
            let (index, width, ok) = Self.parseArgNumber(format, i)
            if ok && index >= 0 && index < args.count { return (index, i + width, true) }
            goodArgNum = false
            return (argNum, i + width, ok)
        }

        while i < end {
            goodArgNum = true
            let last = i
            while i < end && format[i] != UInt8(ascii: "%") { i += 1 }
            if i > last { buf.append(contentsOf: format[last..<i]) }
            if i >= end { break }
            i += 1
            flags = Flags()
            flagLoop: while i < end {
                switch format[i] {
                case UInt8(ascii: "#"): flags.sharp = true
                case UInt8(ascii: "0"): flags.zero = !flags.minus
                case UInt8(ascii: "+"): flags.plus = true
                case UInt8(ascii: "-"):
                    flags.minus = true
                    flags.zero = false
                case UInt8(ascii: " "): flags.space = true
                default: break flagLoop
                }
                i += 1
            }
            (argNum, i, afterIndex) = argNumber(argNum, i)
            if i < end && format[i] == UInt8(ascii: "*") {
                i += 1
                (flags.wid, flags.widPresent, argNum) = Self.intFromArg(args, argNum)
                if !flags.widPresent { write("%!(BADWIDTH)") }
                if flags.wid < 0 {
                    flags.wid = -flags.wid
                    flags.minus = true
                    flags.zero = false
                }
                afterIndex = false
            } else {
                (flags.wid, flags.widPresent, i) = Self.parseNumber(format, i, end)
                if afterIndex && flags.widPresent { goodArgNum = false }
            }
            if i + 1 < end && format[i] == UInt8(ascii: ".") {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(argNum, i)
                if i < end && format[i] == UInt8(ascii: "*") {
                    i += 1
                    (flags.prec, flags.precPresent, argNum) = Self.intFromArg(args, argNum)
                    if flags.prec < 0 {
                        flags.prec = 0
                        flags.precPresent = false
                    }
                    if !flags.precPresent { write("%!(BADPREC)") }
                    afterIndex = false
                } else {
                    (flags.prec, flags.precPresent, i) = Self.parseNumber(format, i, end)
                    if !flags.precPresent {
                        flags.prec = 0
                        flags.precPresent = true
                    }
                }
            }
            if !afterIndex { (argNum, i, afterIndex) = argNumber(argNum, i) }
            if i >= end {
                write("%!(NOVERB)")
                break
            }
            let (verb, size) = Self.decodeRune(format, i)
            i += size
            if verb == "%" {
                buf.append(UInt8(ascii: "%"))
            } else if !goodArgNum {
                write("%!" + String(verb) + "(BADINDEX)")
            } else if argNum >= args.count {
                write("%!" + String(verb) + "(MISSING)")
            } else {
                if verb == "v" {
                    flags.sharpV = flags.sharp
                    flags.sharp = false
                    flags.plusV = flags.plus
                    flags.plus = false
                }
                printArg(args[argNum], verb: verb)
                argNum += 1
            }
        }
        if !reordered && argNum < args.count {
            flags = Flags()
            write("%!(EXTRA ")
            for (k, arg) in args[argNum...].enumerated() {
                if k > 0 { write(", ") }
                if case .missing = arg {
                    write("<nil>")
                } else {
                    write(arg.goTypeName)
                    write("=")
                    printArg(arg, verb: "v")
                }
            }
            write(")")
        }
    }

    /// Decodes one UTF-8 rune (invalid bytes decode as U+FFFD of width 1, as Go does).
    private static func decodeRune(_ b: [UInt8], _ i: Int) -> (Unicode.Scalar, Int) {
        let c = b[i]
        if c < 0x80 { return (Unicode.Scalar(c), 1) }
        var length = 0
        if c & 0xE0 == 0xC0 {
            length = 2
        } else if c & 0xF0 == 0xE0 {
            length = 3
        } else if c & 0xF8 == 0xF0 {
            length = 4
        }
        guard length > 0, i + length <= b.count else { return ("\u{FFFD}", 1) }
        let decoded = String(decoding: b[i..<(i + length)], as: UTF8.self).unicodeScalars
        guard decoded.count == 1, let s = decoded.first, s != "\u{FFFD}" else { return ("\u{FFFD}", 1) }
        return (s, length)
    }
}
