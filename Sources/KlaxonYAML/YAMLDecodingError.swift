public import KlaxonModel

/// A value that does not fit what the caller asked for, with Go's wording (`cannot unmarshal !!str \`abc\`
/// into int`, `field foo not found in type rulefmt.RuleGroup`), where it is and its key path.
public struct YAMLDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of mismatch; each has its own diagnostic code.
    public enum Kind: String, Sendable, Equatable {
        /// The node's kind or resolved type does not fit (`cannot unmarshal … into …`).
        case typeMismatch
        /// The type fits but the value does not parse (`not a valid duration string: "5x"`).
        case invalidValue
        /// A key the target type does not have (`field foo not found in type T`).
        case unknownField
        /// A key that appears twice in one mapping.
        case duplicateKey
        /// A required key that is absent or null.
        case missingField

        /// `yaml.type-mismatch`, `yaml.invalid-value`, `yaml.unknown-field`, `yaml.duplicate-key`,
        /// `yaml.missing-field`.
        public var code: String {
            switch self {
            case .typeMismatch: "yaml.type-mismatch"
            case .invalidValue: "yaml.invalid-value"
            case .unknownField: "yaml.unknown-field"
            case .duplicateKey: "yaml.duplicate-key"
            case .missingField: "yaml.missing-field"
            }
        }
    }

    public var kind: Kind
    /// Go's message without its `line N: ` prefix (the position is in `span`).
    public var message: String
    public var path: YAMLPath
    /// Where the offending node is. Its start line is the line Go prints.
    public var span: SourceSpan

    public init(_ kind: Kind, message: String, path: YAMLPath, span: SourceSpan) {
        self.kind = kind
        self.message = message
        self.path = path
        self.span = span
    }

    /// The error as a diagnostic; a note carries the key path (`at groups[0].rules[2].for`).
    public var diagnostic: Diagnostic {
        let notes =
            path.isRoot ? [] : [Diagnostic(.note, code: kind.code, message: "at \(path)", span: span)]
        return Diagnostic(.error, code: kind.code, message: message, span: span, notes: notes)
    }

    /// One line of Go's `yaml: unmarshal errors:` list: `line 3: field foo not found in type T`.
    public var goMessage: String { "line \(span.start.line): \(message)" }

    /// `file:line:col: path: message`
    public var description: String {
        let location = "\(span.file):\(span.start)"
        return path.isRoot ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }

    /// Go's `cannot unmarshal <tag> [`value`] into <type>`: the value is shown for scalars only, and cut to
    /// 7 bytes plus `...` when longer than 10 bytes.
    static func typeMismatch(_ node: YAMLNode, into typeName: String, path: YAMLPath, dialect: YAMLDialect)
        -> YAMLDecodingError
    {
        let tag: String
        var shown = ""
        switch node.content {
        case .scalar(let scalar):
            tag = node.shortTag ?? YAMLScalarValue.resolve(scalar, dialect: dialect).tag
            let bytes = Array(scalar.value.utf8)
            let text = bytes.count > 10 ? String(decoding: bytes[..<7], as: UTF8.self) + "..." : scalar.value
            if tag != "!!seq" && tag != "!!map" { shown = " `\(text)`" }
        case .sequence:
            tag = node.shortTag ?? "!!seq"
        case .mapping:
            tag = node.shortTag ?? "!!map"
        }
        return YAMLDecodingError(
            .typeMismatch, message: "cannot unmarshal \(tag)\(shown) into \(typeName)", path: path, span: node.span)
    }
}
