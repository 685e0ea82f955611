import Synchronization

/// A one-way latch: `request()` wakes every task waiting in `wait()`, now and later. A waiting task that is
/// cancelled stops waiting. It is how `AlertingEngine.stop()` reaches loops parked in a sleep.
final class ShutdownSignal: Sendable {
    private struct State {
        var requested = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    var isRequested: Bool { state.withLock { $0.requested } }

    func request() {
        let waiters = state.withLock { s in
            s.requested = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `request()` has been called, or when the task is cancelled.
    func wait() async {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s in
                    if s.requested || Task.isCancelled { return true }
                    s.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
