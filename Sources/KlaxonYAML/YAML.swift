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
        return try YAMLReader.read(source, limits: limits, extent: .first).documents.first
    }

    /// The first document of `text` and whether another document follows it, for callers that, like
    /// Prometheus's rule loader, read only the first document but warn when there are more. Errors after
    /// the first document are not reported; they only count as "more".
    public static func parseFirstDocument(_ text: String, file: String, limits: YAMLLimits = .default)
        throws(YAMLError) -> (root: YAMLNode?, hasMoreDocuments: Bool)
    {
        try parseFirstDocument(Array(text.utf8), file: file, limits: limits)
    }

    /// `parseFirstDocument(_:file:limits:)` for UTF-8 bytes.
    public static func parseFirstDocument(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default)
        throws(YAMLError) -> (root: YAMLNode?, hasMoreDocuments: Bool)
    {
        let source = YAMLSourceText(file: file, bytes: bytes)
        let (documents, more) = try YAMLReader.read(source, limits: limits, extent: .firstAndPeek)
        return (documents.first, more)
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
        return try YAMLReader.read(source, limits: limits, extent: .all).documents
    }
}
