public import KlaxonEngine
public import KlaxonModel

/// What evaluating one rule did.
public struct RuleEvaluationOutcome: Sendable {
    /// Index of the rule in its group.
    public var ruleIndex: Int
    /// The samples this rule wrote, staleness markers included, in write order.
    public var samples: [Sample]
    /// The error that made the rule unhealthy, if any (query, limit, duplicate labels or append conflict).
    public var error: RuleEvaluationError?
    /// Alerts to hand to the notifier (alerting rules only).
    public var alertsToSend: [NotifiableAlert]
    /// Warnings from the query; they never fail the rule.
    public var annotations: Annotations
    /// Wall-clock time the rule took.
    public var duration: Duration

    public init(
        ruleIndex: Int, samples: [Sample] = [], error: RuleEvaluationError? = nil, alertsToSend: [NotifiableAlert] = [],
        annotations: Annotations = Annotations(), duration: Duration = .zero
    ) {
        self.ruleIndex = ruleIndex
        self.samples = samples
        self.error = error
        self.alertsToSend = alertsToSend
        self.annotations = annotations
        self.duration = duration
    }
}

/// The outcome of `GroupEvaluation.evaluate`: the next state plus everything the caller must act on.
public struct GroupEvaluationResult: Sendable {
    /// The group state to pass to the next evaluation.
    public var state: RuleGroupState
    /// Every sample to append to storage, in order (results, `ALERTS`/`ALERTS_FOR_STATE`, staleness markers),
    /// already checked for duplicate timestamps within the evaluation.
    public var samples: [Sample]
    /// One entry per evaluated rule, in group order.
    public var outcomes: [RuleEvaluationOutcome]
    /// True when the task was cancelled before every rule ran; `state` reflects the rules that did run.
    public var wasCancelled: Bool

    public init(state: RuleGroupState, samples: [Sample], outcomes: [RuleEvaluationOutcome], wasCancelled: Bool) {
        self.state = state
        self.samples = samples
        self.outcomes = outcomes
        self.wasCancelled = wasCancelled
    }

    /// All alerts to send, rule by rule.
    public var alertsToSend: [NotifiableAlert] { outcomes.flatMap(\.alertsToSend) }

    /// Sends each rule's alerts to `sink`, one call per rule with something to send, as Prometheus does.
    public func deliver(to sink: some AlertSink) async {
        for outcome in outcomes where !outcome.alertsToSend.isEmpty {
            await sink.send(outcome.alertsToSend)
        }
    }
}
