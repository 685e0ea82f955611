/// A group with its evaluation state, as a rule manager holds it.
public struct LoadedRuleGroup: Sendable, Equatable {
    public var group: RuleGroup
    public var state: RuleGroupState
    /// True until `GroupEvaluation.restoreForState` has run for a group that needs it (Prometheus restores
    /// after the group's second evaluation).
    public var needsRestore: Bool

    public init(group: RuleGroup, state: RuleGroupState, needsRestore: Bool = false) {
        self.group = group
        self.state = state
        self.needsRestore = needsRestore
    }
}

/// Prometheus's `Manager.Update` as a function: which groups keep running untouched, which start with state
/// carried over from the group of the same file and name, which are new and which are gone.
public enum RuleReload {
    /// The outcome of a reload.
    public struct Plan: Sendable {
        /// The groups to run from now on, in the order given, each with the state it starts from.
        public var groups: [LoadedRuleGroup]
        /// Keys of groups whose definition did not change and keep running as they were.
        public var unchanged: Set<String>
        /// Groups no longer configured. Prometheus writes staleness markers for
        /// `state.seriesToMarkStaleOnRemoval` two intervals later (unless shutting down).
        public var removed: [LoadedRuleGroup]
    }

    /// Plans a reload. `isFirstLoad` (or `restoreNewGroups`, Prometheus's `RestoreNewRuleGroups`) makes new
    /// and changed groups hold back alert series until their `for` state is restored.
    public static func plan(
        current: [LoadedRuleGroup], new groups: [RuleGroup], isFirstLoad: Bool, restoreNewGroups: Bool = false
    ) -> Plan {
        let shouldRestore = isFirstLoad || restoreNewGroups
        var old: [String: LoadedRuleGroup] = [:]
        for loaded in current { old[loaded.group.key] = loaded }
        var plan = Plan(groups: [], unchanged: [], removed: [])
        for group in groups {
            guard let previous = old.removeValue(forKey: group.key) else {
                plan.groups.append(LoadedRuleGroup(
                    group: group, state: RuleGroupState(for: group, restored: !shouldRestore),
                    needsRestore: shouldRestore))
                continue
            }
            if previous.group == group {
                plan.groups.append(previous)
                plan.unchanged.insert(group.key)
                continue
            }
            let state = RuleGroupState.carryingOver(
                from: previous.state, of: previous.group, to: group, restored: !shouldRestore)
            plan.groups.append(LoadedRuleGroup(group: group, state: state, needsRestore: shouldRestore))
        }
        plan.removed = current.filter { old[$0.group.key] != nil }
        return plan
    }
}
