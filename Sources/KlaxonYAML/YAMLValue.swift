public import KlaxonModel

/// A node, its key path and the `YAMLDecodingContext` that collects errors: the strict decoding API.
///
/// Every read returns nil after recording an error, so a decoder goes on and reports every problem in the
/// document. Null gives the Go zero value ("" / false / 0 / empty), not an error.
public struct YAMLValue {
    public let node: YAMLNode
    public let path: YAMLPath
    public let context: YAMLDecodingContext

    public init(node: YAMLNode, path: YAMLPath, context: YAMLDecodingContext) {
        self.node = node
        self.path = path
        self.context = context
    }

    var dialect: YAMLDialect { context.options.dialect }

    public var span: SourceSpan { node.span }
    public var isNull: Bool { node.isNull }

    /// Runs a throwing read; records its error and returns nil when it throws.
    public func decode<T>(_ read: (YAMLNode, YAMLPath) throws(YAMLDecodingError) -> T) -> T? {
        do {
            return try read(node, path)
        } catch {
            context.record(error)
            return nil
        }
    }

    /// Records a problem the caller found with this value (e.g. a label name that is not valid).
    public func report(_ message: String, kind: YAMLDecodingError.Kind = .invalidValue) {
        context.record(YAMLDecodingError(kind, message: message, path: path, span: node.span))
    }

    /// Any scalar's text (see `YAMLNode.string(at:typeName:dialect:)`).
    public func string(typeName: String = "string") -> String? {
        decode { node, path throws(YAMLDecodingError) in try node.string(at: path, typeName: typeName, dialect: dialect)
        }
    }

    /// A boolean (see `YAMLNode.bool(at:typeName:dialect:)` for the dialect's words).
    public func bool(typeName: String = "bool") -> Bool? {
        decode { node, path throws(YAMLDecodingError) in try node.bool(at: path, typeName: typeName, dialect: dialect) }
    }

    /// An integer (see `YAMLNode.int(at:typeName:dialect:)`).
    public func int(typeName: String = "int") -> Int? {
        decode { node, path throws(YAMLDecodingError) in try node.int(at: path, typeName: typeName, dialect: dialect) }
    }

    /// A float (see `YAMLNode.double(at:typeName:dialect:)`).
    public func double(typeName: String = "float64") -> Double? {
        decode { node, path throws(YAMLDecodingError) in
            try node.double(at: path, typeName: typeName, dialect: dialect)
        }
    }

    /// A Prometheus duration in milliseconds (see `YAMLNode.duration(at:dialect:)`).
    public func duration() -> Int64? {
        decode { node, path throws(YAMLDecodingError) in try node.duration(at: path, dialect: dialect) }
    }

    /// The items of a sequence as cursors (`groups[0]`, `groups[1]`, …); empty for null.
    public func sequence(_ typeName: String = "[]interface {}") -> [YAMLValue]? {
        guard
            let items = decode({ node, path throws(YAMLDecodingError) in
                try node.items(at: path, typeName: typeName, dialect: dialect)
            })
        else { return nil }
        return items.enumerated().map { YAMLValue(node: $1, path: path.appending($0), context: context) }
    }

    /// The items of a sequence, each decoded by `element`; items it returns nil for are left out (their
    /// errors are recorded), so one bad rule does not hide the others.
    public func sequence<T>(_ typeName: String = "[]interface {}", _ element: (YAMLValue) -> T?) -> [T]? {
        sequence(typeName).map { $0.compactMap(element) }
    }

    /// A list of strings (`[]string`); items that are not scalars are reported and left out.
    public func strings(typeName: String = "[]string") -> [String]? {
        sequence(typeName) { $0.string() }
    }

    /// A mapping of strings to strings (`map[string]string`, e.g. labels), in file order. Duplicate keys are
    /// reported in the dialect's wording; with v2 the first value is kept, with v3 the mapping is rejected.
    public func stringMap(typeName: String = "map[string]string") -> [(key: String, value: String)]? {
        guard
            let pairs = decode({ node, path throws(YAMLDecodingError) in
                try node.pairs(at: path, typeName: typeName, dialect: dialect)
            })
        else { return nil }
        if dialect == .goYAMLv3, reportDuplicates(pairs) { return nil }
        var result: [(key: String, value: String)] = []
        var seen = Set<String>()
        for pair in pairs {
            let key = context.value(pair.key, at: path)
            guard let name = key.string() else { continue }
            let value = context.value(pair.value, at: path.appending(name))
            guard let text = value.string() else { continue }
            if dialect == .goYAMLv2, !seen.insert(name).inserted {
                // Only reachable in v2, which reports the duplicate at the value's line and keeps the first.
                value.report("key \(GoQuote.quote(name)) already set in map", kind: .duplicateKey)
                continue
            }
            result.append((name, text))
        }
        return result
    }

    /// A mapping read as a Go struct of type `typeName` whose fields are `keys`: reports duplicate keys and,
    /// unless the options allow them, keys that are not in `keys`. Returns nil (after reporting) when the
    /// node is not a mapping or, in v3, has duplicate keys (Go then skips the whole mapping). Null gives an
    /// empty mapping, so `required` keys are then reported missing.
    public func mapping(_ typeName: String, keys: [String]) -> YAMLMappingValue? {
        guard
            let pairs = decode({ node, path throws(YAMLDecodingError) in
                try node.pairs(at: path, typeName: typeName, dialect: dialect)
            })
        else { return nil }
        if dialect == .goYAMLv3, reportDuplicates(pairs) { return nil }
        var fields: [(name: String, pair: YAMLPair)] = []
        for pair in pairs {
            guard !pair.key.isNull else { continue }  // Go cannot decode a null key into a field name: skipped
            guard let name = context.value(pair.key, at: path).string() else { continue }
            if keys.contains(name) {
                if fields.contains(where: { $0.name == name }) {
                    context.record(
                        YAMLDecodingError(
                            .duplicateKey, message: "field \(name) already set in type \(typeName)",
                            path: path.appending(name), span: pair.key.span))
                    continue
                }
                fields.append((name, pair))
            } else if !context.options.allowsUnknownKeys {
                context.record(
                    YAMLDecodingError(
                        .unknownField, message: "field \(name) not found in type \(typeName)",
                        path: path.appending(name), span: pair.key.span))
            }
        }
        return YAMLMappingValue(value: self, typeName: typeName, keys: keys, fields: fields)
    }

    /// yaml.v3's check, done for every mapping before anything else: a key equal (same kind and text) to an
    /// earlier key is reported at its own line, naming the earlier key's line.
    private func reportDuplicates(_ pairs: [YAMLPair]) -> Bool {
        guard pairs.count > 1 else { return false }
        var found = false
        func report(_ duplicate: YAMLNode, first: YAMLNode) {
            found = true
            let text = duplicate.scalar?.value ?? ""
            context.record(
                YAMLDecodingError(
                    .duplicateKey,
                    message: "mapping key \(GoQuote.quote(text)) already defined at line \(first.start.line)",
                    path: path.appending(text), span: duplicate.span))
        }
        if pairs.count <= 16 {  // the usual struct-sized mapping: compare pairwise, no hashing
            let keys = pairs.map { DuplicateKey($0.key) }
            for j in 1..<keys.count {
                if let i = keys[..<j].firstIndex(of: keys[j]) { report(pairs[j].key, first: pairs[i].key) }
            }
            return found
        }
        var firstByKey: [DuplicateKey: YAMLNode] = [:]
        for pair in pairs {
            let key = DuplicateKey(pair.key)
            if let first = firstByKey[key] {
                report(pair.key, first: first)
            } else {
                firstByKey[key] = pair.key
            }
        }
        return found
    }

    /// What yaml.v3 compares: the node kind and the scalar text (collections all have the text "").
    private struct DuplicateKey: Hashable {
        var kind: Int
        var text: String

        init(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let scalar): (kind, text) = (0, scalar.value)
            case .sequence: (kind, text) = (1, "")
            case .mapping: (kind, text) = (2, "")
            }
        }
    }

    /// The scalar's source map, for locating errors inside an embedded expression (nil for collections).
    public var sourceMap: ScalarSourceMap? { node.sourceMap }
}
