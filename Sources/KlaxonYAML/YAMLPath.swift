/// Where a value sits in a document, for error messages: `groups[0].rules[2].for`.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step: a mapping key or a sequence index.
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)

        public init(stringLiteral value: String) { self = .key(value) }
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }
    public init(arrayLiteral elements: Component...) { components = elements }

    /// The document root (an empty path).
    public static let root = YAMLPath()

    public var isRoot: Bool { components.isEmpty }

    public func appending(_ key: String) -> YAMLPath { YAMLPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> YAMLPath { YAMLPath(components + [.index(index)]) }

    /// `groups[0].rules[2].for`; the root is the empty string.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
