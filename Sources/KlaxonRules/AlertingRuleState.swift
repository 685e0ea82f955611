public import KlaxonModel

/// What an alerting rule remembers between evaluations: its alert instances, keyed by their label set
/// (Prometheus keys them by the label set's hash; the label set itself cannot collide), and whether the
/// `for` state has been restored (only then are `ALERTS`/`ALERTS_FOR_STATE` samples written).
public struct AlertingRuleState: Sendable, Equatable {
    /// Pending and firing alerts, plus resolved ones kept for `Alert.resolvedRetention`.
    public var active: [Labels: Alert]
    /// False until `AlertRestoration` has run (or was not needed); Prometheus writes no alert series before.
    public var restored: Bool
    /// Whether the rule has been evaluated at least once (otherwise its state is `unknown`).
    public var evaluated: Bool
    /// Alerts put back from a daemon's saved state (`SavedAlertRestoration`) that keep their state, without
    /// stepping, while their condition is absent and the evaluation time is before `heldUntil`: after a
    /// restart the in-memory store is empty, so a `rate()` needs a few scrapes before the condition can hold
    /// again, and resolving (or forgetting) the alert in the meantime would announce it anew. An alert leaves
    /// the set the first time its condition is present; the set is emptied at `heldUntil`.
    public var held: Set<Labels>
    /// The end of the warm-up window for `held` (nil when nothing is held).
    public var heldUntil: Timestamp?

    public init(
        active: [Labels: Alert] = [:], restored: Bool = true, evaluated: Bool = false, held: Set<Labels> = [],
        heldUntil: Timestamp? = nil
    ) {
        self.active = active
        self.restored = restored
        self.evaluated = evaluated
        self.held = held
        self.heldUntil = heldUntil
    }

    /// The second half of Prometheus's `AlertingRule.Eval`: merge this evaluation's alerts (from
    /// `AlertingRule.alerts(from:…)`) into the known ones, step every alert through its transition and
    /// return the `ALERTS` and `ALERTS_FOR_STATE` samples, stamped `ts - queryOffset`, sorted by labels.
    /// When more than `limit` alerts are pending or firing, forgets every alert and throws
    /// `exceeded limit of N with M alerts`.
    public mutating func update(
        with current: [Labels: Alert], rule: AlertingRule, at ts: Timestamp, queryOffset: Int64 = 0, limit: Int = 0
    ) throws(RuleEvaluationError) -> [Sample] {
        evaluated = true
        if let heldUntil, ts >= heldUntil {
            held = []
            self.heldUntil = nil
        }
        for (key, alert) in current {
            if var existing = active[key], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                active[key] = existing
            } else {
                active[key] = alert
            }
        }
        let sampleTime = ts.subtractingSaturated(queryOffset)
        var samples: [Sample] = []
        var activeCount = 0
        for key in active.keys.sorted() {
            guard var alert = active[key] else { continue }
            if current[key] == nil && held.contains(key) {
                // Warm-up after a restore: the alert stays as saved (see `held`).
                if alert.state != .inactive {
                    activeCount += 1
                    if restored {
                        samples.append(rule.alertsSample(for: alert, at: sampleTime))
                        samples.append(rule.forStateSample(for: alert, at: sampleTime))
                    }
                }
                continue
            }
            held.remove(key)
            let step = alert.step(
                present: current[key] != nil, at: ts, holdDuration: rule.holdDuration,
                keepFiringFor: rule.keepFiringFor)
            switch step {
            case .remove:
                active[key] = nil
            case .inactive:
                active[key] = alert
            case .active:
                active[key] = alert
                activeCount += 1
                if restored {
                    samples.append(rule.alertsSample(for: alert, at: sampleTime))
                    samples.append(rule.forStateSample(for: alert, at: sampleTime))
                }
            }
        }
        if limit > 0 && activeCount > limit {
            active = [:]
            throw RuleEvaluationError(.limitExceeded, "exceeded limit of \(limit) with \(activeCount) alerts")
        }
        return samples
    }

    /// Prometheus's `sendAlerts`: the alerts that need sending at `ts` (see `Alert.needsSending`), with
    /// `lastSentAt = ts` and `validUntil = ts + 4 × max(groupInterval, resendDelay)` recorded. Sorted by labels.
    public mutating func alertsToSend(at ts: Timestamp, resendDelay: Int64, groupInterval: Int64) -> [Alert] {
        var out: [Alert] = []
        let validFor = Swift.max(groupInterval, resendDelay).multipliedSaturated(by: 4)
        for key in active.keys.sorted() {
            guard var alert = active[key], alert.needsSending(at: ts, resendDelay: resendDelay) else { continue }
            alert.lastSentAt = ts
            alert.validUntil = ts.addingSaturated(validFor)
            active[key] = alert
            out.append(alert)
        }
        return out
    }

    /// Alerts that are pending or firing (Prometheus's `ActiveAlerts`: not resolved), sorted by labels.
    public var activeAlerts: [Alert] {
        active.keys.sorted().compactMap { key in active[key].flatMap { $0.resolvedAt == nil ? $0 : nil } }
    }

    /// The rule's state: the highest state of its alerts; `unknown` before the first evaluation.
    public var ruleState: AlertState {
        guard evaluated else { return .unknown }
        return active.values.map(\.state).max().map { Swift.max($0, .inactive) } ?? .inactive
    }
}
