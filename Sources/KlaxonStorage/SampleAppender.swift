public import KlaxonModel
import Synchronization

/// Where samples are written: rule results, `ALERTS` series, test fixtures, scrapes. The in-memory store
/// conforms; a remote-write sender could too.
public protocol SampleAppender: Sendable {
    /// Appends `samples` in order, all of them becoming visible to readers at once. Samples that are
    /// rejected (out of order, duplicate, …) are reported; the others are stored.
    @discardableResult
    func append(_ samples: [Sample]) -> AppendReport
}

extension MemoryStorage: SampleAppender {
    @discardableResult
    public func append(_ samples: [Sample]) -> AppendReport {
        state.withLock { s in
            var report = AppendReport()
            for (i, sample) in samples.enumerated() {
                do throws(AppendError) {
                    let id = try s.getOrCreate(sample.labels)
                    try s.append(Int(id), t: sample.t, v: sample.v)
                } catch {
                    let ref = s.lookup(sample.labels).map { s.ref($0) } ?? SeriesRef(id: .max, epoch: s.epoch)
                    report.failures.append(AppendFailure(index: i, ref: ref, t: sample.t, error: error))
                }
            }
            report.appended = samples.count - report.failures.count
            return report
        }
    }
}
