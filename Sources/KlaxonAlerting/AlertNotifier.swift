public import KlaxonModel
public import KlaxonRules

/// Where an `AlertingEngine` delivers alerts: a KlaxonNotify dispatcher, a `LoggingAlertNotifier`, a closure
/// (`ClosureAlertNotifier`), anything that conforms.
///
/// The engine calls `send` once per alerting rule with something to send, right after the rule's group has
/// been evaluated, with Prometheus's resend semantics already applied: a firing alert is sent when it starts
/// firing and again every resend delay (its `endsAt` then lies in the future), a resolved alert at once and
/// then every resend delay for 15 minutes (its `endsAt` is the time it resolved, not after `time`). Alerts
/// carry the engine's external labels.
///
/// `send` runs on the evaluation path: a notifier should hand the alerts over (enqueue) and return, as
/// Prometheus's notifier does, and do its slow work in `run()`.
public protocol AlertNotifier: Sendable {
    /// Delivers the alerts of one rule evaluated at `time`.
    func send(_ alerts: [NotifiableAlert], at time: Timestamp) async

    /// The notifier's long-running work (delivery queues, retries), run by `AlertingEngine.run()` next to
    /// the evaluation loops and cancelled once they have ended. The default does nothing and returns at once.
    func run() async throws

    /// Called once after `run()` has returned when the engine was stopped with `stop()` (not when it was
    /// cancelled): deliver what is still queued. The default does nothing.
    func flush() async
}

extension AlertNotifier {
    /// Nothing to run.
    public func run() async throws {}

    /// Nothing to flush.
    public func flush() async {}
}

extension NotifiableAlert {
    /// Whether the alert has resolved by `time` (its `endsAt` is not in the future), the test Alertmanager
    /// applies to tell firing from resolved alerts.
    public func isResolved(at time: Timestamp) -> Bool { endsAt <= time }
}

/// A notifier made of a closure: `ClosureAlertNotifier { alerts, time in … }`.
public struct ClosureAlertNotifier: AlertNotifier {
    private let body: @Sendable ([NotifiableAlert], Timestamp) async -> Void

    public init(_ body: @escaping @Sendable (_ alerts: [NotifiableAlert], _ time: Timestamp) async -> Void) {
        self.body = body
    }

    public func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {
        await body(alerts, time)
    }
}
