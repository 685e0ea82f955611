import KlaxonModel

/// Pipelines, commands, fields and variables (Go's `evalPipeline`, `evalCommand`, `evalField`, …).
extension TemplateExecutor {
    mutating func evalPipeline(_ dot: TemplateValue, _ pipe: PipeNode?) throws(TemplateError) -> TemplateValue {
        guard let pipe else { return .missing }
        site = .pipe(pipe)
        try tick()
        try enter()
        defer { nesting -= 1 }
        var value: TemplateValue? = nil
        for cmd in pipe.cmds { value = try evalCommand(dot, cmd, final: value) }
        let result = value ?? .missing
        for v in pipe.decl {
            if pipe.isAssign {
                try setVar(v.ident[0], result)
            } else {
                push(v.ident[0], result)
            }
        }
        return result
    }

    /// Counts evaluation steps so that runaway templates (`range 1000000000`) end with an error.
    mutating func tick() throws(TemplateError) {
        steps += 1
        if steps > template.limits.maxSteps {
            throw error("execution stopped after \(template.limits.maxSteps) steps")
        }
        if output.utf8.count > template.limits.maxOutputBytes {
            throw error("output exceeds \(template.limits.maxOutputBytes) bytes")
        }
    }

    func notAFunction(_ args: [OperandNode], _ final: TemplateValue?) throws(TemplateError) {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0].description)")
        }
    }

    mutating func evalCommand(_ dot: TemplateValue, _ cmd: CommandNode, final: TemplateValue?) throws(TemplateError)
        -> TemplateValue
    {
        let first = cmd.args[0]
        switch first {
        case .field(_, let ident):
            return try evalFieldNode(dot, first, ident, cmd.args, final)
        case .chain:
            return try evalChainNode(dot, first, cmd.args, final)
        case .identifier(_, let name):
            return try evalFunction(dot, name, node: first, site: .command(cmd), args: cmd.args, final: final)
        case .pipe(let p):
            try notAFunction(cmd.args, final)
            return try evalPipeline(dot, p)
        case .variable(let v):
            return try evalVariableNode(dot, v, cmd.args, final)
        default:
            break
        }
        site = .operand(first)
        try notAFunction(cmd.args, final)
        switch first {
        case .bool(_, let b): return .bool(b)
        case .dot: return dot
        case .nilValue: throw error("nil is not a command")
        case .number(let n): return try idealConstant(n)
        case .string(_, _, let text): return .string(text)
        default: throw error("can't evaluate command \(GoStrconv.quote(first.description))")
        }
    }

    /// Go's `idealConstant`: the literal's syntax picks float, int or complex.
    mutating func idealConstant(_ n: NumberNode) throws(TemplateError) -> TemplateValue {
        site = .operand(.number(n))
        if n.isComplex { return .complex(n.complex.0, n.complex.1) }
        let t = n.text
        let hexInt = t.count > 2 && t.hasPrefix("0") && (t.dropFirst().first == "x" || t.dropFirst().first == "X")
            && !t.contains(where: { $0 == "p" || $0 == "P" })
        let runeInt = t.hasPrefix("'")
        if n.isFloat && !hexInt && !runeInt && t.contains(where: { ".eEpP".contains($0) }) { return .float(n.float64) }
        if n.isInt { return .int(n.int64) }
        if n.isUint { throw error("\(t) overflows int") }
        return .missing
    }

    mutating func evalFieldNode(
        _ dot: TemplateValue, _ node: OperandNode, _ ident: [String], _ args: [OperandNode], _ final: TemplateValue?
    ) throws(TemplateError) -> TemplateValue {
        site = .operand(node)
        return try evalFieldChain(dot, receiver: dot, node: node, ident, args, final)
    }

    mutating func evalChainNode(_ dot: TemplateValue, _ chain: OperandNode, _ args: [OperandNode], _ final: TemplateValue?)
        throws(TemplateError) -> TemplateValue
    {
        site = .operand(chain)
        guard case .chain(_, let inner, let fields) = chain else { return .missing }
        if case .nilValue = inner { throw error("indirection through explicit nil in \(chain.description)") }
        let receiver = try evalArg(dot, nil, inner)
        return try evalFieldChain(dot, receiver: receiver, node: chain, fields, args, final)
    }

    mutating func evalVariableNode(_ dot: TemplateValue, _ v: VariableNode, _ args: [OperandNode], _ final: TemplateValue?)
        throws(TemplateError) -> TemplateValue
    {
        site = .operand(.variable(v))
        let value = try varValue(v.ident[0])
        if v.ident.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, node: .variable(v), Array(v.ident.dropFirst()), args, final)
    }

    private mutating func evalFieldChain(
        _ dot: TemplateValue, receiver: TemplateValue, node: OperandNode, _ ident: [String], _ args: [OperandNode],
        _ final: TemplateValue?
    ) throws(TemplateError) -> TemplateValue {
        var receiver = receiver
        for name in ident.dropLast() {
            receiver = try evalField(dot, name, node: node, args: [], final: nil, receiver: receiver)
        }
        return try evalField(dot, ident[ident.count - 1], node: node, args: args, final: final, receiver: receiver)
    }

    /// Go's `evalField`: a method, a struct field or a map key.
    private mutating func evalField(
        _ dot: TemplateValue, _ name: String, node: OperandNode, args: [OperandNode], final: TemplateValue?,
        receiver: TemplateValue
    ) throws(TemplateError) -> TemplateValue {
        if case .missing = receiver {
            if template.missingKey == .error { throw error("nil data; no entry for key \(GoStrconv.quote(name))") }
            return .missing
        }
        if let method = GoMethods.method(name, on: receiver) {
            return try evalCall(dot, method, isBuiltin: false, site: .operand(node), name: name, args: args, final: final)
        }
        let hasArgs = args.count > 1 || final != nil
        let typeName = receiver.goTypeName
        func field(_ value: TemplateValue) throws(TemplateError) -> TemplateValue {
            if hasArgs { throw error("\(name) has arguments but cannot be invoked as function") }
            return value
        }
        func mapEntry(_ value: TemplateValue?, zero: TemplateValue) throws(TemplateError) -> TemplateValue {
            if hasArgs { throw error("\(name) is not a method but has arguments") }
            if let value { return value }
            switch template.missingKey {
            case .invalid: return .missing
            case .zero: return zero
            case .error: throw error("map has no entry for key \(GoStrconv.quote(name))")
            }
        }
        switch receiver {
        case .alert(let a):
            switch name {
            case "Labels": return try field(.labels(a.labels))
            case "ExternalLabels": return try field(.labels(a.externalLabels))
            case "ExternalURL": return try field(.string(a.externalURL))
            case "Value": return try field(.float(a.value))
            default: break
            }
        case .sample(let s):
            switch name {
            case "Labels": return try field(.labels(s.labels))
            case "Value": return try field(.float(s.value))
            default: break
            }
        case .labels(let labels):
            let index = labels.index(ofName: name)
            return try mapEntry(index.map { .string(labels[$0].value) }, zero: .string(""))
        case .map(let m):
            return try mapEntry(m[name], zero: .missing)
        default:
            break
        }
        throw error("can't evaluate field \(name) in type \(typeName)")
    }

    mutating func evalFunction(
        _ dot: TemplateValue, _ name: String, node: OperandNode, site callSite: Site, args: [OperandNode]?,
        final: TemplateValue?
    ) throws(TemplateError) -> TemplateValue {
        site = .operand(node)
        if let function = template.functions.functions[name] {
            return try evalCall(dot, function, isBuiltin: false, site: callSite, name: name, args: args, final: final)
        }
        if let builtin = Builtins.table[name] {
            return try evalCall(dot, builtin, isBuiltin: true, site: callSite, name: name, args: args, final: final)
        }
        throw error("\(GoStrconv.quote(name)) is not a defined function")
    }
}
