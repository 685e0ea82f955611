public import KlaxonModel
public import KlaxonRules

/// A pending or firing alert of one alerting rule, as `GET /api/v1/alerts` lists it.
public struct ActiveAlert: Sendable, Equatable {
    /// The rule's group and file.
    public var group: String
    public var file: String
    /// The alerting rule's name (also the `alertname` label).
    public var rule: String
    /// The alert instance, with every time Prometheus keeps (`firedAt`, `lastSentAt`, `keepFiringSince`, …).
    public var alert: Alert

    public init(group: String, file: String, rule: String, alert: Alert) {
        self.group = group
        self.file = file
        self.rule = rule
        self.alert = alert
    }

    /// `pending` or `firing`.
    public var state: AlertState { alert.state }
    /// Result labels plus the rule's labels and `alertname`.
    public var labels: Labels { alert.labels }
    /// Expanded annotations, sorted by name.
    public var annotations: [Label] { alert.annotations }
    /// When the condition started holding.
    public var activeAt: Timestamp { alert.activeAt }
    /// The value of the alert's sample at the last evaluation.
    public var value: Double { alert.value }
}

/// The health of one rule after its last evaluation, as `GET /api/v1/rules` reports it.
public struct RuleStatus: Sendable, Equatable {
    public var name: String
    public var kind: RuleKind
    public var health: RuleHealth
    /// The last evaluation's error, nil after a success.
    public var lastError: String?
    /// The evaluation time of the rule's last evaluation, nil before the first.
    public var lastEvaluation: Timestamp?
    public var evaluationDuration: Duration
    /// For an alerting rule, the highest state of its alerts (`unknown` before the first evaluation).
    public var alertState: AlertState?

    public init(
        name: String, kind: RuleKind, health: RuleHealth, lastError: String?, lastEvaluation: Timestamp?,
        evaluationDuration: Duration, alertState: AlertState?
    ) {
        self.name = name
        self.kind = kind
        self.health = health
        self.lastError = lastError
        self.lastEvaluation = lastEvaluation
        self.evaluationDuration = evaluationDuration
        self.alertState = alertState
    }
}

/// One rule group of an `AlertingEngine`: its definition, its evaluation state and scheduling counters.
public struct RuleGroupStatus: Sendable {
    /// The group as evaluated (interval resolved, group labels merged into the rules).
    public var group: RuleGroup
    /// Health, errors, evaluation times and alerts of every rule, as left by the last evaluation.
    public var state: RuleGroupState
    /// Evaluations done since the engine started.
    public var iterations: Int
    /// Evaluation slots skipped because the previous evaluation (or the process) ran late
    /// (Prometheus's `prometheus_rule_group_iterations_missed_total`).
    public var missedIterations: Int

    public init(group: RuleGroup, state: RuleGroupState, iterations: Int = 0, missedIterations: Int = 0) {
        self.group = group
        self.state = state
        self.iterations = iterations
        self.missedIterations = missedIterations
    }

    /// The evaluation time of the group's last evaluation, nil before the first.
    public var lastEvaluation: Timestamp? { state.lastEvaluation }

    /// One status per rule, in group order.
    public var rules: [RuleStatus] {
        zip(group.rules, state.rules).map { rule, ruleState in
            RuleStatus(
                name: rule.name, kind: rule.kind, health: ruleState.health, lastError: ruleState.lastError,
                lastEvaluation: ruleState.lastEvaluation, evaluationDuration: ruleState.evaluationDuration,
                alertState: ruleState.alerting?.ruleState)
        }
    }

    /// The pending and firing alerts of the group's rules, rule by rule, each sorted by labels.
    public var activeAlerts: [ActiveAlert] {
        zip(group.rules, state.rules).flatMap { rule, ruleState in
            (ruleState.alerting?.activeAlerts ?? []).map {
                ActiveAlert(group: group.name, file: group.file, rule: rule.name, alert: $0)
            }
        }
    }
}
