/// Go's `text/template/parse` parser, ported routine for routine (three-token lookahead included) so that parse
/// errors name the same token, the same context and the same line as Go.
struct TemplateParser {
    /// How deeply parentheses and control structures may nest. Go allows 10000 parenthesised levels and any
    /// nesting of blocks; Klaxon stops earlier so that a hostile template cannot exhaust the thread's stack.
    static let maxDepth = 100
    static let maxPipelineCommands = 100_000

    /// One tree being parsed (Go creates a new `Tree` for each `define` and `block`).
    struct TreeState {
        var name: String
        var token: [TemplateItem]
        var peekCount = 0
        var vars = ["$"]
        var actionLine = 0
        var rangeDepth = 0
    }

    enum Parsed {
        case node(TemplateNode)
        case end(pos: Int)
        case elseNode(pos: Int, line: Int)

        var description: String {
            switch self {
            case .node(let n):
                var s = ""
                n.write(to: &s)
                return s
            case .end: return "{{end}}"
            case .elseNode: return "{{else}}"
            }
        }
    }

    private var lexer: TemplateLexer
    var tree: TreeState
    private let parseName: String
    let hasFunction: (String) -> Bool
    var depth = 0
    /// Parsed trees by name, with Go's rules for redefinition (`Tree.add`).
    private(set) var trees: [String: [TemplateNode]] = [:]

    private static let placeholder = TemplateItem(kind: .eof, pos: 0, val: "", line: 1)

    init(text: String, name: String, hasFunction: @escaping (String) -> Bool) {
        lexer = TemplateLexer(text)
        tree = TreeState(name: name, token: [Self.placeholder, Self.placeholder, Self.placeholder])
        parseName = name
        self.hasFunction = hasFunction
    }

    /// Parses the whole text into `trees`.
    mutating func parse() throws(TemplateError) {
        var root: [TemplateNode] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                if nextNonSpace().kind == .define {
                    try subtree(named: "definition") { (p) throws(TemplateError) in try p.parseDefinition() }
                    continue
                }
                backup2(delim)
            }
            let n = try textOrAction()
            switch n {
            case .end, .elseNode: try errorf("unexpected " + n.description)
            case .node(let node): root.append(node)
            }
        }
        try add(tree.name, root)
    }

    // MARK: token buffer

    mutating func next() -> TemplateItem {
        if tree.peekCount > 0 {
            tree.peekCount -= 1
        } else {
            tree.token[0] = lexer.nextItem()
        }
        return tree.token[tree.peekCount]
    }

    mutating func backup() { tree.peekCount += 1 }

    mutating func backup2(_ t1: TemplateItem) {
        tree.token[1] = t1
        tree.peekCount = 2
    }

    mutating func backup3(_ t2: TemplateItem, _ t1: TemplateItem) {
        tree.token[1] = t1
        tree.token[2] = t2
        tree.peekCount = 3
    }

    mutating func peek() -> TemplateItem {
        if tree.peekCount > 0 { return tree.token[tree.peekCount - 1] }
        tree.peekCount = 1
        tree.token[0] = lexer.nextItem()
        return tree.token[0]
    }

    mutating func nextNonSpace() -> TemplateItem {
        var token: TemplateItem
        repeat { token = next() } while token.kind == .space
        return token
    }

    mutating func peekNonSpace() -> TemplateItem {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: errors

    func errorf(_ message: String) throws(TemplateError) -> Never {
        let token = tree.token[0]
        throw TemplateError(
            kind: .parse, message: "template: \(parseName):\(token.line): \(message)", offset: token.pos,
            line: token.line)
    }

    private mutating func expect(_ kind: TemplateItem.Kind, _ context: String) throws(TemplateError) -> TemplateItem {
        let token = nextNonSpace()
        if token.kind != kind { try unexpected(token, context) }
        return token
    }

    func unexpected(_ token: TemplateItem, _ context: String) throws(TemplateError) -> Never {
        if token.kind == .error {
            var extra = ""
            if tree.actionLine != 0 && tree.actionLine != token.line {
                extra = " in action started at \(parseName):\(tree.actionLine)"
                if token.val.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            try errorf(token.description + extra)
        }
        try errorf("unexpected \(token.description) in \(context)")
    }

    // MARK: trees

    /// Parses a `define` or `block` body as its own tree, with its own lookahead and variables (as Go does).
    private mutating func subtree(
        named name: String, _ body: (inout TemplateParser) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        let saved = tree
        tree = TreeState(name: name, token: [Self.placeholder, Self.placeholder, Self.placeholder])
        defer { tree = saved }
        try body(&self)
    }

    /// Go's `Tree.add`: an empty redefinition never replaces a non-empty one; two non-empty ones are an error.
    private mutating func add(_ name: String, _ root: [TemplateNode]) throws(TemplateError) {
        if let existing = trees[name], !existing.allSatisfy(\.isEmpty) {
            if !root.allSatisfy(\.isEmpty) {
                try errorf("template: multiple definition of template \(GoStrconv.quote(name))")
            }
            return
        }
        trees[name] = root
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        let name = nextNonSpace()
        if name.kind != .string && name.kind != .rawString { try unexpected(name, context) }
        guard let unquoted = GoStrconv.unquote(name.val) else { try errorf("invalid syntax") }
        tree.name = unquoted
        _ = try expect(.rightDelim, context)
        let (root, end) = try itemList()
        guard case .end = end else { try errorf("unexpected \(end.description) in \(context)") }
        try add(tree.name, root)
    }

    private mutating func itemList() throws(TemplateError) -> ([TemplateNode], Parsed) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            let n = try textOrAction()
            switch n {
            case .end, .elseNode: return (list, n)
            case .node(let node): list.append(node)
            }
        }
        try errorf("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Parsed {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(pos: token.pos, text: token.val))
        case .leftDelim:
            tree.actionLine = token.line
            defer { tree.actionLine = 0 }
            return try action()
        default:
            try unexpected(token, "input")
        }
    }

    mutating func enterNesting() throws(TemplateError) {
        if depth >= Self.maxDepth { try errorf("max expression depth exceeded") }
        depth += 1
    }

    private mutating func action() throws(TemplateError) -> Parsed {
        let token = nextNonSpace()
        switch token.kind {
        case .block:
            return .node(try blockControl())
        case .breakKeyword, .continueKeyword:
            let word = token.kind == .breakKeyword ? "break" : "continue"
            let close = nextNonSpace()
            if close.kind != .rightDelim { try unexpected(close, "{{\(word)}}") }
            if tree.rangeDepth == 0 { try errorf("{{\(word)}} outside {{range}}") }
            return .node(
                token.kind == .breakKeyword
                    ? .breakNode(pos: token.pos, line: token.line) : .continueNode(pos: token.pos, line: token.line))
        case .elseKeyword:
            let peeked = peekNonSpace()
            if peeked.kind == .ifKeyword || peeked.kind == .with { return .elseNode(pos: peeked.pos, line: peeked.line) }
            let close = try expect(.rightDelim, "else")
            return .elseNode(pos: close.pos, line: close.line)
        case .end:
            return .end(pos: try expect(.rightDelim, "end").pos)
        case .ifKeyword:
            return .node(.ifNode(try parseControl("if")))
        case .range:
            return .node(.rangeNode(try parseControl("range")))
        case .template:
            return .node(try templateControl())
        case .with:
            return .node(.withNode(try parseControl("with")))
        default:
            backup()
            let first = peek()
            let pipe = try pipeline("command", end: .rightDelim)
            return .node(.action(ActionNode(pos: first.pos, line: first.line, pipe: pipe)))
        }
    }

    private mutating func parseControl(_ context: String) throws(TemplateError) -> BranchNode {
        try enterNesting()
        defer { depth -= 1 }
        let varCount = tree.vars.count
        defer { tree.vars.removeSubrange(min(varCount, tree.vars.count)...) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { tree.rangeDepth += 1 }
        var (list, next) = try itemList()
        if context == "range" { tree.rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        switch next {
        case .end: break
        case .elseNode:
            if context == "if" && peek().kind == .ifKeyword {
                _ = self.next()
                elseList = [.ifNode(try parseControl("if"))]
            } else if context == "with" && peek().kind == .with {
                _ = self.next()
                elseList = [.withNode(try parseControl("with"))]
            } else {
                (elseList, next) = try itemList()
                guard case .end = next else { try errorf("expected end; found \(next.description)") }
            }
        case .node: break
        }
        return BranchNode(pos: pipe.pos, line: pipe.line, pipe: pipe, list: list, elseList: elseList)
    }

    private mutating func blockControl() throws(TemplateError) -> TemplateNode {
        let context = "block clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        try enterNesting()
        defer { depth -= 1 }
        var end: Parsed = .end(pos: 0)
        try subtree(named: name) { (p) throws(TemplateError) in
            let (root, e) = try p.itemList()
            end = e
            if case .end = e { try p.add(name, root) }
        }
        guard case .end = end else { try errorf("unexpected \(end.description) in \(context)") }
        return .template(TemplateCallNode(pos: token.pos, line: token.line, name: name, pipe: pipe))
    }

    private mutating func templateControl() throws(TemplateError) -> TemplateNode {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateCallNode(pos: token.pos, line: token.line, name: name, pipe: pipe))
    }

    private func parseTemplateName(_ token: TemplateItem, _ context: String) throws(TemplateError) -> String {
        guard token.kind == .string || token.kind == .rawString else { try unexpected(token, context) }
        guard let name = GoStrconv.unquote(token.val) else { try errorf("invalid syntax") }
        return name
    }
}
