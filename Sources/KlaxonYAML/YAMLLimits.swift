/// Bounds that keep hostile YAML from exhausting memory or time. Exceeding one is a `YAMLError`
/// (kind `.limitExceeded`), never a crash. The defaults are far above any real rule file or config.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes.
    public var maxDocumentBytes: Int
    /// The deepest nesting of sequences and mappings (a scalar inside `[[x]]` is at depth 2).
    public var maxDepth: Int
    /// How many nodes alias expansion may copy in one stream, in total. Guards against "billion laughs".
    public var maxAliasExpansion: Int
    /// The longest scalar accepted, in UTF-8 bytes after decoding.
    public var maxScalarBytes: Int

    public init(
        maxDocumentBytes: Int = 32 << 20, maxDepth: Int = 256, maxAliasExpansion: Int = 1_000_000,
        maxScalarBytes: Int = 4 << 20
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxScalarBytes = maxScalarBytes
    }

    /// 32 MiB documents, depth 256, 1,000,000 alias-expanded nodes, 4 MiB scalars.
    public static let `default` = YAMLLimits()
}
