/// Pipelines, commands and operands (Go's `pipeline`, `command`, `operand`, `term`).
extension TemplateParser {
    mutating func pipeline(_ context: String, end: TemplateItem.Kind) throws(TemplateError) -> PipeNode {
        let first = peekNonSpace()
        var pipe = PipeNode(pos: first.pos, line: first.line)
        declarations: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            _ = next()
            let tokenAfterVariable = peek()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.decl.append(VariableNode(pos: v.pos, ident: Self.split(v.val)))
                tree.vars.append(v.val)
            } else if following.kind == .char && following.val == "," {
                _ = nextNonSpace()
                pipe.decl.append(VariableNode(pos: v.pos, ident: Self.split(v.val)))
                tree.vars.append(v.val)
                if context == "range" && pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue declarations
                    default: try errorf("range can only initialize variables")
                    }
                }
                try errorf("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(v, tokenAfterVariable)
            } else {
                backup2(v)
            }
            break
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                try checkPipeline(pipe, context)
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword, .rawString,
                .string, .variable, .leftParen:
                backup()
                pipe.cmds.append(try command())
                if pipe.cmds.count > Self.maxPipelineCommands { try errorf("pipeline too long") }
            default:
                try unexpected(token, context)
            }
        }
    }

    private static func split(_ s: String) -> [String] { s.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateError) {
        if pipe.cmds.isEmpty { try errorf("missing value for \(context)") }
        for (i, c) in pipe.cmds.dropFirst().enumerated() {
            switch c.args.first {
            case .bool, .dot, .nilValue, .number, .string:
                try errorf("non executable command in pipeline stage \(i + 2)")
            default: break
            }
        }
    }

    private mutating func command() throws(TemplateError) -> CommandNode {
        var cmd = CommandNode(pos: peekNonSpace().pos, args: [])
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: try unexpected(token, "operand")
            }
            break
        }
        if cmd.args.isEmpty { try errorf("empty command") }
        return cmd
    }

    private mutating func operand() throws(TemplateError) -> OperandNode? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().val.dropFirst())) }
        switch node {
        case .field(_, let ident):
            return .field(pos: chainPos, ident: ident + fields)
        case .variable(let v):
            return .variable(VariableNode(pos: chainPos, ident: v.ident + fields))
        case .bool, .string, .number, .nilValue, .dot:
            try errorf("unexpected . after term \(GoStrconv.quote(node.description))")
        default:
            return .chain(pos: chainPos, node: node, fields: fields)
        }
    }

    private mutating func term() throws(TemplateError) -> OperandNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !hasFunction(token.val) { try errorf("function \(GoStrconv.quote(token.val)) not defined") }
            return .identifier(pos: token.pos, name: token.val)
        case .dot:
            return .dot(pos: token.pos)
        case .nilKeyword:
            return .nilValue(pos: token.pos)
        case .variable:
            let name = token.val
            if !tree.vars.contains(name) { try errorf("undefined variable \(GoStrconv.quote(name))") }
            return .variable(VariableNode(pos: token.pos, ident: [name]))
        case .field:
            return .field(pos: token.pos, ident: Self.split(String(token.val.dropFirst())))
        case .bool:
            return .bool(pos: token.pos, value: token.val == "true")
        case .charConstant, .complex, .number:
            switch Self.number(pos: token.pos, text: token.val, kind: token.kind) {
            case .success(let n): return .number(n)
            case .failure(let message): try errorf(message.text)
            }
        case .leftParen:
            try enterNesting()
            defer { depth -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            guard let text = GoStrconv.unquote(token.val) else { try errorf("invalid syntax") }
            return .string(pos: token.pos, quoted: token.val, text: text)
        default:
            backup()
            return nil
        }
    }

    struct NumberError: Error {
        var text: String
    }

    /// Go's `Tree.newNumber`: records every type that can hold the literal.
    static func number(pos: Int, text: String, kind: TemplateItem.Kind) -> Result<NumberNode, NumberError> {
        var n = NumberNode(pos: pos, text: text)
        if kind == .charConstant {
            let scalars = Array(text.unicodeScalars)
            guard let (value, _, next) = GoStrconv.unquoteChar(scalars, at: 1, end: scalars.count, quote: "'") else {
                return .failure(NumberError(text: "invalid syntax"))
            }
            guard next == scalars.count - 1, scalars[next] == "'" else {
                return .failure(NumberError(text: "malformed character constant: \(text)"))
            }
            n.int64 = Int64(value)
            n.uint64 = UInt64(value)
            n.float64 = Double(value)
            (n.isInt, n.isUint, n.isFloat) = (true, true, true)
            return .success(n)
        }
        if kind == .complex {
            guard let c = parseComplex(text) else { return .failure(NumberError(text: "expected integer")) }
            n.complex = c
            n.isComplex = true
            simplifyComplex(&n)
            return .success(n)
        }
        if text.hasSuffix("i"), case .success(let f) = GoStrconv.parseFloat(String(text.dropLast())) {
            n.isComplex = true
            n.complex = (0, f)
            simplifyComplex(&n)
            return .success(n)
        }
        let u = GoStrconv.parseUint(text)
        if case .success(let value) = u {
            n.isUint = true
            n.uint64 = value
        }
        if case .success(let i) = GoStrconv.parseInt(text) {
            n.isInt = true
            n.int64 = i
            if i == 0 {
                n.isUint = true
                if case .success(let value) = u { n.uint64 = value } else { n.uint64 = 0 }
            }
        }
        if n.isInt {
            n.isFloat = true
            n.float64 = Double(n.int64)
        } else if n.isUint {
            n.isFloat = true
            n.float64 = Double(n.uint64)
        } else if case .success(let f) = GoStrconv.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                return .failure(NumberError(text: "integer overflow: \(GoStrconv.quote(text))"))
            }
            n.isFloat = true
            n.float64 = f
            if f == f.rounded(.towardZero) && f >= -9.223372036854775808e18 && f < 9.223372036854775808e18 {
                n.isInt = true
                n.int64 = Int64(f)
            }
            if f == f.rounded(.towardZero) && f > -1 && f < 1.8446744073709551616e19 {
                n.isUint = true
                n.uint64 = UInt64(f.magnitude)
            }
        }
        if !n.isInt && !n.isUint && !n.isFloat {
            return .failure(NumberError(text: "illegal number syntax: \(GoStrconv.quote(text))"))
        }
        return .success(n)
    }

    private static func simplifyComplex(_ n: inout NumberNode) {
        n.isFloat = n.complex.1 == 0
        guard n.isFloat else { return }
        let f = n.complex.0
        n.float64 = f
        let integral = f == f.rounded(.towardZero)
        n.isInt = integral && f >= -9.223372036854775808e18 && f < 9.223372036854775808e18
        if n.isInt { n.int64 = Int64(f) }
        n.isUint = integral && f > -1 && f < 1.8446744073709551616e19
        if n.isUint { n.uint64 = UInt64(f.magnitude) }
    }

    /// `fmt.Sscan` of a complex literal such as `1+2i` or `-1.5e3-2i`.
    private static func parseComplex(_ text: String) -> (Double, Double)? {
        let b = Array(text.utf8)
        guard b.last == UInt8(ascii: "i") else { return nil }
        var split = -1
        var k = b.count - 2
        while k > 0 {
            if b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") {
                let prev = b[k - 1] | 0x20
                if prev != UInt8(ascii: "e") && prev != UInt8(ascii: "p") {
                    split = k
                    break
                }
            }
            k -= 1
        }
        guard split > 0 else { return nil }
        let realText = String(decoding: b[0..<split], as: UTF8.self)
        let imagText = String(decoding: b[split..<(b.count - 1)], as: UTF8.self)
        guard case .success(let r) = GoStrconv.parseFloat(realText), case .success(let i) = GoStrconv.parseFloat(imagText)
        else { return nil }
        return (r, i)
    }
}
