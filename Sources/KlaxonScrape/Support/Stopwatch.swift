public import KlaxonModel

/// Measures how long a scrape takes (`scrape_duration_seconds`). The default reads the monotonic clock at
/// nanosecond resolution; tests use `timeSource(_:)` so durations follow a `ManualTimeSource`.
public struct Stopwatch: Sendable {
    let read: @Sendable () -> Duration

    public init(read: @escaping @Sendable () -> Duration) { self.read = read }

    /// The process's monotonic clock.
    public static var continuous: Stopwatch {
        let clock = ContinuousClock()
        let origin = clock.now
        return Stopwatch { clock.now - origin }
    }

    /// Millisecond readings of a `TimeSource`.
    public static func timeSource(_ time: any TimeSource) -> Stopwatch {
        Stopwatch { .milliseconds(time.now()) }
    }

    /// The current reading.
    public func now() -> Duration { read() }
}
