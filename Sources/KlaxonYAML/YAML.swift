/// Entry points: YAML text in, `YAMLNode` trees out (libyaml's event API underneath).
///
/// ```swift
/// guard let root = try YAML.parse(text, file: "rules/api.yaml") else { return }  // nil: no document
/// ```
/// Comments are dropped; anchors, aliases and merge keys (`<<`) are resolved; every node keeps its start and
/// end position (1-based lines, columns in Unicode scalars) and the file name exactly as given.
public enum YAML {
    /// The first document of `text`, or nil when the stream has no document (empty or only comments).
    /// Later documents are not parsed, so their errors are not reported (as Go's `yaml.Decoder.Decode`).
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> YAMLNode?
    {
        try parse(Array(text.utf8), file: file, limits: limits)
    }

    /// The first document of UTF-8 `bytes` (a UTF-8 byte order mark is allowed), or nil when there is none.
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> YAMLNode?
    {
        let source = YAMLSourceText(file: file, bytes: bytes)
        return try YAMLReader.read(source, limits: limits, firstDocumentOnly: true).first
    }

    /// Every document of `text`, in order. An empty document (`---` alone) is a null scalar.
    public static func parseAll(_ text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> [YAMLNode]
    {
        try parseAll(Array(text.utf8), file: file, limits: limits)
    }

    /// Every document of UTF-8 `bytes`, in order.
    public static func parseAll(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(YAMLError)
        -> [YAMLNode]
    {
        let source = YAMLSourceText(file: file, bytes: bytes)
        return try YAMLReader.read(source, limits: limits, firstDocumentOnly: false)
    }
}
