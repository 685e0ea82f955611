/// A parsed Go `text/template`: parse once (reporting errors with positions), execute many times.
///
/// ```swift
/// let t = try Template.parse("{{ humanize .Value }}", name: "x")
/// let s = try t.execute(.alert(data), context: TemplateContext(time: now))
/// ```
/// Output and error texts match Go's `text/template` with Prometheus's functions byte for byte; see the module
/// documentation for the few documented deviations (machine addresses, recursion limits).
public struct Template: Sendable {
    /// What a missing map key evaluates to (Go's `missingkey` option).
    public enum MissingKey: Sendable, Equatable {
        /// Go's default: the invalid value, printed `<no value>`.
        case invalid
        /// The zero value of the map's element type (`""` for `$labels.foo`); Prometheus's choice.
        case zero
        /// An execution error: `map has no entry for key "foo"`.
        case error
    }

    /// Bounds that stop runaway executions. Go has none; both defaults are far above any real template.
    public struct Limits: Sendable, Equatable {
        /// Evaluated pipelines before execution stops.
        public var maxSteps: Int
        /// Output bytes before execution stops.
        public var maxOutputBytes: Int
        /// Nested `{{template}}` calls before execution stops. Go allows 100000, which a Swift thread's stack
        /// cannot hold; recursion that deep never happens in alert templates.
        public var maxTemplateDepth: Int
        /// Nested lists and pipelines being evaluated at once (template calls times the nesting inside each),
        /// which bounds the stack an execution can use.
        public var maxNesting: Int

        public init(
            maxSteps: Int = 1_000_000, maxOutputBytes: Int = 16 << 20, maxTemplateDepth: Int = 200, maxNesting: Int = 1000
        ) {
            self.maxSteps = maxSteps
            self.maxOutputBytes = maxOutputBytes
            self.maxTemplateDepth = maxTemplateDepth
            self.maxNesting = maxNesting
        }
    }

    /// The template's name (used in error messages).
    public let name: String
    /// The text that was parsed.
    public let text: String
    public let functions: TemplateFunctions
    public let missingKey: MissingKey
    public let limits: Limits
    /// Parsed trees by name: the template itself and every `define`/`block`.
    let trees: [String: [TemplateNode]]
    /// UTF-8 offsets of the line starts in `text`, for `line:column` in execution errors.
    private let lineStarts: [Int]

    /// Parses `text`. Errors read as Go's (`template: NAME:LINE: …`) and carry the byte offset of the token.
    public static func parse(
        _ text: String, name: String, functions: TemplateFunctions = .prometheus, missingKey: MissingKey = .zero,
        limits: Limits = Limits()
    ) throws(TemplateError) -> Template {
        let known = functions
        var parser = TemplateParser(text: text, name: name) { known.contains($0) }
        try parser.parse()
        return Template(
            name: name, text: text, functions: functions, missingKey: missingKey, limits: limits, trees: parser.trees)
    }

    private init(
        name: String, text: String, functions: TemplateFunctions, missingKey: MissingKey, limits: Limits,
        trees: [String: [TemplateNode]]
    ) {
        self.name = name
        self.text = text
        self.functions = functions
        self.missingKey = missingKey
        self.limits = limits
        self.trees = trees
        var starts = [0]
        for (i, b) in text.utf8.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The names of the templates this text defines (itself included).
    public var definedTemplates: [String] { trees.keys.sorted() }

    /// Executes the template with `data` as dot (`.`) and `$`.
    public func execute(_ data: TemplateValue, context: TemplateContext = TemplateContext()) throws(TemplateError)
        -> String
    {
        guard let root = trees[name] else {
            throw TemplateError(
                kind: .execution,
                message: "template: \(name): \(GoStrconv.quote(name)) is an incomplete or empty template",
                offset: nil, line: 1)
        }
        var executor = TemplateExecutor(template: self, context: context)
        try executor.run(root, dot: data)
        return executor.output
    }

    /// Go's `ErrorContext` position: 1-based line and the 0-based byte column within it.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid }
        }
        return (low + 1, offset - lineStarts[low])
    }
}
