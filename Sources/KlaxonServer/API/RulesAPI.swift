import KlaxonAPI
public import KlaxonModel
import KlaxonPromQL
public import KlaxonRules
public import KlaxonStorage

/// `/api/v1/rules` and `/api/v1/alerts` bodies, field for field as Prometheus writes them (`RuleDiscovery`,
/// `AlertDiscovery`), built from the rule groups' current state.
public enum RulesAPI {
    /// Go's zero `time.Time`, what Prometheus shows as `lastEvaluation` of a rule never evaluated.
    static let zeroTime = "0001-01-01T00:00:00Z"

    /// `GET /api/v1/rules` with Prometheus's filters: `type` (`alert`|`record`), `rule_name[]`, `rule_group[]`,
    /// `file[]`, `exclude_alerts`, `match[]` (rules whose labels match any set).
    public static func rules(_ groups: [LoadedRuleGroup], form: FormParameters) -> APIReply {
        let type = form.value("type").lowercased()
        guard type.isEmpty || type == "alert" || type == "record" else {
            return .error(.badData, "invalid parameter \"type\": not supported value \(GoQuote.quote(type))")
        }
        let excludeText = form.value("exclude_alerts")
        var excludeAlerts = false
        if !excludeText.isEmpty {
            guard let value = goBool(excludeText) else {
                return .error(
                    .badData,
                    "invalid parameter \"exclude_alerts\": strconv.ParseBool: parsing \(GoQuote.quote(excludeText)): invalid syntax"
                )
            }
            excludeAlerts = value
        }
        let matcherSets: [[LabelMatcher]]
        do {
            matcherSets = try PrometheusAPI<EmptySource>.matcherSets(form.values("match[]"))
        } catch {
            return error.reply
        }
        let ruleNames = Set(form.values("rule_name[]"))
        let groupNames = Set(form.values("rule_group[]"))
        let files = Set(form.values("file[]"))
        var out: [String] = []
        for loaded in groups {
            let group = loaded.group
            if !groupNames.isEmpty && !groupNames.contains(group.name) { continue }
            if !files.isEmpty && !files.contains(group.file) { continue }
            var rules: [String] = []
            for (index, rule) in group.rules.enumerated() {
                if !ruleNames.isEmpty && !ruleNames.contains(rule.name) { continue }
                if !matcherSets.isEmpty && !matches(rule, matcherSets) { continue }
                let state = index < loaded.state.rules.count ? loaded.state.rules[index] : RuleState()
                switch rule {
                case .alerting(let alerting) where type != "record":
                    rules.append(alertingRule(alerting, state: state, excludeAlerts: excludeAlerts))
                case .recording(let recording) where type != "alert":
                    rules.append(recordingRule(recording, state: state))
                default:
                    continue
                }
            }
            guard !rules.isEmpty else { continue }
            var json = "{\"name\":" + GoJSON.quote(group.name) + ",\"file\":" + GoJSON.quote(group.file)
            json += ",\"rules\":[" + rules.joined(separator: ",") + "]"
            json += ",\"interval\":" + JSONNumber.format(Double(group.interval) / 1000)
            json += ",\"limit\":" + String(group.limit)
            json += ",\"evaluationTime\":" + JSONNumber.format(loaded.state.evaluationDuration.seconds)
            json += ",\"lastEvaluation\":" + GoJSON.quote(time(loaded.state.lastEvaluation)) + "}"
            out.append(json)
        }
        return .success(data: "{\"groups\":[" + out.joined(separator: ",") + "]}")
    }

    /// `GET /api/v1/alerts`: every pending and firing alert of every alerting rule.
    public static func alerts(_ groups: [LoadedRuleGroup]) -> APIReply {
        var alerts: [String] = []
        for loaded in groups {
            for (index, rule) in loaded.group.rules.enumerated() where index < loaded.state.rules.count {
                guard case .alerting = rule, let state = loaded.state.rules[index].alerting else { continue }
                alerts += state.activeAlerts.map(alertJSON)
            }
        }
        return .success(data: "{\"alerts\":[" + alerts.joined(separator: ",") + "]}")
    }

    private static func alertingRule(_ rule: AlertingRule, state: RuleState, excludeAlerts: Bool) -> String {
        let alerting = state.alerting ?? AlertingRuleState()
        var json = "{\"state\":" + GoJSON.quote(alerting.ruleState.description)
        json += ",\"name\":" + GoJSON.quote(rule.name)
        json += ",\"query\":" + GoJSON.quote(rule.query.expr.description)
        json += ",\"duration\":" + JSONNumber.format(Double(rule.holdDuration) / 1000)
        json += ",\"keepFiringFor\":" + JSONNumber.format(Double(rule.keepFiringFor) / 1000)
        json += ",\"labels\":" + labelsJSON(rule.labels)
        json += ",\"annotations\":" + labelsJSON(rule.annotations)
        json +=
            ",\"alerts\":"
            + (excludeAlerts ? "null" : "[" + alerting.activeAlerts.map(alertJSON).joined(separator: ",") + "]")
        json += common(state) + ",\"type\":\"alerting\"}"
        return json
    }

    private static func recordingRule(_ rule: RecordingRule, state: RuleState) -> String {
        var json = "{\"name\":" + GoJSON.quote(rule.name)
        json += ",\"query\":" + GoJSON.quote(rule.query.expr.description)
        json += ",\"labels\":" + labelsJSON(rule.labels)
        json += common(state) + ",\"type\":\"recording\"}"
        return json
    }

    /// `health`, `lastError` (omitted when empty), `evaluationTime`, `lastEvaluation`.
    private static func common(_ state: RuleState) -> String {
        var json = ",\"health\":" + GoJSON.quote(state.health.rawValue)
        if let error = state.lastError, !error.isEmpty { json += ",\"lastError\":" + GoJSON.quote(error) }
        json += ",\"evaluationTime\":" + JSONNumber.format(state.evaluationDuration.seconds)
        json += ",\"lastEvaluation\":" + GoJSON.quote(time(state.lastEvaluation))
        return json
    }

    static func alertJSON(_ alert: Alert) -> String {
        var json = "{\"labels\":" + GoJSON.labels(alert.labels)
        json += ",\"annotations\":" + labelsJSON(alert.annotations)
        json += ",\"state\":" + GoJSON.quote(alert.state.description)
        json += ",\"activeAt\":" + GoJSON.quote(alert.formattedActiveAt)
        if let since = alert.formattedKeepFiringSince { json += ",\"keepFiringSince\":" + GoJSON.quote(since) }
        json += ",\"value\":" + GoJSON.quote(alert.formattedValue) + "}"
        return json
    }

    /// A label list as a JSON object in name order (`labels.Labels` marshals as a map; empty values kept).
    static func labelsJSON(_ labels: [Label]) -> String {
        let sorted = labels.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return "{" + sorted.map { GoJSON.quote($0.name) + ":" + GoJSON.quote($0.value) }.joined(separator: ",") + "}"
    }

    private static func time(_ t: Timestamp?) -> String {
        t.map(AlertAPIFormat.rfc3339) ?? zeroTime
    }

    private static func matches(_ rule: Rule, _ sets: [[LabelMatcher]]) -> Bool {
        let labels = Labels(rule.labels)
        return sets.contains { set in set.allSatisfy { $0.matches(labels[$0.name]) } }
    }

    /// Go's `strconv.ParseBool`.
    static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}

/// A `SeriesSource` with nothing in it (a type argument for static helpers; a server without data).
public struct EmptySource: SeriesSource {
    public init() {}

    public func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws -> [SeriesSamples] { [] }
    public func labelNames(matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws -> [String] { [] }
    public func labelValues(_ name: String, matching: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws
        -> [String]
    { [] }
}
