public import KlaxonModel

/// The state of an alert instance, or (`unknown`) of an alerting rule not yet evaluated.
/// Ordered as Prometheus orders them: unknown < inactive < pending < firing.
public enum AlertState: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    case unknown, inactive, pending, firing

    /// `unknown`, `inactive`, `pending`, `firing`: the spelling of the HTTP API and the `alertstate` label.
    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .inactive: "inactive"
        case .pending: "pending"
        case .firing: "firing"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One alert instance: one label set of one alerting rule (Prometheus's `rules.Alert`).
/// Times are optional where Prometheus uses Go's zero time for "never", because `0` is a valid timestamp.
public struct Alert: Sendable, Equatable {
    public var state: AlertState
    /// Result labels without `__name__`, plus the rule's expanded labels and `alertname`.
    public var labels: Labels
    /// Expanded annotations, sorted by name; empty values are kept, as Prometheus keeps them.
    public var annotations: [Label]
    /// The value of the alert's sample at the last evaluation it was present in.
    public var value: Double
    /// When the condition started holding (the evaluation that created the alert).
    public var activeAt: Timestamp
    public var firedAt: Timestamp?
    /// Set when a firing alert stops firing; the alert is then `inactive` and kept for `resolvedRetention`.
    public var resolvedAt: Timestamp?
    public var lastSentAt: Timestamp?
    /// The `endsAt` sent with a still-active alert: send time + 4 × max(resend delay, group interval).
    public var validUntil: Timestamp?
    /// When the condition stopped holding while `keep_firing_for` keeps the alert firing.
    public var keepFiringSince: Timestamp?

    public init(
        state: AlertState, labels: Labels, annotations: [Label] = [], value: Double, activeAt: Timestamp,
        firedAt: Timestamp? = nil, resolvedAt: Timestamp? = nil, lastSentAt: Timestamp? = nil,
        validUntil: Timestamp? = nil, keepFiringSince: Timestamp? = nil
    ) {
        self.state = state
        self.labels = labels
        self.annotations = annotations
        self.value = value
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.lastSentAt = lastSentAt
        self.validUntil = validUntil
        self.keepFiringSince = keepFiringSince
    }

    public static func == (a: Alert, b: Alert) -> Bool {
        a.state == b.state && a.labels == b.labels && a.annotations == b.annotations
            && a.value.bitPattern == b.value.bitPattern && a.activeAt == b.activeAt && a.firedAt == b.firedAt
            && a.resolvedAt == b.resolvedAt && a.lastSentAt == b.lastSentAt && a.validUntil == b.validUntil
            && a.keepFiringSince == b.keepFiringSince
    }

    /// How long a resolved alert is kept (and re-sent) after it stops firing: 15 minutes.
    public static let resolvedRetention: Int64 = 15 * 60 * 1000

    /// What one evaluation did to an alert that was already known.
    public enum Step: Sendable, Equatable {
        /// Pending or firing: counts towards the rule's limit and produces `ALERTS` samples.
        case active
        /// Resolved and kept for re-sending; no samples.
        case inactive
        /// Forget the alert (a pending alert whose condition stopped, or a resolved one past retention).
        case remove
    }

    /// Prometheus's per-alert transition in `AlertingRule.Eval`. `present` says whether the alert's label set
    /// is in this evaluation's result; `ts` is the evaluation time.
    public mutating func step(present: Bool, at ts: Timestamp, holdDuration: Int64, keepFiringFor: Int64) -> Step {
        if present {
            keepFiringSince = nil
        } else {
            var keepFiring = false
            if state == .firing && keepFiringFor > 0 {
                let since = keepFiringSince ?? ts
                keepFiringSince = since
                keepFiring = ts.subtractingSaturated(since) < keepFiringFor
            }
            var remove = state == .pending
            if let resolvedAt, ts.subtractingSaturated(resolvedAt) > Alert.resolvedRetention { remove = true }
            if state != .inactive && !keepFiring {
                state = .inactive
                resolvedAt = ts
            }
            if remove { return .remove }
            if !keepFiring { return .inactive }
        }
        let heldFor = ts.subtractingSaturated(activeAt)
        if state == .pending && heldFor >= holdDuration {
            state = .firing
            firedAt = ts
        }
        // A reload raised `for:` above the time already spent active: back to pending.
        if state == .firing && heldFor < holdDuration {
            state = .pending
            firedAt = nil
            lastSentAt = nil
            keepFiringSince = nil
        }
        return .active
    }

    /// Prometheus's `needsSending`: never while pending; at once after resolving; otherwise when the
    /// last send is more than `resendDelay` ago.
    public func needsSending(at ts: Timestamp, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        guard let lastSentAt else { return true }
        if let resolvedAt, resolvedAt > lastSentAt { return true }
        return lastSentAt.addingSaturated(resendDelay) < ts
    }
}
