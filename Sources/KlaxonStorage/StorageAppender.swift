public import KlaxonModel
import Synchronization

/// Collects samples (a scrape, or one rule group's output) and applies them in one critical section on
/// `commit()`, so readers see all of them or none (Prometheus's `Appender` with `Commit`/`Rollback`).
/// Samples are checked when committed; rejected ones are reported in the `AppendReport`, the others land.
/// Series named by labels are created at `append` time, as Prometheus does; if the batch is rolled back they
/// stay empty and a later `truncate` removes them.
public struct StorageAppender: Sendable {
    struct Pending: Sendable {
        var ref: SeriesRef
        var t: Timestamp
        var v: Double
    }

    let storage: MemoryStorage
    private var pending: [Pending] = []

    init(storage: MemoryStorage) { self.storage = storage }

    /// Samples waiting for `commit()`.
    public var count: Int { pending.count }

    /// Reserves room for `n` more samples.
    public mutating func reserveCapacity(_ n: Int) { pending.reserveCapacity(pending.count + n) }

    /// Queues a sample for the series `ref` names.
    public mutating func append(_ ref: SeriesRef, t: Timestamp, v: Double) {
        pending.append(Pending(ref: ref, t: t, v: v))
    }

    /// Queues a sample for the series with these labels (created now if missing); returns its reference.
    @discardableResult
    public mutating func append(_ labels: Labels, t: Timestamp, v: Double) throws(AppendError) -> SeriesRef {
        let ref = try storage.seriesRef(for: labels)
        pending.append(Pending(ref: ref, t: t, v: v))
        return ref
    }

    /// Queues a staleness marker.
    public mutating func appendStaleMarker(_ ref: SeriesRef, t: Timestamp) {
        append(ref, t: t, v: StaleMarker.value)
    }

    /// Applies every queued sample, in order, atomically with respect to readers; empties the batch.
    @discardableResult
    public mutating func commit() -> AppendReport {
        let batch = pending
        pending = []
        return storage.state.withLock { s in
            var report = AppendReport()
            for (i, sample) in batch.enumerated() {
                do throws(AppendError) {
                    try s.append(try s.index(of: sample.ref), t: sample.t, v: sample.v)
                } catch {
                    report.failures.append(AppendFailure(index: i, ref: sample.ref, t: sample.t, error: error))
                }
            }
            report.appended = batch.count - report.failures.count
            return report
        }
    }

    /// Drops every queued sample.
    public mutating func rollback() { pending = [] }
}

/// What a commit did.
public struct AppendReport: Sendable, Equatable {
    /// Samples accepted (exact repeats of the newest sample count as accepted, as in Prometheus).
    public var appended = 0
    /// Samples rejected, in batch order.
    public var failures: [AppendFailure] = []

    public init() {}
}

/// One rejected sample of a batch.
public struct AppendFailure: Sendable, Equatable {
    /// Position of the sample in the batch.
    public var index: Int
    public var ref: SeriesRef
    public var t: Timestamp
    public var error: AppendError
}
