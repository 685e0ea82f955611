/// Function and method calls: argument count and type checks, `and`/`or` short-circuiting, and error wording
/// (Go's `evalCall`, `evalArg`, `validateType`).
extension TemplateExecutor {
    mutating func evalCall(
        _ dot: TemplateValue, _ function: TemplateFunction, isBuiltin: Bool, site callSite: Site, name: String,
        args allArgs: [OperandNode]?, final: TemplateValue?
    ) throws(TemplateError) -> TemplateValue {
        let args = allArgs.map { Array($0.dropFirst()) } ?? []
        let numIn = args.count + (final == nil ? 0 : 1)
        let numFixed = function.variadic == nil ? args.count : function.parameters.count
        if function.variadic != nil {
            if numIn < numFixed {
                throw error("wrong number of args for \(name): want at least \(function.parameters.count) got \(args.count)")
            }
        } else if numIn != function.parameters.count {
            throw error("wrong number of args for \(name): want \(function.parameters.count) got \(numIn)")
        }

        if isBuiltin && (name == "and" || name == "or") {
            var v = TemplateValue.missing
            for arg in args {
                v = try evalArg(dot, .any, arg)
                if v.isTrue == (name == "or") { return v }
            }
            if let final { v = try validateType(final, .any) }
            return v
        }

        var argv: [TemplateValue] = []
        argv.reserveCapacity(numIn)
        var i = 0
        while i < numFixed && i < args.count {
            argv.append(try evalArg(dot, function.parameters[i], args[i]))
            i += 1
        }
        if let variadic = function.variadic {
            while i < args.count {
                argv.append(try evalArg(dot, variadic, args[i]))
                i += 1
            }
        }
        if let final {
            var t = function.parameters.last ?? .any
            if let variadic = function.variadic {
                t = numIn - 1 < numFixed ? function.parameters[numIn - 1] : variadic
            }
            argv.append(try validateType(final, t))
        }
        if isBuiltin && name == "call" {
            let callee = args.first?.description ?? final.map { GoPrinter.sprint([$0]) } ?? ""
            site = callSite
            if case .missing = argv.first ?? .missing { throw error("error calling call: call of nil") }
            throw error("error calling call: non-function \(callee) of type \(argv[0].goTypeName)")
        }
        do {
            return try function.body(argv, context)
        } catch let e {
            site = callSite
            throw error("error calling \(name): \(e.message)")
        }
    }

    /// Go's `validateType`: checks that a computed value can be passed as `type` (`nil` type: anything).
    mutating func validateType(_ value: TemplateValue, _ type: TemplateParameterType?) throws(TemplateError)
        -> TemplateValue
    {
        guard let type else { return value }
        if case .missing = value {
            if type.canBeNil { return type.zeroForNil }
            throw error("invalid value; expected \(type.goName)")
        }
        switch (type, value) {
        case (.any, _), (.string, .string), (.float64, .float), (.int, .int(_, .int)), (.bool, .bool),
            (.sample, .sample), (.queryResult, .queryResult), (.duration, .int(_, .duration)), (.time, .time(_, false)):
            return value
        case (.duration, .durationPointer(let d)):
            return .int(d, type: .duration)
        case (.time, .time(let t, true)):
            return .time(t, pointer: false)
        default:
            throw error("wrong type for value; expected \(type.goName); got \(value.goTypeName)")
        }
    }

    /// Go's `evalArg`: evaluates one argument for a parameter of the given type.
    mutating func evalArg(_ dot: TemplateValue, _ type: TemplateParameterType?, _ n: OperandNode) throws(TemplateError)
        -> TemplateValue
    {
        site = .operand(n)
        switch n {
        case .dot:
            return try validateType(dot, type)
        case .nilValue:
            guard let type else { return .missing }
            if type.canBeNil { return type.zeroForNil }
            throw error("cannot assign nil to \(type.goName)")
        case .field(_, let ident):
            return try validateType(try evalFieldNode(dot, n, ident, [n], nil), type)
        case .variable(let v):
            return try validateType(try evalVariableNode(dot, v, [], nil), type)
        case .pipe(let p):
            return try validateType(try evalPipeline(dot, p), type)
        case .identifier(_, let name):
            return try validateType(try evalFunction(dot, name, node: n, site: .operand(n), args: nil, final: nil), type)
        case .chain:
            return try validateType(try evalChainNode(dot, n, [], nil), type)
        case .bool, .number, .string:
            break
        }
        switch type ?? .any {
        case .any:
            switch n {
            case .bool(_, let b): return .bool(b)
            case .number(let num): return try idealConstant(num)
            case .string(_, _, let text): return .string(text)
            default: break
            }
        case .bool:
            if case .bool(_, let b) = n { return .bool(b) }
            throw error("expected bool; found \(n.description)")
        case .string:
            if case .string(_, _, let text) = n { return .string(text) }
            throw error("expected string; found \(n.description)")
        case .int:
            if case .number(let num) = n, num.isInt { return .int(num.int64) }
            throw error("expected integer; found \(n.description)")
        case .float64:
            if case .number(let num) = n, num.isFloat { return .float(num.float64) }
            throw error("expected float; found \(n.description)")
        case .duration:
            if case .number(let num) = n, num.isInt { return .int(num.int64, type: .duration) }
            throw error("expected integer; found \(n.description)")
        case .sample, .queryResult, .time:
            break
        }
        throw error("can't handle \(n.description) for arg of type \((type ?? .any).goName)")
    }
}
