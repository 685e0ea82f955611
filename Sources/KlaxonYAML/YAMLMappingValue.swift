import KlaxonModel

/// A mapping read as a Go struct with a fixed set of fields (made by `YAMLValue.mapping(_:keys:)`, which has
/// already reported unknown and duplicate keys). Look fields up by name; each comes back as a `YAMLValue`
/// with its key path.
public struct YAMLMappingValue {
    /// The mapping itself.
    public let value: YAMLValue
    /// The Go type named in messages (`rulefmt.RuleGroup`).
    public let typeName: String
    private let keys: [String]
    private let fields: [(name: String, pair: YAMLPair)]

    init(value: YAMLValue, typeName: String, keys: [String], fields: [(name: String, pair: YAMLPair)]) {
        self.value = value
        self.typeName = typeName
        self.keys = keys
        self.fields = fields
    }

    /// The field's value, or nil when the key is absent. A key that is present with a null value is returned
    /// (check `isNull`); the typed reads turn it into the zero value. `key` must be one of the declared keys.
    public subscript(key: String) -> YAMLValue? {
        assert(keys.contains(key), "\(key) is not a declared field of \(typeName)")
        guard let pair = field(key) else { return nil }
        return YAMLValue(node: pair.value, path: value.path.appending(key), context: value.context)
    }

    /// The field's value; when it is absent or null, records `missing required field <key> in type <T>` at
    /// the key (or at the mapping when the key is absent) and returns nil.
    public func required(_ key: String) -> YAMLValue? {
        if let field = self[key], !field.isNull { return field }
        let span = field(key)?.key.span ?? value.span
        value.context.record(
            YAMLDecodingError(
                .missingField, message: "missing required field \(key) in type \(typeName)",
                path: value.path.appending(key), span: span))
        return nil
    }

    /// Whether the mapping has this key (even with a null value).
    public func contains(_ key: String) -> Bool { field(key) != nil }

    /// The key node of a field, for errors that belong on the key rather than the value.
    public func keyNode(_ key: String) -> YAMLNode? { field(key)?.key }

    /// The first pair with this key (structs have a handful of fields, so a scan beats hashing).
    private func field(_ key: String) -> YAMLPair? {
        fields.first { $0.name == key }?.pair
    }
}
