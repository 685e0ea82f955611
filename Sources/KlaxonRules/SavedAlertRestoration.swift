public import KlaxonModel

/// One pending or firing alert as a daemon saves it between restarts: the whole `Alert` (not only the
/// `activeAt` that `ALERTS_FOR_STATE` carries), which group and rule it belongs to, and when it was saved
/// (the group's last evaluation).
public struct SavedAlert: Sendable, Equatable {
    /// `RuleGroup.key` (file and group name).
    public var groupKey: String
    /// The group's name (to find the group again when its file moved).
    public var groupName: String
    /// The alerting rule's name.
    public var rule: String
    /// The rule's index in its group when saved (to tell apart rules that share a name).
    public var ruleIndex: Int
    public var alert: Alert
    public var savedAt: Timestamp

    public init(groupKey: String, groupName: String, rule: String, ruleIndex: Int, alert: Alert, savedAt: Timestamp) {
        self.groupKey = groupKey
        self.groupName = groupName
        self.rule = rule
        self.ruleIndex = ruleIndex
        self.alert = alert
        self.savedAt = savedAt
    }

    /// Every pending and firing alert of `groups`, stamped with each group's last evaluation.
    public static func collect(from groups: [LoadedRuleGroup]) -> [SavedAlert] {
        var saved: [SavedAlert] = []
        for loaded in groups {
            let t = loaded.state.lastEvaluation ?? 0
            for (index, rule) in loaded.group.rules.enumerated() where index < loaded.state.rules.count {
                guard case .alerting = rule, let state = loaded.state.rules[index].alerting else { continue }
                for alert in state.activeAlerts where alert.state == .pending || alert.state == .firing {
                    saved.append(
                        SavedAlert(
                            groupKey: loaded.group.key, groupName: loaded.group.name, rule: rule.name, ruleIndex: index, alert: alert, savedAt: t))
                }
            }
        }
        return saved
    }
}

/// Puts a daemon's saved alerts back after a restart, so that nothing a receiver was told is lost or repeated:
/// - a **pending** alert keeps its `activeAt` and fires at its original time if its condition still holds;
/// - a **firing** alert keeps `firedAt`, `lastSentAt` and `validUntil`: it is not announced again as new, and
///   is re-sent on its usual resend schedule with the same `startsAt`.
///
/// Prometheus's two restart rules still apply: state saved more than `outageTolerance` before the restart is
/// dropped (the alerts start over), and for a rule whose `for` is at least `forGracePeriod`, a pending alert
/// never fires sooner than `forGracePeriod` after the restart.
///
/// This differs from Prometheus's `RestoreForState` (see `AlertRestoration`) on purpose: Prometheus reads
/// only `activeAt` back from its TSDB, does not count the outage toward `for`, and leaves rules with a short
/// `for` alone, so after a restart a short-`for` alert starts its `for` over and a firing alert is sent with a
/// new `startsAt`. Klaxon's daemon saves the whole alert at every evaluation, so it can restore it exactly.
///
/// Because the daemon's store is in memory, conditions need a few scrapes to hold again: restored alerts
/// whose condition is absent are held unchanged until `heldUntil` (see `AlertingRuleState.held`); after that
/// the usual rules apply (a pending alert is forgotten, a firing one resolves and is sent as resolved).
public enum SavedAlertRestoration {
    /// Points entries whose group key is no longer loaded at the one loaded group of the same name, if there
    /// is exactly one (the rule file was moved or renamed).
    public static func rebase(_ saved: [SavedAlert], onto groups: [RuleGroup]) -> [SavedAlert] {
        let keys = Set(groups.map(\.key))
        var byName: [String: [String]] = [:]
        for group in groups { byName[group.name, default: []].append(group.key) }
        return saved.map { entry in
            guard !keys.contains(entry.groupKey), let candidates = byName[entry.groupName], candidates.count == 1
            else { return entry }
            var moved = entry
            moved.groupKey = candidates[0]
            return moved
        }
    }

    /// Returns `loaded` with the saved alerts of its group put back (matched by rule, then by labels), and how
    /// many were restored. Alerts of rules that no longer exist, or saved too long ago, are skipped.
    public static func restore(
        _ saved: [SavedAlert], into loaded: LoadedRuleGroup, at now: Timestamp, heldUntil: Timestamp,
        options: RuleEvaluationOptions
    ) -> (group: LoadedRuleGroup, restored: Int) {
        var loaded = loaded
        var count = 0
        for entry in saved where entry.groupKey == loaded.group.key {
            guard now.subtractingSaturated(entry.savedAt) <= options.outageTolerance,
                let index = ruleIndex(for: entry, in: loaded.group), index < loaded.state.rules.count,
                case .alerting(let rule) = loaded.group.rules[index],
                var state = loaded.state.rules[index].alerting
            else { continue }
            var alert = entry.alert
            if alert.state == .pending && rule.holdDuration >= options.forGracePeriod {
                let earliest = now.addingSaturated(options.forGracePeriod).subtractingSaturated(rule.holdDuration)
                alert.activeAt = Swift.max(alert.activeAt, earliest)
            }
            state.active[alert.labels] = alert
            state.held.insert(alert.labels)
            state.heldUntil = heldUntil
            loaded.state.rules[index].alerting = state
            count += 1
        }
        return (loaded, count)
    }

    /// The index of the saved alert's rule: the same index if the name still matches there, else the first
    /// alerting rule of that name.
    static func ruleIndex(for entry: SavedAlert, in group: RuleGroup) -> Int? {
        if entry.ruleIndex >= 0, entry.ruleIndex < group.rules.count,
            case .alerting(let rule) = group.rules[entry.ruleIndex], rule.name == entry.rule
        {
            return entry.ruleIndex
        }
        return group.rules.firstIndex { rule in
            if case .alerting(let alerting) = rule { return alerting.name == entry.rule }
            return false
        }
    }
}
