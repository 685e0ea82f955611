import KlaxonModel

/// Go's predefined template functions (`and`, `or`, `not`, `len`, `index`, `slice`, `print…`, `html`, `js`,
/// `urlquery`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `call`), with Go's argument rules and error texts.
/// `and`, `or` and `call` are evaluated by the executor itself; their entries here only carry the signature.
enum Builtins {
    static let names: Set<String> = Set(table.keys)

    static let table: [String: TemplateFunction] = [
        "and": TemplateFunction([.any], variadic: .any) { args, _ in args.last ?? .missing },
        "or": TemplateFunction([.any], variadic: .any) { args, _ in args.last ?? .missing },
        "call": TemplateFunction([.any], variadic: .any) { _, _ in .missing },
        "not": TemplateFunction([.any]) { args, _ in .bool(!args[0].isTrue) },
        "len": TemplateFunction([.any]) { (args, _) throws(TemplateFunctionError) in try length(args[0]) },
        "index": TemplateFunction([.any], variadic: .any) { (args, _) throws(TemplateFunctionError) in
            try index(args[0], Array(args.dropFirst()))
        },
        "slice": TemplateFunction([.any], variadic: .any) { (args, _) throws(TemplateFunctionError) in
            try slice(args[0], Array(args.dropFirst()))
        },
        "print": TemplateFunction([], variadic: .any) { args, _ in .string(GoPrinter.sprint(args)) },
        "println": TemplateFunction([], variadic: .any) { args, _ in .string(GoPrinter.sprintln(args)) },
        "printf": TemplateFunction([.string], variadic: .any) { args, _ in
            guard case .string(let format) = args[0] else { return .string("") }
            return .string(GoPrinter.sprintf(format, Array(args.dropFirst())))
        },
        "html": TemplateFunction([], variadic: .any) { args, _ in .string(GoText.htmlEscape(evalArgs(args))) },
        "js": TemplateFunction([], variadic: .any) { args, _ in .string(GoText.jsEscape(evalArgs(args))) },
        "urlquery": TemplateFunction([], variadic: .any) { args, _ in .string(GoURL.queryEscape(evalArgs(args))) },
        "eq": TemplateFunction([.any], variadic: .any) { (args, _) throws(TemplateFunctionError) in
            .bool(try equal(args[0], Array(args.dropFirst())))
        },
        "ne": TemplateFunction([.any, .any]) { (args, _) throws(TemplateFunctionError) in
            .bool(!(try equal(args[0], [args[1]])))
        },
        "lt": TemplateFunction([.any, .any]) { (args, _) throws(TemplateFunctionError) in
            .bool(try less(args[0], args[1]))
        },
        "le": TemplateFunction([.any, .any]) { (args, _) throws(TemplateFunctionError) in
            .bool(try lessOrEqual(args[0], args[1]))
        },
        "gt": TemplateFunction([.any, .any]) { (args, _) throws(TemplateFunctionError) in
            .bool(!(try lessOrEqual(args[0], args[1])))
        },
        "ge": TemplateFunction([.any, .any]) { (args, _) throws(TemplateFunctionError) in
            .bool(!(try less(args[0], args[1])))
        },
    ]

    /// Go's `evalArgs`: one string argument as is, otherwise `fmt.Sprint` of the dereferenced arguments.
    static func evalArgs(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s) = args[0] { return s }
        return GoPrinter.sprint(args.map(printableForPrint))
    }

    /// Go's `printableValue` as `evalArgs` applies it: nil becomes `<no value>`, pointers are followed.
    private static func printableForPrint(_ v: TemplateValue) -> TemplateValue {
        switch v {
        case .missing: .string("<no value>")
        case .sample(let s): .string(TemplateExecutor.sampleStruct(s))
        case .time(let t, _): .time(t, pointer: false)
        case .durationPointer(let d): .int(d, type: .duration)
        default: v
        }
    }

    /// The type Go's `indirect` leaves behind (a pointer's element type).
    private static func indirectTypeName(_ v: TemplateValue) -> String {
        switch v {
        case .sample: "template.sample"
        case .time: "time.Time"
        case .durationPointer: "time.Duration"
        default: v.goTypeName
        }
    }

    static func length(_ item: TemplateValue) throws(TemplateFunctionError) -> TemplateValue {
        switch item {
        case .missing: throw TemplateFunctionError("reflect: call of reflect.Value.Type on zero Value")
        case .string(let s), .html(let s): return .int(Int64(s.utf8.count))
        case .list(let l): return .int(Int64(l.count))
        case .queryResult(let q): return .int(Int64(q.count))
        case .labels(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: throw TemplateFunctionError("len of type \(indirectTypeName(item))")
        }
    }

    /// Go's `indexArg`: an integer index within `0...cap`.
    private static func indexArgument(_ index: TemplateValue, cap: Int) throws(TemplateFunctionError) -> Int {
        let x: Int64
        switch index {
        case .int(let v, _): x = v
        case .missing: throw TemplateFunctionError("cannot index slice/array with nil")
        default: throw TemplateFunctionError("cannot index slice/array with type \(index.goTypeName)")
        }
        if x < 0 || x > Int64(cap) { throw TemplateFunctionError("index out of range: \(x)") }
        return Int(x)
    }

    static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        if case .missing = item { throw TemplateFunctionError("index of untyped nil") }
        var item = item
        for index in indexes {
            switch item {
            case .list(let l):
                let x = try indexArgument(index, cap: l.count)
                guard x < l.count else { throw TemplateFunctionError("reflect: slice index out of range") }
                item = l[x]
            case .queryResult(let q):
                let x = try indexArgument(index, cap: q.count)
                guard x < q.count else { throw TemplateFunctionError("reflect: slice index out of range") }
                item = .sample(q[x])
            case .string(let s), .html(let s):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, cap: bytes.count)
                guard x < bytes.count else { throw TemplateFunctionError("reflect: string index out of range") }
                item = .int(Int64(bytes[x]), type: .uint8)
            case .labels(let labels):
                let key = try mapKey(index)
                item = .string(labels[key])
            case .map(let m):
                let key = try mapKey(index)
                item = m[key] ?? .missing
            case .missing:
                throw TemplateFunctionError("index of nil pointer")
            default:
                throw TemplateFunctionError("can't index item of type \(indirectTypeName(item))")
            }
        }
        return item
    }

    private static func mapKey(_ index: TemplateValue) throws(TemplateFunctionError) -> String {
        switch index {
        case .string(let s): return s
        case .missing: throw TemplateFunctionError("value is nil; should be of type string")
        default: throw TemplateFunctionError("value has type \(index.goTypeName); should be string")
        }
    }

    static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        if case .missing = item { throw TemplateFunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw TemplateFunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .string(let s), .html(let s):
            if indexes.count == 3 { throw TemplateFunctionError("cannot 3-index slice a string") }
            count = s.utf8.count
        case .list(let l): count = l.count
        case .queryResult(let q): count = q.count
        default: throw TemplateFunctionError("can't slice item of type \(item.goTypeName)")
        }
        var idx = [0, count, 0]
        for (i, index) in indexes.enumerated() { idx[i] = try indexArgument(index, cap: count) }
        if idx[0] > idx[1] { throw TemplateFunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3 && idx[1] > idx[2] {
            throw TemplateFunctionError("invalid slice index: \(idx[1]) > \(idx[2])")
        }
        switch item {
        case .string(let s): return .string(String(decoding: Array(s.utf8)[idx[0]..<idx[1]], as: UTF8.self))
        case .html(let s): return .html(String(decoding: Array(s.utf8)[idx[0]..<idx[1]], as: UTF8.self))
        case .list(let l): return .list(Array(l[idx[0]..<idx[1]]))
        case .queryResult(let q): return .queryResult(Array(q[idx[0]..<idx[1]]))
        default: return .missing
        }
    }

    // MARK: comparison

    private enum BasicKind { case bool, int, uint, float, complex, string }

    private static func basicKind(_ v: TemplateValue) -> BasicKind? {
        switch v.kind {
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .float: .float
        case .complex: .complex
        case .string: .string
        default: nil
        }
    }

    private static func intValue(_ v: TemplateValue) -> Int64 { if case .int(let i, _) = v { i } else { 0 } }
    private static func floatValue(_ v: TemplateValue) -> Double { if case .float(let f) = v { f } else { 0 } }
    private static func stringValue(_ v: TemplateValue) -> String {
        switch v {
        case .string(let s), .html(let s): s
        default: ""
        }
    }

    static func equal(_ a: TemplateValue, _ others: [TemplateValue]) throws(TemplateFunctionError) -> Bool {
        if others.isEmpty { throw TemplateFunctionError("missing argument for comparison") }
        let k1 = basicKind(a)
        for b in others {
            let k2 = basicKind(b)
            var truth = false
            if k1 != k2 {
                if k1 == .int && k2 == .uint {
                    truth = intValue(a) >= 0 && intValue(a) == intValue(b)
                } else if k1 == .uint && k2 == .int {
                    truth = intValue(b) >= 0 && intValue(a) == intValue(b)
                } else if a != .missing && b != .missing {
                    throw TemplateFunctionError("incompatible types for comparison: \(a.goTypeName) and \(b.goTypeName)")
                }
            } else {
                switch k1 {
                case .bool: if case .bool(let x) = a, case .bool(let y) = b { truth = x == y }
                case .complex: if case .complex(let r1, let i1) = a, case .complex(let r2, let i2) = b { truth = r1 == r2 && i1 == i2 }
                case .float: truth = floatValue(a) == floatValue(b)
                case .int, .uint: truth = intValue(a) == intValue(b)
                case .string: truth = stringValue(a) == stringValue(b)
                case nil: truth = try equalComposite(a, b)
                }
            }
            if truth { return true }
        }
        return false
    }

    /// `eq` on values that are not basic: nil compares with anything, maps, slices and structs holding them
    /// are not comparable, pointers compare by what they point to.
    private static func equalComposite(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        let kindA = a.kind
        let kindB = b.kind
        if kindA != kindB && kindA != .invalid && kindB != .invalid {
            throw TemplateFunctionError(
                "non-comparable types \(GoPrinter.sprint([a])): \(a.goTypeName), \(b.goTypeName): \(GoPrinter.sprint([b]))")
        }
        if a == .missing || b == .missing { return a == b }
        switch b {
        case .labels, .map, .list, .queryResult, .alert:
            throw TemplateFunctionError("non-comparable type \(GoPrinter.sprint([b])): \(b.goTypeName)")
        default:
            return a == b
        }
    }

    static func less(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        guard let k1 = basicKind(a), let k2 = basicKind(b) else {
            throw TemplateFunctionError("invalid type for comparison")
        }
        if k1 != k2 {
            if k1 == .int && k2 == .uint { return intValue(a) < intValue(b) }
            if k1 == .uint && k2 == .int { return intValue(b) >= 0 && intValue(a) < intValue(b) }
            throw TemplateFunctionError("incompatible types for comparison: \(a.goTypeName) and \(b.goTypeName)")
        }
        switch k1 {
        case .bool, .complex: throw TemplateFunctionError("invalid type for comparison")
        case .float: return floatValue(a) < floatValue(b)
        case .int, .uint: return intValue(a) < intValue(b)
        case .string: return stringValue(a).utf8.lexicographicallyPrecedes(stringValue(b).utf8)
        }
    }

    static func lessOrEqual(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        if try less(a, b) { return true }
        return try equal(a, [b])
    }
}
