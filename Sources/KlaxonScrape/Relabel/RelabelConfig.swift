import KlaxonModel

/// How label and metric names are validated (Prometheus's `model.ValidationScheme`). Prometheus 3 defaults to
/// UTF-8: any non-empty name is valid.
public enum NameValidationScheme: String, Sendable, Hashable, CaseIterable {
    /// Any non-empty UTF-8 name.
    case utf8
    /// `[a-zA-Z_][a-zA-Z0-9_]*` for label names, `[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names.
    case legacy

    /// Whether `name` is a valid label name under this scheme.
    public func isValidLabelName(_ name: String) -> Bool {
        switch self {
        case .utf8: !name.isEmpty
        case .legacy: Labels.isValidLegacyLabelName(name)
        }
    }

    /// Whether `name` is a valid metric name under this scheme.
    public func isValidMetricName(_ name: String) -> Bool {
        switch self {
        case .utf8: !name.isEmpty
        case .legacy: Labels.isValidLegacyMetricName(name)
        }
    }
}

/// One relabelling rule, Prometheus's `relabel.Config`, as a plain value (YAML decoding is KlaxonConfig's job).
/// The defaults are Prometheus's: action `replace`, separator `;`, regex `(.*)`, replacement `$1`.
///
/// Check a rule with `validate()`, then compile a list with `Relabeler`.
public struct RelabelConfig: Sendable, Hashable {
    /// What a rule does (Prometheus's `relabel.Action`); the raw value is the YAML spelling.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case replace, keep, drop
        case keepEqual = "keepequal"
        case dropEqual = "dropequal"
        case hashMod = "hashmod"
        case labelMap = "labelmap"
        case labelDrop = "labeldrop"
        case labelKeep = "labelkeep"
        case lowercase, uppercase

        /// Parses an action the way Prometheus's YAML decoder does (case-insensitive).
        public init(parsing text: String) throws(RelabelConfigError) {
            guard let action = Action(rawValue: text.lowercased()) else {
                throw RelabelConfigError("unknown relabel action \(GoQuote.quote(text))")
            }
            self = action
        }
    }

    /// Labels whose values are joined with `separator` to form the rule's input.
    public var sourceLabels: [String]
    public var separator: String
    /// The regular expression (RE2 syntax, anchored at both ends) matched against the input.
    public var regex: String
    /// The modulus of `hashmod`.
    public var modulus: UInt64
    /// The label written by `replace`, `hashmod`, `lowercase`, `uppercase`, and compared by `keepequal`/`dropequal`.
    public var targetLabel: String
    /// The replacement of `replace` and `labelmap`, with `$1`, `${1}`, `$name`, `${name}` references.
    public var replacement: String
    public var action: Action
    /// How the rule checks the label names it writes.
    public var nameValidationScheme: NameValidationScheme

    public static let defaultSeparator = ";"
    public static let defaultRegex = "(.*)"
    public static let defaultReplacement = "$1"

    public init(
        sourceLabels: [String] = [],
        separator: String = RelabelConfig.defaultSeparator,
        regex: String = RelabelConfig.defaultRegex,
        modulus: UInt64 = 0,
        targetLabel: String = "",
        replacement: String = RelabelConfig.defaultReplacement,
        action: Action = .replace,
        nameValidationScheme: NameValidationScheme = .utf8
    ) {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.regex = regex
        self.modulus = modulus
        self.targetLabel = targetLabel
        self.replacement = replacement
        self.action = action
        self.nameValidationScheme = nameValidationScheme
    }

    /// Prometheus's `Config.Validate`, with its messages; the regex itself is checked when compiled.
    public func validate() throws(RelabelConfigError) {
        if modulus == 0 && action == .hashMod {
            throw RelabelConfigError("relabel configuration for hashmod requires non-zero modulus")
        }
        let needsTarget: Set<Action> = [.replace, .hashMod, .lowercase, .uppercase, .keepEqual, .dropEqual]
        if needsTarget.contains(action) && targetLabel.isEmpty {
            throw RelabelConfigError(
                "relabel configuration for \(action.rawValue) action requires 'target_label' value")
        }
        let hasVariable = targetLabel.contains("$")
        if action == .replace && !hasVariable && !nameValidationScheme.isValidLabelName(targetLabel) {
            throw invalidTarget()
        }
        if action == .replace && hasVariable && !isValidLabelNameWithVariables(targetLabel) {
            throw invalidTarget()
        }
        let simpleTarget: Set<Action> = [.lowercase, .uppercase, .keepEqual, .dropEqual]
        if simpleTarget.contains(action) && !nameValidationScheme.isValidLabelName(targetLabel) {
            throw invalidTarget()
        }
        if simpleTarget.contains(action) && replacement != RelabelConfig.defaultReplacement {
            throw RelabelConfigError("'replacement' can not be set for \(action.rawValue) action")
        }
        if action == .labelMap && !isValidLabelNameWithVariables(replacement) {
            throw RelabelConfigError(
                "\(GoQuote.quote(replacement)) is invalid 'replacement' for \(action.rawValue) action")
        }
        if action == .hashMod && !nameValidationScheme.isValidLabelName(targetLabel) {
            throw invalidTarget()
        }
        if action == .dropEqual || action == .keepEqual {
            if regex != RelabelConfig.defaultRegex || modulus != 0 || separator != RelabelConfig.defaultSeparator
                || replacement != RelabelConfig.defaultReplacement
            {
                throw RelabelConfigError(
                    "\(action.rawValue) action requires only 'source_labels' and `target_label`, and no other fields")
            }
        }
        if action == .labelDrop || action == .labelKeep {
            if !sourceLabels.isEmpty || !targetLabel.isEmpty || modulus != 0
                || separator != RelabelConfig.defaultSeparator || replacement != RelabelConfig.defaultReplacement
            {
                throw RelabelConfigError("\(action.rawValue) action requires only 'regex', and no other fields")
            }
        }
    }

    private func invalidTarget() -> RelabelConfigError {
        RelabelConfigError("\(GoQuote.quote(targetLabel)) is invalid 'target_label' for \(action.rawValue) action")
    }

    /// A label name that may contain `$var`/`${var}` references. Under UTF-8 validation any non-empty name
    /// passes; under legacy validation Prometheus's pattern `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$` applies:
    /// it starts with a letter, `_` or a reference, and continues with word characters or references.
    func isValidLabelNameWithVariables(_ name: String) -> Bool {
        if nameValidationScheme == .utf8 { return !name.isEmpty }
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { return false }
        func isWord(_ c: UInt8) -> Bool { isLabelNameStart(c) || isDigit(c) }
        var i = 0
        var first = true
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "$") {
                i += 1
                if i < bytes.count && bytes[i] == UInt8(ascii: "{") {
                    let start = i + 1
                    i = start
                    while i < bytes.count && isWord(bytes[i]) { i += 1 }
                    guard i > start, i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return false }
                    i += 1
                } else {
                    let start = i
                    while i < bytes.count && isWord(bytes[i]) { i += 1 }
                    guard i > start else { return false }
                }
            } else if first ? isLabelNameStart(c) : isWord(c) {
                i += 1
            } else {
                return false
            }
            first = false
        }
        return true
    }
}

/// An invalid relabelling rule; `message` is Prometheus's wording.
public struct RelabelConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
