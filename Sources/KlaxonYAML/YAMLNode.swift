public import KlaxonModel

/// One node of a parsed YAML document: a scalar, a sequence or a mapping, with where it is in the file.
///
/// Aliases are already resolved (an alias becomes a copy of its anchored node, keeping the anchored
/// node's positions, because that is where the text is) and merge keys (`<<`) are already applied.
/// Copies are cheap: children live in copy-on-write arrays, so a document full of aliases shares storage.
public struct YAMLNode: Sendable, CustomStringConvertible {
    /// What the node holds.
    public enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence(YAMLSequence)
        case mapping(YAMLMapping)
    }

    public var content: Content
    /// The explicit tag as libyaml expanded it (`!!str` becomes `tag:yaml.org,2002:str`); nil when there was
    /// none or only the non-specific `!`.
    public var tag: String?
    /// The anchor defined on this node (`&name`), if any.
    public var anchor: String?
    /// Where the node starts: its first property (anchor or tag) or, without properties, its first character.
    public var start: SourcePosition
    /// Just past the node's last character. Block collections end where their last entry ends.
    public var end: SourcePosition
    let source: YAMLSourceText

    init(
        _ content: Content, tag: String?, anchor: String?, start: SourcePosition, end: SourcePosition,
        source: YAMLSourceText
    ) {
        self.content = content
        self.tag = tag
        self.anchor = anchor
        self.start = start
        self.end = end
        self.source = source
    }

    /// The file the node came from, exactly as given to the parser.
    public var file: String { source.file }

    /// The node's location in its file.
    public var span: SourceSpan { SourceSpan(file: source.file, start: start, end: end) }

    /// The scalar payload, or nil for collections.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The sequence payload, or nil for scalars and mappings.
    public var sequence: YAMLSequence? {
        if case .sequence(let sequence) = content { return sequence }
        return nil
    }

    /// The mapping payload, or nil for scalars and sequences.
    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = content { return mapping }
        return nil
    }

    /// The value of the first pair whose key is a scalar with this text (mappings only).
    public subscript(key: String) -> YAMLNode? { mapping?[key] }

    /// The item at `index` (sequences only; nil when out of range).
    public subscript(index: Int) -> YAMLNode? {
        guard let items = sequence?.items, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// `file:line:col` followed by a short rendering, for test failures and debugging.
    public var description: String {
        switch content {
        case .scalar(let s): "\(file):\(start): scalar \(GoQuote.quote(s.value))"
        case .sequence(let s): "\(file):\(start): sequence of \(s.items.count)"
        case .mapping(let m): "\(file):\(start): mapping of \(m.pairs.count)"
        }
    }

    /// The tag in Go's short form (`!!str`, `!!int`, `!foo`) as Go's YAML decoders print it in errors,
    /// or nil when the node has no explicit tag.
    public var shortTag: String? {
        guard let tag else { return nil }
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

extension YAMLNode: Equatable {
    /// Structural equality: content, properties, positions and file name (not the identity of the source).
    public static func == (a: YAMLNode, b: YAMLNode) -> Bool {
        a.start == b.start && a.end == b.end && a.tag == b.tag && a.anchor == b.anchor
            && a.source.file == b.source.file && a.content == b.content
    }
}

/// How a scalar was written in the file.
public enum YAMLScalarStyle: String, Sendable, Equatable, CaseIterable {
    case plain
    case singleQuoted
    case doubleQuoted
    /// `|` block scalar
    case literal
    /// `>` block scalar
    case folded
}

/// How a collection was written in the file: indented lines or `[…]` / `{…}`.
public enum YAMLCollectionStyle: String, Sendable, Equatable {
    case block
    case flow
}

/// A scalar's decoded text (escapes, folding and chomping applied by libyaml) and its style.
public struct YAMLScalar: Sendable, Equatable {
    public var value: String
    public var style: YAMLScalarStyle

    public init(value: String, style: YAMLScalarStyle) {
        self.value = value
        self.style = style
    }
}

/// A sequence's items in order.
public struct YAMLSequence: Sendable, Equatable {
    public var items: [YAMLNode]
    public var style: YAMLCollectionStyle

    public init(items: [YAMLNode], style: YAMLCollectionStyle) {
        self.items = items
        self.style = style
    }
}

/// A mapping's pairs in file order. Duplicate keys are kept (strict decoding reports them); pairs that came
/// from a merge key (`<<`) appear where the merge key was, minus keys the mapping sets itself.
public struct YAMLMapping: Sendable, Equatable {
    public var pairs: [YAMLPair]
    public var style: YAMLCollectionStyle

    public init(pairs: [YAMLPair], style: YAMLCollectionStyle) {
        self.pairs = pairs
        self.style = style
    }

    /// The value of the first pair whose key is a scalar with this text.
    public subscript(key: String) -> YAMLNode? {
        pairs.first { $0.key.scalar?.value == key }?.value
    }

    /// The keys' scalar texts, in order (non-scalar keys are left out).
    public var keys: [String] { pairs.compactMap { $0.key.scalar?.value } }
}

/// One key/value pair of a mapping.
public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
