public import KlaxonModel

/// A validated, compiled list of relabelling rules, applied in order (Prometheus's `relabel.ProcessBuilder`).
/// Used for a target's `relabel_configs` and for every new series' `metric_relabel_configs`.
public struct Relabeler: Sendable {
    struct Rule: Sendable {
        var config: RelabelConfig
        var regex: RelabelRegex
    }

    let rules: [Rule]

    /// The configs as given.
    public var configs: [RelabelConfig] { rules.map(\.config) }

    /// True when there are no rules (processing returns the input unchanged).
    public var isEmpty: Bool { rules.isEmpty }

    /// Validates and compiles `configs`; the error names the first invalid rule's problem in Prometheus's words.
    public init(_ configs: [RelabelConfig]) throws(RelabelConfigError) {
        var rules: [Rule] = []
        for config in configs {
            try config.validate()
            rules.append(Rule(config: config, regex: try RelabelRegex(config.regex)))
        }
        self.rules = rules
    }

    /// No rules.
    public init() { rules = [] }

    /// The labels after every rule, or nil when a rule drops them (`keep`, `drop`, `keepequal`, `dropequal`).
    public func process(_ labels: Labels) -> Labels? {
        var labels = labels
        for rule in rules {
            if !Relabeler.apply(rule, to: &labels) { return nil }
        }
        return labels
    }

    /// One rule (Prometheus's `relabel`); false means "drop".
    static func apply(_ rule: Rule, to labels: inout Labels) -> Bool {
        let config = rule.config
        let value: String
        switch config.sourceLabels.count {
        case 0: value = ""
        case 1: value = labels[config.sourceLabels[0]]
        default: value = config.sourceLabels.map { labels[$0] }.joined(separator: config.separator)
        }
        switch config.action {
        case .drop:
            if rule.regex.matches(value) { return false }
        case .keep:
            if !rule.regex.matches(value) { return false }
        case .dropEqual:
            if labels[config.targetLabel] == value { return false }
        case .keepEqual:
            if labels[config.targetLabel] != value { return false }
        case .replace:
            replace(rule, value: value, in: &labels)
        case .lowercase:
            labels.set(config.targetLabel, goCaseMapped(value, upper: false))
        case .uppercase:
            labels.set(config.targetLabel, goCaseMapped(value, upper: true))
        case .hashMod:
            let digest = MD5.digest(value.utf8)
            var tail: UInt64 = 0
            for byte in digest[8..<16] { tail = tail << 8 | UInt64(byte) }
            labels.set(config.targetLabel, String(tail % config.modulus))
        case .labelMap:
            for label in labels {
                guard let (groups, names) = rule.regex.submatches(label.name) else { continue }
                labels.set(RelabelRegex.expand(config.replacement, groups: groups, names: names), label.value)
            }
        case .labelDrop:
            let before = labels
            for label in before where rule.regex.matches(label.name) { labels.remove(label.name) }
        case .labelKeep:
            let before = labels
            for label in before where !rule.regex.matches(label.name) { labels.remove(label.name) }
        }
        return true
    }

    private static func replace(_ rule: Rule, value: String, in labels: inout Labels) {
        let config = rule.config
        // Prometheus's fast path: add or delete a label without touching the regex.
        if value.isEmpty && config.regex == RelabelConfig.defaultRegex && !config.targetLabel.contains("$")
            && !config.replacement.contains("$")
        {
            labels.set(config.targetLabel, config.replacement)
            return
        }
        guard let (groups, names) = rule.regex.submatches(value) else { return }
        let target = RelabelRegex.expand(config.targetLabel, groups: groups, names: names)
        guard config.nameValidationScheme.isValidLabelName(target) else { return }
        let result = RelabelRegex.expand(config.replacement, groups: groups, names: names)
        if result.isEmpty {
            labels.remove(target)
        } else {
            labels.set(target, result)
        }
    }

    /// Go's `strings.ToLower`/`ToUpper`: per-scalar simple case mapping (`ß` stays `ß`), ASCII fast.
    static func goCaseMapped(_ s: String, upper: Bool) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return upper ? s.uppercased() : s.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let mappedScalars = mapped.unicodeScalars
            if mappedScalars.count == 1, let single = mappedScalars.first {
                out.append(single)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
