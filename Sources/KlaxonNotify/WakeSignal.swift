import KlaxonModel
import Synchronization

/// A sticky wake-up flag for one waiting loop: `signal()` before `wait` makes the next `wait` return at once,
/// so a signal sent between "nothing to do" and "going to sleep" is never lost.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Wakes the waiters, or the next waiter if none is waiting.
    func signal() {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty {
                s.pending = true
                return []
            }
            let all = Array(s.waiters.values)
            s.waiters.removeAll()
            return all
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when signalled or when the task is cancelled (without throwing; callers check cancellation).
    func wait() async {
        let id = state.withLock { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.cancelled.remove(id) != nil { return true }
                    if s.pending {
                        s.pending = false
                        return true
                    }
                    s.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { s -> CheckedContinuation<Void, Never>? in
                if let waiting = s.waiters.removeValue(forKey: id) { return waiting }
                s.cancelled.insert(id)
                return nil
            }
            continuation?.resume()
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }

    /// Returns when signalled, when `deadline` (if any) has come on `time`, or when the task is cancelled.
    func wait(until deadline: Timestamp?, on time: any TimeSource) async {
        guard let deadline else {
            await wait()
            return
        }
        if state.withLock({ s -> Bool in
            guard s.pending else { return false }
            s.pending = false
            return true
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await time.sleep(until: deadline)
                } catch {
                    // Cancelled: either the signal won the race or the caller is being cancelled; the caller
                    // checks its own cancellation.
                }
            }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
