public import KlaxonModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of wall-clock time in Unix milliseconds (Klaxon's `Timestamp`), injected wherever a time is
/// stored or shown (created timestamps, uptime, health-check times) so tests can pin it.
public protocol WallClock: Sendable {
    /// The current time in Unix milliseconds.
    func now() -> Timestamp
}

/// The system's real-time clock (`clock_gettime(CLOCK_REALTIME)`).
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock that only moves when told to: for tests and for replaying.
public final class ManualWallClock: WallClock {
    private let current: Atomic<Int64>

    /// Starts at `time` (Unix milliseconds).
    public init(_ time: Timestamp = 0) { current = Atomic(time) }

    public func now() -> Timestamp { current.load(ordering: .relaxed) }

    /// Sets the time.
    public func set(_ time: Timestamp) { current.store(time, ordering: .relaxed) }

    /// Moves the time forward by `milliseconds`.
    public func advance(by milliseconds: Int64) { current.wrappingAdd(milliseconds, ordering: .relaxed) }
}
