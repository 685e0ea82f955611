/// Which Go YAML decoder's reading of scalars and wording of errors to follow. Prometheus reads rule files
/// with yaml.v3 (`rulefmt`) and `promtool test rules` files and `prometheus.yml` with yaml.v2 (`UnmarshalStrict`).
///
/// Where they differ (see `YAMLScalarValue.resolve`, `YAMLNode.bool(at:dialect:)`):
/// - Booleans. v2 resolves the YAML 1.1 words (`y Y yes Yes YES on On ON` / `n N no No NO off Off OFF`) and
///   `true True TRUE false False FALSE` as booleans, for plain scalars only; a quoted `"yes"` into a bool is
///   an error. v3 resolves only `true/True/TRUE/false/False/FALSE` as booleans, but when decoding into a bool
///   field also accepts the YAML 1.1 words as strings, even quoted (`"yes"` is true), while a quoted `"true"`
///   is an error (it is a string, not one of the 1.1 words).
/// - Duplicate keys. v3 reports `mapping key "x" already defined at line 2` for any mapping and then skips
///   that mapping; v2 strict reports `field x already set in type T` (structs) or `key "x" already set in
///   map` (maps) and keeps the first value.
/// - Syntax errors are located on slightly different lines (`YAMLError.goMessage(for:)`).
public enum YAMLDialect: String, Sendable, Equatable, CaseIterable {
    /// gopkg.in/yaml.v2 (go.yaml.in/yaml/v2) with `UnmarshalStrict`.
    case goYAMLv2
    /// gopkg.in/yaml.v3 (go.yaml.in/yaml/v3) with `KnownFields(true)`.
    case goYAMLv3
}
