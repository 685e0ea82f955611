/// The per-type verb handling of Go's `fmt` (`fmtInteger`, `fmtFloat`, `fmtString`, …).
extension GoPrinter {
    static let lowerDigits = Array("0123456789abcdefx".utf8)
    static let upperDigits = Array("0123456789ABCDEFX".utf8)

    mutating func fmtBool(_ v: Bool, _ verb: Unicode.Scalar) {
        switch verb {
        case "t", "v": padString(v ? "true" : "false")
        default: badVerb(verb)
        }
    }

    // MARK: integers

    mutating func fmtInteger(_ v: UInt64, signed: Bool, _ verb: Unicode.Scalar) {
        switch verb {
        case "v":
            if flags.sharpV && !signed {
                let sharp = flags.sharp
                flags.sharp = true
                fmtInteger(v, signed: false, "x", digits: Self.lowerDigits)
                flags.sharp = sharp
            } else {
                fmtInteger(v, base: 10, signed: signed, verb, digits: Self.lowerDigits)
            }
        case "d": fmtInteger(v, base: 10, signed: signed, verb, digits: Self.lowerDigits)
        case "b": fmtInteger(v, base: 2, signed: signed, verb, digits: Self.lowerDigits)
        case "o", "O": fmtInteger(v, base: 8, signed: signed, verb, digits: Self.lowerDigits)
        case "x": fmtInteger(v, base: 16, signed: signed, verb, digits: Self.lowerDigits)
        case "X": fmtInteger(v, base: 16, signed: signed, verb, digits: Self.upperDigits)
        case "c": pad(Array(String(Character(Self.rune(v))).utf8))
        case "q": pad(Array(GoStrconv.quoteRune(Int64(Self.rune(v).value), asciiOnly: flags.plus).utf8))
        case "U": fmtUnicode(v)
        default: badVerb(verb)
        }
    }

    mutating func fmtInteger(_ v: UInt64, signed: Bool, _ verb: Unicode.Scalar, digits: [UInt8]) {
        fmtInteger(v, base: 16, signed: signed, verb, digits: digits)
    }

    private static func rune(_ v: UInt64) -> Unicode.Scalar {
        if v <= 0x10FFFF, let s = Unicode.Scalar(UInt32(v)) { return s }
        return "\u{FFFD}"
    }

    /// Go's `fmt.fmtInteger`.
    mutating func fmtInteger(_ value: UInt64, base: UInt64, signed: Bool, _ verb: Unicode.Scalar, digits: [UInt8]) {
        var u = value
        let negative = signed && Int64(bitPattern: u) < 0
        if negative { u = 0 &- u }
        var prec = 0
        if flags.precPresent {
            prec = flags.prec
            if prec == 0 && u == 0 {
                let oldZero = flags.zero
                flags.zero = false
                writePadding(flags.wid)
                flags.zero = oldZero
                return
            }
        } else if flags.zero && !flags.minus && flags.widPresent {
            prec = flags.wid
            if negative || flags.plus || flags.space { prec -= 1 }
        }
        var out: [UInt8] = []
        repeat {
            out.append(digits[Int(u % base)])
            u /= base
        } while u > 0
        while out.count < prec { out.append(UInt8(ascii: "0")) }
        if flags.sharp {
            switch base {
            case 2: out.append(contentsOf: [UInt8(ascii: "b"), UInt8(ascii: "0")])
            case 8: if out.last != UInt8(ascii: "0") { out.append(UInt8(ascii: "0")) }
            case 16: out.append(contentsOf: [digits[16], UInt8(ascii: "0")])
            default: break
            }
        }
        if verb == "O" { out.append(contentsOf: [UInt8(ascii: "o"), UInt8(ascii: "0")]) }
        if negative {
            out.append(UInt8(ascii: "-"))
        } else if flags.plus {
            out.append(UInt8(ascii: "+"))
        } else if flags.space {
            out.append(UInt8(ascii: " "))
        }
        let oldZero = flags.zero
        flags.zero = false
        pad(out.reversed())
        flags.zero = oldZero
    }

    private mutating func fmtUnicode(_ value: UInt64) {
        var u = value
        var prec = 4
        if flags.precPresent && flags.prec > 4 { prec = flags.prec }
        var out: [UInt8] = []
        if flags.sharp && u <= 0x10FFFF, let s = Unicode.Scalar(UInt32(u)), GoStrconv.isPrint(s) {
            out.append(UInt8(ascii: "'"))
            out.append(contentsOf: Array(String(Character(s)).utf8).reversed())
            out.append(contentsOf: [UInt8(ascii: "'"), UInt8(ascii: " ")])
        }
        repeat {
            out.append(Self.upperDigits[Int(u & 0xF)])
            prec -= 1
            u >>= 4
        } while u > 0
        while prec > 0 {
            out.append(UInt8(ascii: "0"))
            prec -= 1
        }
        out.append(contentsOf: [UInt8(ascii: "+"), UInt8(ascii: "U")])
        let oldZero = flags.zero
        flags.zero = false
        pad(out.reversed())
        flags.zero = oldZero
    }

    // MARK: floats

    mutating func fmtFloat(_ v: Double, _ verb: Unicode.Scalar) {
        switch verb {
        case "v": fmtFloat(v, verb: "g", prec: -1)
        case "b", "g", "G", "x", "X": fmtFloat(v, verb: verb, prec: -1)
        case "f", "F", "e", "E": fmtFloat(v, verb: verb == "F" ? "f" : verb, prec: 6)
        default: badVerb(verb)
        }
    }

    /// Go's `fmt.fmtFloat`.
    private mutating func fmtFloat(_ v: Double, verb: Unicode.Scalar, prec defaultPrec: Int) {
        let prec = flags.precPresent ? flags.prec : defaultPrec
        var num = [UInt8(ascii: "+")] + GoFloatFormat.bytes(v, UInt8(verb.value), prec)
        if num[1] == UInt8(ascii: "-") || num[1] == UInt8(ascii: "+") {
            num.removeFirst()
        }
        if flags.space && num[0] == UInt8(ascii: "+") && !flags.plus { num[0] = UInt8(ascii: " ") }
        if num[1] == UInt8(ascii: "I") || num[1] == UInt8(ascii: "N") {
            let oldZero = flags.zero
            flags.zero = false
            if num[1] == UInt8(ascii: "N") && !flags.space && !flags.plus { num.removeFirst() }
            pad(num)
            flags.zero = oldZero
            return
        }
        if flags.sharp && verb != "b" {
            var digits = 0
            switch verb {
            case "v", "g", "G", "x": digits = prec == -1 ? 6 : prec
            default: break
            }
            var tail: [UInt8] = []
            var hasDecimalPoint = false
            var sawNonzeroDigit = false
            var i = 1
            while i < num.count {
                let c = num[i]
                if c == UInt8(ascii: ".") {
                    hasDecimalPoint = true
                } else if c == UInt8(ascii: "p") || c == UInt8(ascii: "P")
                    || ((c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && verb != "x" && verb != "X")
                {
                    tail = Array(num[i...])
                    num.removeSubrange(i...)
                    break
                } else {
                    if c != UInt8(ascii: "0") { sawNonzeroDigit = true }
                    if sawNonzeroDigit { digits -= 1 }
                }
                i += 1
            }
            if !hasDecimalPoint {
                if num.count == 2 && num[1] == UInt8(ascii: "0") { digits -= 1 }
                num.append(UInt8(ascii: "."))
            }
            while digits > 0 {
                num.append(UInt8(ascii: "0"))
                digits -= 1
            }
            num.append(contentsOf: tail)
        }
        if flags.plus || num[0] != UInt8(ascii: "+") {
            if flags.zero && !flags.minus && flags.widPresent && flags.wid > num.count {
                buf.append(num[0])
                writePadding(flags.wid - num.count)
                buf.append(contentsOf: num[1...])
                return
            }
            pad(num)
            return
        }
        pad(Array(num[1...]))
    }

    mutating func fmtComplex(_ r: Double, _ i: Double, _ verb: Unicode.Scalar) {
        switch verb {
        case "v", "b", "g", "G", "x", "X", "f", "F", "e", "E":
            let oldPlus = flags.plus
            write("(")
            fmtFloat(r, verb)
            flags.plus = true
            fmtFloat(i, verb)
            write("i)")
            flags.plus = oldPlus
        default:
            badVerb(verb)
        }
    }

    // MARK: strings

    mutating func fmtString(_ s: String, _ verb: Unicode.Scalar) {
        switch verb {
        case "v": if flags.sharpV { fmtQ(s) } else { fmtS(s) }
        case "s": fmtS(s)
        case "x": fmtSx(s, Self.lowerDigits)
        case "X": fmtSx(s, Self.upperDigits)
        case "q": fmtQ(s)
        default: badVerb(verb)
        }
    }

    private func truncate(_ s: String) -> String {
        guard flags.precPresent else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.prefix(max(0, flags.prec))))
    }

    mutating func fmtS(_ s: String) { padString(truncate(s)) }

    private mutating func fmtQ(_ s: String) {
        let t = truncate(s)
        if flags.sharp && GoStrconv.canBackquote(t) {
            padString("`" + t + "`")
        } else {
            padString(GoStrconv.quote(t, asciiOnly: flags.plus))
        }
    }

    /// Go's `fmtSbx`: the bytes in hexadecimal, with `% x` spacing and `%#x` prefixes.
    private mutating func fmtSx(_ s: String, _ digits: [UInt8]) {
        let bytes = Array(s.utf8)
        var length = bytes.count
        if flags.precPresent && flags.prec < length { length = flags.prec }
        var width = 2 * length
        if width > 0 {
            if flags.space {
                if flags.sharp { width *= 2 }
                width += length - 1
            } else if flags.sharp {
                width += 2
            }
        } else {
            if flags.widPresent { writePadding(flags.wid) }
            return
        }
        if flags.widPresent && flags.wid > width && !flags.minus { writePadding(flags.wid - width) }
        if flags.sharp { buf.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
        for i in 0..<length {
            if flags.space && i > 0 {
                buf.append(UInt8(ascii: " "))
                if flags.sharp { buf.append(contentsOf: [UInt8(ascii: "0"), digits[16]]) }
            }
            let c = bytes[i]
            buf.append(digits[Int(c >> 4)])
            buf.append(digits[Int(c & 0xF)])
        }
        if flags.widPresent && flags.wid > width && flags.minus { writePadding(flags.wid - width) }
    }
}
