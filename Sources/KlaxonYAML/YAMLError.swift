public import KlaxonModel

/// Why a YAML stream could not be turned into nodes: a libyaml syntax error, a broken alias or merge key,
/// or an exceeded `YAMLLimits` bound. Always located at a file position.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// libyaml rejected the text; `message` is libyaml's problem text.
        case syntax
        /// The bytes are not valid UTF-8 or contain characters YAML forbids (libyaml's reader).
        case encoding
        /// An alias names an anchor that was never defined.
        case unknownAnchor
        /// An alias refers to a node that contains it.
        case aliasCycle
        /// A merge key's value is not a mapping or a sequence of mappings.
        case invalidMerge
        /// A `YAMLLimits` bound was exceeded.
        case limitExceeded
        /// libyaml could not allocate memory.
        case outOfMemory

        /// The diagnostic code: `yaml.syntax`, `yaml.unknown-anchor`, …
        public var code: String {
            switch self {
            case .syntax: "yaml.syntax"
            case .encoding: "yaml.encoding"
            case .unknownAnchor: "yaml.unknown-anchor"
            case .aliasCycle: "yaml.alias-cycle"
            case .invalidMerge: "yaml.invalid-merge"
            case .limitExceeded: "yaml.limit-exceeded"
            case .outOfMemory: "yaml.out-of-memory"
            }
        }
    }

    public var kind: Kind
    /// Lowercase, no trailing period. For syntax errors, libyaml's problem text verbatim
    /// (`mapping values are not allowed in this context`), as Go's YAML decoders also print it.
    public var message: String
    public var file: String
    public var position: SourcePosition
    /// libyaml's context for syntax errors (`while parsing a block mapping`) and where it started.
    public var context: String?
    public var contextPosition: SourcePosition?
    /// The lines Go's yaml.v2 and yaml.v3 would print for this error (`yaml: line N: …`); nil when Go prints none.
    var goLines: GoLines

    struct GoLines: Sendable, Equatable {
        var v2: Int?
        var v3: Int?
    }

    public init(
        _ kind: Kind, message: String, file: String, position: SourcePosition, context: String? = nil,
        contextPosition: SourcePosition? = nil
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.position = position
        self.context = context
        self.contextPosition = contextPosition
        self.goLines = GoLines()
    }

    public var span: SourceSpan { SourceSpan(file: file, start: position) }

    /// The error as a diagnostic; libyaml's context becomes a note at the context's position.
    public var diagnostic: Diagnostic {
        var notes: [Diagnostic] = []
        if let context, let contextPosition {
            notes.append(
                Diagnostic(
                    .note, code: kind.code, message: context, span: SourceSpan(file: file, start: contextPosition)))
        }
        return Diagnostic(.error, code: kind.code, message: message, span: span, notes: notes)
    }

    /// Go's wording: `yaml: line 2: mapping values are not allowed in this context`. Go picks the line from
    /// libyaml's context or problem mark (0-based, plus one for scanner errors), which is what it prints.
    public func goMessage(for dialect: YAMLDialect) -> String {
        let line = dialect == .goYAMLv2 ? goLines.v2 : goLines.v3
        if let line { return "yaml: line \(line): \(message)" }
        return "yaml: \(message)"
    }

    /// `file:line:col: message`
    public var description: String { "\(file):\(position): \(message)" }
}
