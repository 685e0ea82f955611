import KlaxonModel

/// Turns the event stream of one YAML stream into node trees: resolves aliases (with cycle detection and
/// an expansion budget), applies merge keys and enforces the depth limit.
struct TreeBuilder {
    private let source: YAMLSourceText
    private let limits: YAMLLimits
    private(set) var documents: [YAMLNode] = []

    /// A finished node with the bookkeeping the limits need.
    private struct Built {
        var node: YAMLNode
        /// Nodes in the subtree, as alias expansion would copy them.
        var size: Int
        /// Collection nesting inside the subtree: 0 for a scalar, 1 for `[x]`.
        var height: Int
    }

    /// A sequence or mapping whose end event has not arrived yet.
    private struct Frame {
        var isMapping: Bool
        var style: YAMLCollectionStyle
        var anchor: String?
        var tag: String?
        var start: SourcePosition
        var children: [YAMLNode] = []
        var size = 1
        var height = 1
        /// Where the last child ends in the text (for an alias child, where the alias ends, not its target).
        var lastEnd: SourcePosition
    }

    private var frames: [Frame] = []
    private var root: Built?
    /// The latest declaration of each anchor name, in document order (a later `&a` replaces an earlier one,
    /// even one on a collection that is still open). An alias to an open collection would contain itself.
    private var anchors: [String: AnchorState] = [:]
    private enum AnchorState {
        case open(depth: Int)
        case done(Built)
    }
    private var expandedByAliases = 0

    init(source: YAMLSourceText, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func consume(_ event: ParserEvent, start: SourcePosition, end: SourcePosition) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart:
            anchors = [:]
            root = nil
        case .documentEnd:
            if let root { documents.append(root.node) }
            root = nil
        case .alias(let name):
            let target: Built
            switch anchors[name] {
            case .done(let built): target = built
            case .open: throw error(.aliasCycle, "anchor '\(name)' value contains itself", at: start)
            case nil: throw error(.unknownAnchor, "unknown anchor '\(name)' referenced", at: start)
            }
            expandedByAliases += target.size
            if expandedByAliases > limits.maxAliasExpansion {
                throw error(
                    .limitExceeded, "alias expansion exceeds the limit of \(limits.maxAliasExpansion) nodes", at: start)
            }
            if frames.count + target.height > limits.maxDepth {
                throw error(.limitExceeded, "nesting exceeds the limit of \(limits.maxDepth) levels", at: start)
            }
            add(target, textEnd: end)
        case .scalar(let value, let anchor, let tag, let style):
            let node = YAMLNode(
                .scalar(YAMLScalar(value: value, style: style)), tag: tag, anchor: anchor, start: start, end: end,
                source: source)
            let built = Built(node: node, size: 1, height: 0)
            if let anchor { anchors[anchor] = .done(built) }
            add(built, textEnd: end)
        case .sequenceStart(let anchor, let tag, let style):
            try open(isMapping: false, anchor: anchor, tag: tag, style: style, at: start)
        case .mappingStart(let anchor, let tag, let style):
            try open(isMapping: true, anchor: anchor, tag: tag, style: style, at: start)
        case .sequenceEnd, .mappingEnd:
            try close(end: end)
        }
    }

    private func error(_ kind: YAMLError.Kind, _ message: String, at position: SourcePosition) -> YAMLError {
        YAMLError(kind, message: message, file: source.file, position: position)
    }

    private mutating func open(
        isMapping: Bool, anchor: String?, tag: String?, style: YAMLCollectionStyle, at start: SourcePosition
    ) throws(YAMLError) {
        guard frames.count < limits.maxDepth else {
            throw error(.limitExceeded, "nesting exceeds the limit of \(limits.maxDepth) levels", at: start)
        }
        frames.append(Frame(isMapping: isMapping, style: style, anchor: anchor, tag: tag, start: start, lastEnd: start))
        if let anchor { anchors[anchor] = .open(depth: frames.count) }
    }

    private mutating func close(end: SourcePosition) throws(YAMLError) {
        let depth = frames.count
        guard let frame = frames.popLast() else { return }
        let content: YAMLNode.Content
        if frame.isMapping {
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(frame.children.count / 2)
            var i = 0
            while i + 1 < frame.children.count {
                pairs.append(YAMLPair(key: frame.children[i], value: frame.children[i + 1]))
                i += 2
            }
            content = .mapping(YAMLMapping(pairs: try applyingMergeKeys(pairs), style: frame.style))
        } else {
            content = .sequence(YAMLSequence(items: frame.children, style: frame.style))
        }
        let nodeEnd = frame.style == .flow || frame.children.isEmpty ? end : frame.lastEnd
        let node = YAMLNode(
            content, tag: frame.tag, anchor: frame.anchor, start: frame.start, end: nodeEnd, source: source)
        let built = Built(node: node, size: frame.size, height: frame.height)
        if let anchor = frame.anchor, case .open(depth)? = anchors[anchor] { anchors[anchor] = .done(built) }
        add(built, textEnd: nodeEnd)
    }

    private mutating func add(_ built: Built, textEnd: SourcePosition) {
        guard !frames.isEmpty else {
            root = built
            return
        }
        frames[frames.count - 1].children.append(built.node)
        frames[frames.count - 1].size += built.size
        frames[frames.count - 1].height = max(frames[frames.count - 1].height, built.height + 1)
        frames[frames.count - 1].lastEnd = textEnd
    }

    /// Applies `<<` keys: the merged mappings' pairs take the merge key's place, except keys the mapping sets
    /// itself (anywhere) or an earlier merged mapping already provided. Explicit duplicates are kept for the
    /// strict decoder to report.
    private func applyingMergeKeys(_ pairs: [YAMLPair]) throws(YAMLError) -> [YAMLPair] {
        guard pairs.contains(where: { Self.isMergeKey($0.key) }) else { return pairs }
        var seen = Set<String>()
        for pair in pairs where !Self.isMergeKey(pair.key) {
            if let key = pair.key.scalar?.value { seen.insert(key) }
        }
        var result: [YAMLPair] = []
        for pair in pairs {
            guard Self.isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            let sources: [YAMLMapping]
            switch pair.value.content {
            case .mapping(let mapping):
                sources = [mapping]
            case .sequence(let sequence):
                var mappings: [YAMLMapping] = []
                for item in sequence.items {
                    guard let mapping = item.mapping else { throw mergeError(at: item.start) }
                    mappings.append(mapping)
                }
                sources = mappings
            case .scalar:
                throw mergeError(at: pair.value.start)
            }
            for mapping in sources {
                for merged in mapping.pairs {
                    if let key = merged.key.scalar?.value {
                        if seen.contains(key) { continue }
                        seen.insert(key)
                    }
                    result.append(merged)
                }
            }
        }
        return result
    }

    private func mergeError(at position: SourcePosition) -> YAMLError {
        error(.invalidMerge, "map merge requires map or sequence of maps as the value", at: position)
    }

    /// A plain `<<` without a tag, or with `!!merge` (a quoted `"<<"` is an ordinary key, as in Go).
    static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.style == .plain, scalar.value == "<<" else { return false }
        return key.tag == nil || key.tag == "tag:yaml.org,2002:merge"
    }
}
