import KlaxonModel

/// Typed reads of one node, as Go's decoders read a YAML value into a typed Go field. Each throws a
/// `YAMLDecodingError` naming the node's position and `path` (the node's own key path, used in the message).
/// Null (empty, `~`, `null`) gives the type's zero value without an error, as in Go.
extension YAMLNode {
    /// The resolved scalar (`YAMLScalarValue.resolve`), or nil for collections.
    public func resolved(_ dialect: YAMLDialect = .goYAMLv3) -> YAMLScalarValue? {
        scalar.map { YAMLScalarValue.resolve($0, tag: tag, dialect: dialect) }
    }

    /// True for a scalar that resolves to null: empty, `~`, `null`, `Null`, `NULL` (plain, without `!!str`).
    public var isNull: Bool {
        guard let scalar else { return false }
        if tag == nil {
            guard scalar.style == .plain else { return false }
            switch scalar.value {
            case "", "~", "null", "Null", "NULL": return true
            default: return false
            }
        }
        return resolved(.goYAMLv3) == .null
    }

    /// Any scalar's text (Go lets every scalar decode into a string: `5` gives "5"); "" for null.
    public func string(at path: YAMLPath = .root, typeName: String = "string", dialect: YAMLDialect = .goYAMLv3)
        throws(YAMLDecodingError) -> String
    {
        guard let scalar else { throw .typeMismatch(self, into: typeName, path: path, dialect: dialect) }
        return isNull ? "" : scalar.value
    }

    /// A boolean; which words count depends on the dialect (see `YAMLDialect`). Null is false.
    public func bool(at path: YAMLPath = .root, typeName: String = "bool", dialect: YAMLDialect = .goYAMLv3)
        throws(YAMLDecodingError) -> Bool
    {
        switch resolved(dialect) {
        case .null: return false
        case .bool(let value): return value
        case .string(let text) where dialect == .goYAMLv3:
            // yaml.v3's YAML 1.1 compatibility: only when decoding into a bool, quoted or not.
            if let value = YAMLScalarValue.yaml11Bool(text) { return value }
        default: break
        }
        throw .typeMismatch(self, into: typeName, path: path, dialect: dialect)
    }

    /// A 64-bit integer. Floats are truncated toward zero when they fit, as Go does (`1.9` gives 1);
    /// infinities, NaN and values outside Int64 are errors. Null is 0.
    public func int(at path: YAMLPath = .root, typeName: String = "int", dialect: YAMLDialect = .goYAMLv3)
        throws(YAMLDecodingError) -> Int
    {
        switch resolved(dialect) {
        case .null: return 0
        case .int(let value): return Int(value)
        case .float(let value) where value >= -0x1p63 && value < 0x1p63: return Int(value)
        default: throw .typeMismatch(self, into: typeName, path: path, dialect: dialect)
        }
    }

    /// A Double from an int or float scalar (`.inf`, `-.Inf`, `.nan` included). Null is 0.
    public func double(at path: YAMLPath = .root, typeName: String = "float64", dialect: YAMLDialect = .goYAMLv3)
        throws(YAMLDecodingError) -> Double
    {
        switch resolved(dialect) {
        case .null: return 0
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .float(let value): return value
        default: throw .typeMismatch(self, into: typeName, path: path, dialect: dialect)
        }
    }

    /// A Prometheus duration (`model.Duration`: `5m`, `1h30m`, `0`) in milliseconds, read as Go does: the
    /// scalar's text goes through `PromDuration.parse`, so `5` fails with `not a valid duration string: "5"`.
    /// A collection fails as Go's inner string decode does (`cannot unmarshal !!seq into string`). Null is 0.
    public func duration(at path: YAMLPath = .root, dialect: YAMLDialect = .goYAMLv3) throws(YAMLDecodingError)
        -> Int64
    {
        let text = try string(at: path, dialect: dialect)
        if isNull { return 0 }
        do {
            return try PromDuration.parse(text)
        } catch {
            throw YAMLDecodingError(.invalidValue, message: error.description, path: path, span: span)
        }
    }

    /// The items of a sequence (empty for null). `typeName` is the Go slice type named in errors.
    public func items(at path: YAMLPath = .root, typeName: String = "[]interface {}", dialect: YAMLDialect = .goYAMLv3)
        throws(YAMLDecodingError) -> [YAMLNode]
    {
        if let sequence { return sequence.items }
        if isNull { return [] }
        throw .typeMismatch(self, into: typeName, path: path, dialect: dialect)
    }

    /// The pairs of a mapping (empty for null). `typeName` is the Go type named in errors.
    public func pairs(
        at path: YAMLPath = .root, typeName: String = "map[string]interface {}",
        dialect: YAMLDialect = .goYAMLv3
    ) throws(YAMLDecodingError) -> [YAMLPair] {
        if let mapping { return mapping.pairs }
        if isNull { return [] }
        throw .typeMismatch(self, into: typeName, path: path, dialect: dialect)
    }
}
