import KlaxonModel
import KlaxonStorage

/// Drops samples older than the retention from the store, once a minute.
final class RetentionLoop: Sendable {
    let storage: MemoryStorage
    /// Milliseconds.
    let retention: Int64
    private let time: any TimeSource
    private let signal = LoopSignal()

    init(storage: MemoryStorage, retention: Int64, time: any TimeSource) {
        self.storage = storage
        self.retention = retention
        self.time = time
    }

    func stop() { signal.stop() }

    func truncate() {
        guard retention > 0 else { return }
        storage.truncate(before: time.now().subtractingSaturated(retention))
    }

    func run() async {
        while !signal.isStopped && !Task.isCancelled {
            truncate()
            if await signal.sleep(until: time.now().addingSaturated(60_000), time: time) == .stopped { break }
        }
    }
}
