public import KlaxonModel
public import KlaxonRules
public import KlaxonYAML

/// One rule file after loading: its groups (possibly incomplete when there were errors), every problem found,
/// both as Klaxon diagnostics (`file:line:col`, precise down to the character inside an expression) and as the
/// exact lines `promtool check rules` prints, and the YAML behind each group and rule for further checks.
public struct RuleFile: Sendable {
    /// The path exactly as the user (or the test file) spelled it.
    public var path: String
    /// The decoded groups. Empty when the file could not be decoded.
    public var groups: [RuleGroupSpec]
    /// Every problem, sorted by position: YAML syntax and decoding errors, then validation errors.
    public var diagnostics: [Diagnostic]
    /// promtool's error texts (each already prefixed with `path: `), in promtool's order. Empty when valid.
    public var promtoolErrors: [String]
    /// Non-fatal remarks promtool logs (a second YAML document is ignored).
    public var warnings: [Diagnostic]
    /// The YAML nodes of each group and rule, parallel to `groups` (for lints and coverage positions).
    public var sources: [RuleGroupSource]
    /// The file's bytes, for excerpts in rendered diagnostics (empty when it could not be read).
    public var text: [UInt8]

    public init(
        path: String, groups: [RuleGroupSpec] = [], diagnostics: [Diagnostic] = [], promtoolErrors: [String] = [],
        warnings: [Diagnostic] = [], sources: [RuleGroupSource] = [], text: [UInt8] = []
    ) {
        self.path = path
        self.groups = groups
        self.diagnostics = diagnostics
        self.promtoolErrors = promtoolErrors
        self.warnings = warnings
        self.sources = sources
        self.text = text
    }

    /// True when promtool would reject the file.
    public var hasErrors: Bool { !promtoolErrors.isEmpty }

    /// The number of rules over all groups (what `SUCCESS: N rules found` counts).
    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }
}

/// The YAML behind one group of a rule file.
public struct RuleGroupSource: Sendable {
    /// The group's mapping.
    public var node: YAMLNode
    /// One entry per rule, parallel to `RuleGroupSpec.rules`.
    public var rules: [RuleSource]

    public init(node: YAMLNode, rules: [RuleSource]) {
        self.node = node
        self.rules = rules
    }

    /// The value of `key` in the group's mapping.
    public func value(_ key: String) -> YAMLNode? { node[key] }
}

/// The YAML behind one rule.
public struct RuleSource: Sendable {
    /// The rule's mapping.
    public var node: YAMLNode

    public init(node: YAMLNode) {
        self.node = node
    }

    /// The value of `key` in the rule's mapping (`expr`, `for`, …).
    public func value(_ key: String) -> YAMLNode? { node[key] }

    /// The key node of `key`, for problems that belong on the key.
    public func key(_ key: String) -> YAMLNode? { node.mapping?.pairs.first { $0.key.scalar?.value == key }?.key }

    /// The value node of entry `name` of the rule's `labels:` or `annotations:` mapping.
    public func entry(_ name: String, in field: String) -> YAMLNode? {
        node[field]?.mapping?.pairs.last { $0.key.scalar?.value == name }?.value
    }

    /// The key node of entry `name` of the rule's `labels:` or `annotations:` mapping.
    public func entryKey(_ name: String, in field: String) -> YAMLNode? {
        node[field]?.mapping?.pairs.last { $0.key.scalar?.value == name }?.key
    }
}
