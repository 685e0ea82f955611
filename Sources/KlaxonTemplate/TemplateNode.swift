/// The parse tree of a template, shaped like Go's `text/template/parse` nodes. `pos` values are UTF-8 byte
/// offsets into the parsed text; `description` reproduces Go's `Node.String()`, which error messages quote.
indirect enum TemplateNode: Sendable {
    case text(pos: Int, text: String)
    case action(ActionNode)
    case ifNode(BranchNode)
    case rangeNode(BranchNode)
    case withNode(BranchNode)
    case template(TemplateCallNode)
    case breakNode(pos: Int, line: Int)
    case continueNode(pos: Int, line: Int)

    var pos: Int {
        switch self {
        case .text(let pos, _), .breakNode(let pos, _), .continueNode(let pos, _): pos
        case .action(let a): a.pos
        case .ifNode(let b), .rangeNode(let b), .withNode(let b): b.pos
        case .template(let t): t.pos
        }
    }

    func write(to out: inout String) {
        switch self {
        case .text(_, let text): out += text
        case .action(let a): a.write(to: &out)
        case .ifNode(let b): b.write(kind: "if", to: &out)
        case .rangeNode(let b): b.write(kind: "range", to: &out)
        case .withNode(let b): b.write(kind: "with", to: &out)
        case .template(let t): t.write(to: &out)
        case .breakNode: out += "{{break}}"
        case .continueNode: out += "{{continue}}"
        }
    }

    /// Go's `parse.IsEmptyTree` for one node: only whitespace text counts as empty.
    var isEmpty: Bool {
        if case .text(_, let text) = self {
            return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        }
        return false
    }
}

/// `{{pipeline}}`.
struct ActionNode: Sendable {
    var pos: Int
    var line: Int
    var pipe: PipeNode

    func write(to out: inout String) {
        out += "{{"
        pipe.write(to: &out)
        out += "}}"
    }
}

/// `{{if}}`, `{{range}}` or `{{with}}` with its lists.
struct BranchNode: Sendable {
    var pos: Int
    var line: Int
    var pipe: PipeNode
    var list: [TemplateNode]
    var elseList: [TemplateNode]?

    func write(kind: String, to out: inout String) {
        out += "{{" + kind + " "
        pipe.write(to: &out)
        out += "}}"
        for node in list { node.write(to: &out) }
        if let elseList {
            out += "{{else}}"
            for node in elseList { node.write(to: &out) }
        }
        out += "{{end}}"
    }
}

/// `{{template "name" pipeline}}` (also what `{{block}}` leaves in place).
struct TemplateCallNode: Sendable {
    var pos: Int
    var line: Int
    var name: String
    var pipe: PipeNode?

    func write(to out: inout String) {
        out += "{{template " + GoStrconv.quote(name)
        if let pipe {
            out += " "
            pipe.write(to: &out)
        }
        out += "}}"
    }
}

/// A pipeline with optional declarations: `$x := a | b`.
struct PipeNode: Sendable {
    var pos: Int
    var line: Int
    var isAssign = false
    var decl: [VariableNode] = []
    var cmds: [CommandNode] = []

    func write(to out: inout String) {
        if !decl.isEmpty {
            for (i, v) in decl.enumerated() {
                if i > 0 { out += ", " }
                v.write(to: &out)
            }
            out += " := "
        }
        for (i, c) in cmds.enumerated() {
            if i > 0 { out += " | " }
            c.write(to: &out)
        }
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }
}

/// One command of a pipeline: an operand followed by arguments.
struct CommandNode: Sendable {
    var pos: Int
    var args: [OperandNode]

    func write(to out: inout String) {
        for (i, arg) in args.enumerated() {
            if i > 0 { out += " " }
            if case .pipe(let p) = arg {
                out += "("
                p.write(to: &out)
                out += ")"
            } else {
                arg.write(to: &out)
            }
        }
    }
}

/// `$x` or `$x.Field.Key` (the dollar sign is part of the first name).
struct VariableNode: Sendable {
    var pos: Int
    var ident: [String]

    func write(to out: inout String) { out += ident.joined(separator: ".") }
}

/// A number literal, stored under every Go type that can represent it (Go's "ideal constant" emulation).
struct NumberNode: Sendable {
    var pos: Int
    var text: String
    var isInt = false, isUint = false, isFloat = false, isComplex = false
    var int64: Int64 = 0
    var uint64: UInt64 = 0
    var float64: Double = 0
    var complex: (Double, Double) = (0, 0)
}

/// An operand inside a command.
indirect enum OperandNode: Sendable {
    case field(pos: Int, ident: [String])
    case chain(pos: Int, node: OperandNode, fields: [String])
    case identifier(pos: Int, name: String)
    case pipe(PipeNode)
    case variable(VariableNode)
    case bool(pos: Int, value: Bool)
    case dot(pos: Int)
    case nilValue(pos: Int)
    case number(NumberNode)
    case string(pos: Int, quoted: String, text: String)

    var pos: Int {
        switch self {
        case .field(let pos, _), .chain(let pos, _, _), .identifier(let pos, _), .bool(let pos, _), .dot(let pos),
            .nilValue(let pos), .string(let pos, _, _):
            pos
        case .pipe(let p): p.pos
        case .variable(let v): v.pos
        case .number(let n): n.pos
        }
    }

    func write(to out: inout String) {
        switch self {
        case .field(_, let ident): for id in ident { out += "." + id }
        case .chain(_, let node, let fields):
            if case .pipe(let p) = node {
                out += "("
                p.write(to: &out)
                out += ")"
            } else {
                node.write(to: &out)
            }
            for f in fields { out += "." + f }
        case .identifier(_, let name): out += name
        case .pipe(let p): p.write(to: &out)
        case .variable(let v): v.write(to: &out)
        case .bool(_, let value): out += value ? "true" : "false"
        case .dot: out += "."
        case .nilValue: out += "nil"
        case .number(let n): out += n.text
        case .string(_, let quoted, _): out += quoted
        }
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }
}
