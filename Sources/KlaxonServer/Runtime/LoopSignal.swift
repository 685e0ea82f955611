public import KlaxonModel
import Synchronization

/// Wakes a sleeping loop: `stop()` ends it for good (graceful shutdown: the loop finishes what it is doing and
/// returns), `wake()` makes its current or next sleep return early (a reload changed the schedule).
///
/// Loops never get cancelled for a graceful shutdown: they check `isStopped` between units of work, so an
/// evaluation or a scrape in progress completes. Cancellation still ends a sleep (the service group's hard stop).
public final class LoopSignal: Sendable {
    /// Why `sleep(until:time:)` returned.
    public enum WakeReason: Sendable, Equatable {
        case deadline
        case woken
        case stopped
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<WakeReason, Never>
    }

    private struct State {
        var stopped = false
        var pendingWake = false
        var nextID: UInt64 = 0
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// True once `stop()` was called.
    public var isStopped: Bool { state.withLock { $0.stopped } }

    /// Ends every current and future sleep with `.stopped`.
    public func stop() {
        let waiters = state.withLock { s -> [Waiter] in
            s.stopped = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: .stopped) }
    }

    /// Ends the current sleep with `.woken`, or the next one if nobody sleeps now.
    public func wake() {
        let waiters = state.withLock { s -> [Waiter] in
            if s.waiters.isEmpty { s.pendingWake = true }
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: .woken) }
    }

    /// Sleeps until `deadline` on `time`, or until `stop()`/`wake()`. Cancellation ends it with `.stopped`.
    public func sleep(until deadline: Timestamp, time: any TimeSource) async -> WakeReason {
        if let immediate = consumePending() { return immediate }
        return await withTaskGroup(of: WakeReason.self) { group in
            group.addTask {
                do {
                    try await time.sleep(until: deadline)
                    return .deadline
                } catch {
                    return .stopped  // cancelled: either the other child won or the whole task is going away
                }
            }
            group.addTask { await self.waitForSignal() }
            let first = await group.next() ?? .stopped
            group.cancelAll()
            return Task.isCancelled ? .stopped : first
        }
    }

    /// Waits for the next `wake()` or `stop()` (or cancellation, reported as `.stopped`).
    public func wait() async -> WakeReason {
        await waitForSignal()
    }

    /// Waits for `stop()` alone (a service with nothing to do but outlive the others).
    public func waitUntilStopped() async {
        while true {
            if await waitForSignal() == .stopped || Task.isCancelled { return }
        }
    }

    private func consumePending() -> WakeReason? {
        state.withLock { s in
            if s.stopped { return .stopped }
            if s.pendingWake {
                s.pendingWake = false
                return .woken
            }
            return nil
        }
    }

    private func waitForSignal() async -> WakeReason {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WakeReason, Never>) in
                let immediate = state.withLock { s -> WakeReason? in
                    if s.stopped { return .stopped }
                    if s.pendingWake {
                        s.pendingWake = false
                        return .woken
                    }
                    if Task.isCancelled { return .stopped }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i)
            }
            waiter?.continuation.resume(returning: .stopped)
        }
    }
}
