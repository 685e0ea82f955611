public import KlaxonModel

/// What one rule carries from one evaluation to the next.
public struct RuleState: Sendable, Equatable {
    public var health: RuleHealth
    /// The last evaluation's error message (Prometheus's `lastError`); nil after a success.
    public var lastError: String?
    /// The evaluation time of the rule's last evaluation.
    public var lastEvaluation: Timestamp?
    /// How long the last evaluation took (wall clock).
    public var evaluationDuration: Duration
    /// The series the rule wrote last time (Prometheus's `seriesInPreviousEval`): any of them missing from
    /// the next result gets a staleness marker.
    public var seriesInPreviousEval: Set<Labels>
    /// The alerts of an alerting rule; nil for recording rules.
    public var alerting: AlertingRuleState?

    public init(
        health: RuleHealth = .unknown, lastError: String? = nil, lastEvaluation: Timestamp? = nil,
        evaluationDuration: Duration = .zero, seriesInPreviousEval: Set<Labels> = [], alerting: AlertingRuleState? = nil
    ) {
        self.health = health
        self.lastError = lastError
        self.lastEvaluation = lastEvaluation
        self.evaluationDuration = evaluationDuration
        self.seriesInPreviousEval = seriesInPreviousEval
        self.alerting = alerting
    }
}

/// Everything a rule group carries between evaluations; `GroupEvaluation.evaluate` maps one state to the next.
public struct RuleGroupState: Sendable, Equatable {
    /// One per rule of the group, in the group's order.
    public var rules: [RuleState]
    /// Series of rules removed by a reload, to be marked stale at the next evaluation (Prometheus's `staleSeries`).
    public var staleSeries: [Labels]
    /// The evaluation time of the last evaluation.
    public var lastEvaluation: Timestamp?
    /// Wall-clock duration of the last evaluation.
    public var evaluationDuration: Duration
    /// Sum of the rules' durations in the last evaluation.
    public var ruleEvaluationDurationSum: Duration

    /// The state of a group never evaluated. `restored: false` holds back the alert series until
    /// `GroupEvaluation.restoreForState` has run, as Prometheus does on startup; rules loaded later start
    /// restored.
    public init(for group: RuleGroup, restored: Bool = true) {
        rules = group.rules.map { rule in
            switch rule {
            case .alerting: RuleState(alerting: AlertingRuleState(restored: restored))
            case .recording: RuleState()
            }
        }
        staleSeries = []
        lastEvaluation = nil
        evaluationDuration = .zero
        ruleEvaluationDurationSum = .zero
    }

    /// Every series the group wrote at its last evaluation, sorted: what must be marked stale when the
    /// group is removed (Prometheus does so two intervals after the group stops).
    public var seriesToMarkStaleOnRemoval: [Labels] {
        (rules.flatMap(\.seriesInPreviousEval) + staleSeries).sorted()
    }
}
