import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time and sleeping, injected everywhere Klaxon waits (rule groups, scrapes, retries), so tests
/// drive time by hand with `ManualTimeSource` instead of sleeping.
public protocol TimeSource: Sendable {
    /// The current time.
    func now() -> Timestamp
    /// Suspends until `now() >= deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Timestamp) async throws
}

extension TimeSource {
    /// Suspends for `milliseconds` from now.
    public func sleep(milliseconds: Int64) async throws {
        try await sleep(until: now() + milliseconds)
    }
}

/// The real clock: the system's wall clock and `Task.sleep`.
public struct SystemTimeSource: TimeSource {
    public init() {}

    public func now() -> Timestamp {
        SystemTimeSource.unixMilliseconds()
    }

    public func sleep(until deadline: Timestamp) async throws {
        let remaining = deadline - now()
        if remaining > 0 { try await Task.sleep(for: .milliseconds(remaining)) }
        try Task.checkCancellation()
    }

    /// Milliseconds since the Unix epoch from `clock_gettime(CLOCK_REALTIME)`.
    static func unixMilliseconds() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(spec.tv_sec) * 1000 + Timestamp(spec.tv_nsec) / 1_000_000
    }
}

/// A clock that moves only when a test calls `advance(to:)`/`advance(by:)`; sleepers whose deadline has
/// passed are resumed in deadline order.
public final class ManualTimeSource: TimeSource {
    private struct Sleeper {
        var deadline: Timestamp
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Timestamp
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let state: Mutex<State>

    public init(now: Timestamp = 0) {
        state = Mutex(State(now: now))
    }

    public func now() -> Timestamp { state.withLock { $0.now } }

    /// Number of tasks currently sleeping on this clock (lets tests wait until a loop is parked).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Timestamp) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.now >= deadline || Task.isCancelled { return true }
                    s.sleepers.append(Sleeper(deadline: deadline, id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Moves the clock forward to `time` (never backwards) and wakes every sleeper due by then.
    public func advance(to time: Timestamp) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = Swift.max(s.now, time)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the clock forward by `milliseconds`.
    public func advance(by milliseconds: Int64) {
        advance(to: now() + milliseconds)
    }
}
