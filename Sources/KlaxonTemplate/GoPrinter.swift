import KlaxonModel

/// Go's `fmt` printer (`Sprint`, `Sprintln`, `Sprintf`) over template values, with Go's flags, widths,
/// precisions, `%!verb(type=value)` error forms and default formats (`map[a:b]`, `[x y]`, `&{…}`).
struct GoPrinter {
    struct Flags {
        var widPresent = false, precPresent = false
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var plusV = false, sharpV = false
        var wid = 0, prec = 0
    }

    var buf: [UInt8] = []
    var flags = Flags()
    /// Set while printing the value inside a `%!verb(…)` so methods are not used (Go's `erroring`).
    private var erroring = false
    /// The value being printed and whether it arrived as a top-level argument (`p.arg`) or by reflection.
    private var current: TemplateValue = .missing
    private var currentIsArg = false

    var string: String { String(decoding: buf, as: UTF8.self) }

    static func sprint(_ args: [TemplateValue]) -> String {
        var p = GoPrinter()
        var previousString = false
        for (i, arg) in args.enumerated() {
            let isString = arg.isStringKind
            if i > 0 && !isString && !previousString { p.buf.append(UInt8(ascii: " ")) }
            p.printArg(arg, verb: "v")
            previousString = isString
        }
        return p.string
    }

    static func sprintln(_ args: [TemplateValue]) -> String {
        var p = GoPrinter()
        for (i, arg) in args.enumerated() {
            if i > 0 { p.buf.append(UInt8(ascii: " ")) }
            p.printArg(arg, verb: "v")
        }
        p.buf.append(UInt8(ascii: "\n"))
        return p.string
    }

    mutating func write(_ s: String) { buf.append(contentsOf: s.utf8) }

    // MARK: padding

    mutating func writePadding(_ n: Int) {
        guard n > 0 else { return }
        buf.append(contentsOf: repeatElement(flags.zero ? UInt8(ascii: "0") : UInt8(ascii: " "), count: n))
    }

    mutating func pad(_ b: [UInt8]) {
        guard flags.widPresent && flags.wid != 0 else {
            buf.append(contentsOf: b)
            return
        }
        let width = flags.wid - runeCount(b)
        if !flags.minus {
            writePadding(width)
            buf.append(contentsOf: b)
        } else {
            buf.append(contentsOf: b)
            writePadding(width)
        }
    }

    mutating func padString(_ s: String) { pad(Array(s.utf8)) }

    private func runeCount(_ b: [UInt8]) -> Int { b.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }

    // MARK: arguments

    /// Go's `printArg`.
    mutating func printArg(_ arg: TemplateValue, verb: Unicode.Scalar) {
        current = arg
        currentIsArg = true
        if case .missing = arg {
            switch verb {
            case "T", "v": padString("<nil>")
            default: badVerb(verb)
            }
            return
        }
        switch verb {
        case "T":
            fmtS(arg.goTypeName)
            return
        case "p":
            fmtPointer(arg, verb: "p")
            return
        default: break
        }
        switch arg {
        case .bool(let b): fmtBool(b, verb)
        case .float(let f): fmtFloat(f, verb)
        case .complex(let r, let i): fmtComplex(r, i, verb)
        case .int(let i, .int), .int(let i, .int64): fmtInteger(UInt64(bitPattern: i), signed: true, verb)
        case .int(let i, .uint8): fmtInteger(UInt64(bitPattern: i), signed: false, verb)
        case .string(let s): fmtString(s, verb)
        default:
            if !handleMethods(arg, verb) { printValue(arg, verb, depth: 0) }
        }
    }

    /// Go's `handleMethods` for the `Stringer` types templates meet (`time.Time`, `time.Duration`, …).
    private mutating func handleMethods(_ value: TemplateValue, _ verb: Unicode.Scalar) -> Bool {
        if erroring || flags.sharpV { return false }
        switch verb {
        case "v", "s", "x", "X", "q": break
        default: return false
        }
        guard let text = value.stringerText else { return false }
        fmtString(text, verb)
        return true
    }

    /// Go's `printValue`.
    mutating func printValue(_ value: TemplateValue, _ verb: Unicode.Scalar, depth: Int) {
        if depth > 0 && value != .missing {
            current = value
            currentIsArg = true
            if handleMethods(value, verb) { return }
        }
        current = value
        currentIsArg = false
        switch value {
        case .missing:
            if depth == 0 {
                write("<invalid reflect.Value>")
            } else if verb == "v" {
                write("<nil>")
            } else {
                badVerb(verb)
            }
        case .bool(let b): fmtBool(b, verb)
        case .int(let i, let type): fmtInteger(UInt64(bitPattern: i), signed: !type.isUnsigned, verb)
        case .float(let f): fmtFloat(f, verb)
        case .complex(let r, let i): fmtComplex(r, i, verb)
        case .string(let s), .html(let s): fmtString(s, verb)
        case .labels(let labels):
            printMap(value, labels.map { (TemplateValue.string($0.name), TemplateValue.string($0.value)) }, verb, depth)
        case .map(let m):
            let sorted = m.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            printMap(value, sorted.map { (TemplateValue.string($0), m[$0] ?? .missing) }, verb, depth)
        case .list(let items):
            printSlice(value, items, verb, depth)
        case .queryResult(let samples):
            printSlice(value, samples.map { .sample($0) }, verb, depth)
        case .sample(let s):
            if depth == 0 {
                write("&")
                printStruct(["Labels": .labels(s.labels), "Value": .float(s.value)], ["Labels", "Value"], verb, depth + 1)
            } else {
                fmtPointer(value, verb: verb)
            }
        case .alert(let a):
            let fields: [String: TemplateValue] = [
                "Labels": .labels(a.labels), "ExternalLabels": .labels(a.externalLabels),
                "ExternalURL": .string(a.externalURL), "Value": .float(a.value),
            ]
            if flags.sharpV { write(AlertTemplateData.goTypeName) }
            printStruct(fields, ["Labels", "ExternalLabels", "ExternalURL", "Value"], verb, depth)
        case .time(let t, let pointer):
            // Only reached for verbs a Stringer does not handle; Go would print the struct's private fields.
            if pointer && depth == 0 { write("&") }
            write("{" + t.description + "}")
        case .durationPointer:
            fmtPointer(value, verb: verb)
        }
    }

    private mutating func printMap(
        _ value: TemplateValue, _ entries: [(TemplateValue, TemplateValue)], _ verb: Unicode.Scalar, _ depth: Int
    ) {
        write(flags.sharpV ? value.goTypeName + "{" : "map[")
        for (i, (k, v)) in entries.enumerated() {
            if i > 0 { write(flags.sharpV ? ", " : " ") }
            printValue(k, verb, depth: depth + 1)
            write(":")
            printValue(v, verb, depth: depth + 1)
        }
        write(flags.sharpV ? "}" : "]")
    }

    private mutating func printSlice(_ value: TemplateValue, _ items: [TemplateValue], _ verb: Unicode.Scalar, _ depth: Int) {
        write(flags.sharpV ? value.goTypeName + "{" : "[")
        for (i, item) in items.enumerated() {
            if i > 0 { write(flags.sharpV ? ", " : " ") }
            printValue(item, verb, depth: depth + 1)
        }
        write(flags.sharpV ? "}" : "]")
    }

    private mutating func printStruct(
        _ fields: [String: TemplateValue], _ order: [String], _ verb: Unicode.Scalar, _ depth: Int
    ) {
        write("{")
        for (i, name) in order.enumerated() {
            if i > 0 { write(flags.sharpV ? ", " : " ") }
            if flags.plusV || flags.sharpV { write(name + ":") }
            printValue(fields[name] ?? .missing, verb, depth: depth + 1)
        }
        write("}")
    }

    /// Go prints pointers as machine addresses, which no other process can reproduce; Klaxon prints a fixed
    /// placeholder address instead.
    private mutating func fmtPointer(_ value: TemplateValue, verb: Unicode.Scalar) {
        switch verb {
        case "p", "v", "b", "d", "o", "x", "X": break
        default:
            badVerb(verb)
            return
        }
        if flags.sharpV {
            write("(" + value.goTypeName + ")(0xc000010000)")
        } else if verb == "p" || verb == "v" {
            let sharp = flags.sharp
            flags.sharp = !sharp
            fmtInteger(0xC0_0001_0000, signed: false, "x", digits: Self.lowerDigits)
            flags.sharp = sharp
        } else {
            fmtInteger(0xC0_0001_0000, signed: false, verb)
        }
    }

    /// Go's `badVerb`: `%!d(string=hello)`.
    mutating func badVerb(_ verb: Unicode.Scalar) {
        erroring = true
        write("%!")
        write(String(verb))
        write("(")
        let value = current
        if case .missing = value {
            write("<nil>")
        } else {
            write(value.goTypeName)
            write("=")
            if currentIsArg {
                printArg(value, verb: "v")
            } else {
                printValue(value, "v", depth: 0)
            }
        }
        write(")")
        erroring = false
    }
}

extension TemplateValue {
    /// The `String()` method's result for values whose Go type has one.
    var stringerText: String? {
        switch self {
        case .time(let t, _): t.description
        case .int(let d, .duration): GoTime.durationString(d)
        case .durationPointer(let d): GoTime.durationString(d)
        case .int(let m, .month):
            (1...12).contains(m) ? GoTime.monthNames[Int(m - 1)] : "%!Month(" + String(m) + ")"
        case .int(let w, .weekday):
            (0...6).contains(w) ? GoTime.dayNames[Int(w)] : "%!Weekday(" + String(w) + ")"
        default: nil
        }
    }
}
