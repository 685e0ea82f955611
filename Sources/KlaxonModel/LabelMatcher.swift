/// How a label matcher compares a label value.
public enum MatchType: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case regexMatch = "=~"
    case regexNoMatch = "!~"
}

/// One `name op "value"` condition of a selector. A missing label has the value "".
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let type: MatchType
    public let value: String
    /// Compiled pattern for the regex match types.
    public let regex: PromRegex?

    public init(_ type: MatchType, _ name: String, _ value: String) throws(PromRegex.CompileError) {
        self.name = name
        self.type = type
        self.value = value
        switch type {
        case .regexMatch, .regexNoMatch: regex = try PromRegex(value)
        case .equal, .notEqual: regex = nil
        }
    }

    /// A matcher that cannot fail to compile: `=` or `!=`.
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        LabelMatcher(unchecked: .equal, name, value)
    }

    private init(unchecked type: MatchType, _ name: String, _ value: String) {
        self.name = name
        self.type = type
        self.value = value
        self.regex = nil
    }

    /// True when `value` (the label's value, "" if absent) satisfies the matcher.
    @inlinable public func matches(_ value: String) -> Bool {
        switch type {
        case .equal: return value == self.value
        case .notEqual: return value != self.value
        case .regexMatch: return regex?.matches(value) ?? false
        case .regexNoMatch: return !(regex?.matches(value) ?? false)
        }
    }

    /// True when the matcher accepts a series that lacks the label.
    public var matchesEmpty: Bool { matches("") }

    /// `name="value"` with the value Go-quoted.
    public var description: String {
        let n = Labels.isValidLegacyLabelName(name) ? name : GoQuote.quote(name)
        return n + type.rawValue + GoQuote.quote(value)
    }
}
