import KlaxonModel

/// Executes a parsed template (Go's `text/template` `state`): walks the tree, evaluates pipelines, and reports
/// errors at the node Go would blame, so messages match Go's byte for byte.
struct TemplateExecutor {
    /// What a Go error would point at (`s.node`).
    enum Site {
        case node(TemplateNode)
        case pipe(PipeNode)
        case command(CommandNode)
        case operand(OperandNode)

        var pos: Int {
            switch self {
            case .node(let n): n.pos
            case .pipe(let p): p.pos
            case .command(let c): c.pos
            case .operand(let o): o.pos
            }
        }

        var description: String {
            var s = ""
            switch self {
            case .node(let n): n.write(to: &s)
            case .pipe(let p): p.write(to: &s)
            case .command(let c): c.write(to: &s)
            case .operand(let o): o.write(to: &s)
            }
            return s
        }
    }

    /// Flow out of a list: normal, `{{break}}` or `{{continue}}`.
    enum Flow {
        case normal, breakLoop, continueLoop
    }

    let template: Template
    let context: TemplateContext
    var output = ""
    var vars: [(name: String, value: TemplateValue)] = []
    var site: Site?
    var templateName: String
    var depth = 0
    var steps = 0
    var nesting = 0

    init(template: Template, context: TemplateContext) {
        self.template = template
        self.context = context
        self.templateName = template.name
    }

    // MARK: errors

    func error(_ message: String) -> TemplateError {
        guard let site else {
            return TemplateError(kind: .execution, message: "template: \(templateName): \(message)", offset: nil, line: 1)
        }
        let (line, column) = template.location(of: site.pos)
        let text =
            "template: \(template.name):\(line):\(column): executing \(GoStrconv.quote(templateName)) at <\(site.description)>: \(message)"
        return TemplateError(kind: .execution, message: text, offset: site.pos, line: line)
    }

    // MARK: variables

    mutating func push(_ name: String, _ value: TemplateValue) { vars.append((name, value)) }

    mutating func pop(to mark: Int) { vars.removeSubrange(mark...) }

    mutating func setVar(_ name: String, _ value: TemplateValue) throws(TemplateError) {
        for i in vars.indices.reversed() where vars[i].name == name {
            vars[i].value = value
            return
        }
        throw error("undefined variable: \(name)")
    }

    func varValue(_ name: String) throws(TemplateError) -> TemplateValue {
        for v in vars.reversed() where v.name == name { return v.value }
        throw error("undefined variable: \(name)")
    }

    // MARK: walking

    /// Counts one more level of recursion (a nested list or pipeline) against `Limits.maxNesting`.
    mutating func enter() throws(TemplateError) {
        if nesting >= template.limits.maxNesting {
            throw error("exceeded maximum nesting depth (\(template.limits.maxNesting))")
        }
        nesting += 1
    }

    mutating func run(_ root: [TemplateNode], dot: TemplateValue) throws(TemplateError) {
        vars = [("$", dot)]
        _ = try walk(dot, root)
    }

    mutating func walk(_ dot: TemplateValue, _ list: [TemplateNode]) throws(TemplateError) -> Flow {
        try enter()
        defer { nesting -= 1 }
        for node in list {
            let flow = try walk(dot, node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    mutating func walk(_ dot: TemplateValue, _ node: TemplateNode) throws(TemplateError) -> Flow {
        site = .node(node)
        switch node {
        case .text(_, let text):
            output += text
        case .action(let action):
            let value = try evalPipeline(dot, action.pipe)
            if action.pipe.decl.isEmpty {
                site = .node(node)
                output += Self.printable(value)
            }
        case .breakNode:
            return .breakLoop
        case .continueNode:
            return .continueLoop
        case .ifNode(let b):
            return try walkIfOrWith(isWith: false, dot, b)
        case .withNode(let b):
            return try walkIfOrWith(isWith: true, dot, b)
        case .rangeNode(let b):
            try walkRange(dot, b)
        case .template(let t):
            try walkTemplate(dot, t)
        }
        return .normal
    }

    /// Go's `printableValue` followed by `fmt.Fprint`: pointers are dereferenced, an invalid value prints as
    /// `<no value>`.
    static func printable(_ value: TemplateValue) -> String {
        switch value {
        case .missing: "<no value>"
        case .string(let s), .html(let s): s
        case .sample(let s): sampleStruct(s)
        case .time(let t, _): t.description
        case .durationPointer(let d): GoTime.durationString(d)
        default: GoPrinter.sprint([value])
        }
    }

    /// A dereferenced `*template.sample` as `fmt` prints the struct: `{map[a:b] 1}`.
    static func sampleStruct(_ s: TemplateSample) -> String {
        "{" + GoPrinter.sprint([.labels(s.labels)]) + " " + GoPrinter.sprint([.float(s.value)]) + "}"
    }

    /// `fmt.Sprintf("%v", v)` of a value after Go's `indirect` (used in `range can't iterate over %v`).
    static func formatIndirect(_ value: TemplateValue) -> String {
        if case .sample(let s) = value { return sampleStruct(s) }
        return GoPrinter.sprint([value])
    }

    private mutating func walkIfOrWith(isWith: Bool, _ dot: TemplateValue, _ b: BranchNode) throws(TemplateError) -> Flow {
        let mark = vars.count
        defer { pop(to: mark) }
        let value = try evalPipeline(dot, b.pipe)
        if value.isTrue {
            return try walk(isWith ? value : dot, b.list)
        } else if let elseList = b.elseList {
            return try walk(dot, elseList)
        }
        return .normal
    }

    private mutating func walkRange(_ dot: TemplateValue, _ r: BranchNode) throws(TemplateError) {
        site = .node(.rangeNode(r))
        let outerMark = vars.count
        defer { pop(to: outerMark) }
        let value = try evalPipeline(dot, r.pipe)
        let mark = vars.count

        // Returns false when the body executed {{break}}.
        func iteration(_ ex: inout TemplateExecutor, index: TemplateValue, element: TemplateValue) throws(TemplateError)
            -> Bool
        {
            try ex.tick()
            let decl = r.pipe.decl
            if !decl.isEmpty {
                if r.pipe.isAssign {
                    try ex.setVar(decl[0].ident[0], decl.count > 1 ? index : element)
                } else {
                    ex.vars[ex.vars.count - 1].value = element
                }
            }
            if decl.count > 1 {
                if r.pipe.isAssign {
                    try ex.setVar(decl[1].ident[0], element)
                } else {
                    ex.vars[ex.vars.count - 2].value = index
                }
            }
            defer { ex.pop(to: mark) }
            return try ex.walk(element, r.list) != .breakLoop
        }

        switch value {
        case .list(let items) where !items.isEmpty:
            for (i, item) in items.enumerated() {
                if try !iteration(&self, index: .int(Int64(i)), element: item) { break }
            }
            return
        case .queryResult(let samples) where !samples.isEmpty:
            for (i, s) in samples.enumerated() {
                if try !iteration(&self, index: .int(Int64(i)), element: .sample(s)) { break }
            }
            return
        case .labels(let labels) where !labels.isEmpty:
            for label in labels {
                if try !iteration(&self, index: .string(label.name), element: .string(label.value)) { break }
            }
            return
        case .map(let m) where !m.isEmpty:
            for key in m.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                if try !iteration(&self, index: .string(key), element: m[key] ?? .missing) { break }
            }
            return
        case .int(let n, let type):
            if r.pipe.decl.count > 1 {
                throw error("can't use \(Self.formatIndirect(value)) to iterate over more than one variable")
            }
            if n > 0 {
                var i: Int64 = 0
                while i < n {
                    if try !iteration(&self, index: .missing, element: .int(i, type: type)) { break }
                    i += 1
                }
                return
            }
        case .list, .queryResult, .labels, .map, .missing:
            break
        default:
            throw error("range can't iterate over \(Self.formatIndirect(value))")
        }
        if let elseList = r.elseList { _ = try walk(dot, elseList) }
    }

    private mutating func walkTemplate(_ dot: TemplateValue, _ t: TemplateCallNode) throws(TemplateError) {
        site = .node(.template(t))
        guard let root = template.trees[t.name] else {
            throw error("template \(GoStrconv.quote(t.name)) not defined")
        }
        if depth >= template.limits.maxTemplateDepth {
            throw error("exceeded maximum template depth (\(template.limits.maxTemplateDepth))")
        }
        let newDot = try evalPipeline(dot, t.pipe)
        let savedVars = vars
        let savedName = templateName
        vars = [("$", newDot)]
        templateName = t.name
        depth += 1
        defer {
            vars = savedVars
            templateName = savedName
            depth -= 1
        }
        _ = try walk(newDot, root)
    }
}
