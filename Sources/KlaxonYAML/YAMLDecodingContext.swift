public import KlaxonModel

/// How strictly to decode.
public struct YAMLDecodingOptions: Sendable, Equatable {
    /// Whose scalar rules and error wording to follow (rule files: v3; test files and configs: v2).
    public var dialect: YAMLDialect
    /// Allow keys a mapping does not declare, as promtool's `--ignore-unknown-fields` does for rule files.
    public var allowsUnknownKeys: Bool

    public init(dialect: YAMLDialect = .goYAMLv3, allowsUnknownKeys: Bool = false) {
        self.dialect = dialect
        self.allowsUnknownKeys = allowsUnknownKeys
    }
}

/// Collects every decoding error of one document instead of stopping at the first, as Go's decoders do
/// (`yaml: unmarshal errors:` with one line per problem). Start from `value(_:)` and read fields through
/// `YAMLValue` and `YAMLMappingValue`:
///
/// ```swift
/// let context = YAMLDecodingContext(options: .init(dialect: .goYAMLv3))
/// let groups = context.value(root).mapping("rulefmt.RuleGroups", keys: ["groups"])?["groups"]?
///     .sequence("[]rulefmt.RuleGroup") { group in decodeGroup(group) } ?? []
/// for diagnostic in context.diagnostics { print(diagnostic) }
/// ```
/// A reference type so that every `YAMLValue` handed out records into the same list; use it on one task.
///
/// Why hand-written reads rather than a custom Swift `Decoder`: a `Decoder` stops at the first thrown error
/// (Go and promtool users expect every problem), cannot see keys nobody asked for without extra bookkeeping,
/// and has nowhere to put positions, key paths and Go's type names. Here each read records its own error
/// and goes on, and `mapping(_:keys:)` knows the whole set of allowed keys up front.
public final class YAMLDecodingContext {
    public let options: YAMLDecodingOptions
    /// Every error recorded so far, in the order they were found.
    public private(set) var errors: [YAMLDecodingError] = []

    public init(options: YAMLDecodingOptions = YAMLDecodingOptions()) {
        self.options = options
    }

    /// A cursor on `node`, which sits at `path` in the document.
    public func value(_ node: YAMLNode, at path: YAMLPath = .root) -> YAMLValue {
        YAMLValue(node: node, path: path, context: self)
    }

    /// Records an error found by the caller's own validation (or thrown by a `YAMLNode` accessor).
    public func record(_ error: YAMLDecodingError) {
        errors.append(error)
    }

    public var hasErrors: Bool { !errors.isEmpty }

    /// The errors as diagnostics, sorted by position.
    public var diagnostics: [Diagnostic] {
        sortedErrors.map(\.diagnostic)
    }

    /// Go's summary of all errors, or nil when there are none:
    /// ```
    /// yaml: unmarshal errors:
    ///   line 3: field foo not found in type rulefmt.RuleGroup
    /// ```
    public var goMessage: String? {
        guard !errors.isEmpty else { return nil }
        return (["yaml: unmarshal errors:"] + sortedErrors.map { "  " + $0.goMessage }).joined(separator: "\n")
    }

    private var sortedErrors: [YAMLDecodingError] {
        errors.enumerated().sorted { a, b in
            (a.element.span.start, a.offset) < (b.element.span.start, b.offset)
        }.map(\.element)
    }
}
