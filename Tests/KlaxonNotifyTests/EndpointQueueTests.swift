import KlaxonModel
import Testing
@testable import KlaxonNotify

@Suite struct EndpointQueueTests {
    let policy = RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(10))

    func alerts(_ prefix: String, _ count: Int) -> [NotificationAlert] {
        (0..<count).map { alert("\(prefix)\($0)") }
    }

    @Test("a full queue drops the oldest alerts and says how many")
    func dropOldest() {
        var queue = EndpointQueue(capacity: 5, batching: .upTo(256))
        #expect(queue.append(alerts("a", 3), at: 0) == 0)
        #expect(queue.append(alerts("b", 4), at: 1) == 2)
        #expect(queue.entries.map(\.alert.name) == ["a2", "b0", "b1", "b2", "b3"])
        #expect(queue.append(alerts("c", 7), at: 2) == 7)
        #expect(queue.entries.map(\.alert.name) == ["c2", "c3", "c4", "c5", "c6"])
    }

    @Test("the batch in flight is never dropped; newer alerts make room behind it")
    func inFlightProtected() {
        var queue = EndpointQueue(capacity: 4, batching: .upTo(3))
        _ = queue.append(alerts("a", 4), at: 0)
        let batch = queue.beginAttempt(at: 0)
        #expect(batch?.map(\.alert.name) == ["a0", "a1", "a2"])
        #expect(queue.append(alerts("b", 2), at: 1) == 2)
        #expect(queue.entries.map(\.alert.name) == ["a0", "a1", "a2", "b1"])
        #expect(queue.finishAttempt(.success, at: 2, policy: policy, jitter: { $0 }) == .delivered(count: 3))
        #expect(queue.entries.map(\.alert.name) == ["b1"])
    }

    @Test("webhook batching takes one enqueue call at a time")
    func oneEnqueueCall() {
        var queue = EndpointQueue(capacity: 100, batching: .oneEnqueueCall)
        _ = queue.append(alerts("a", 2), at: 0)
        _ = queue.append(alerts("b", 3), at: 5)
        #expect(queue.beginAttempt(at: 10)?.map(\.alert.name) == ["a0", "a1"])
        #expect(queue.beginAttempt(at: 10) == nil)  // one in flight at a time
        _ = queue.finishAttempt(.success, at: 10, policy: policy, jitter: { $0 })
        let next = queue.beginAttempt(at: 10)
        #expect(next?.map(\.alert.name) == ["b0", "b1", "b2"])
        #expect(next?.allSatisfy { $0.enqueuedAt == 5 } == true)
    }

    @Test("failures back off, then a spent cycle keeps the batch and pauses for max_backoff")
    func retryCycle() {
        var queue = EndpointQueue(capacity: 10, batching: .upTo(256))
        _ = queue.append(alerts("a", 2), at: 0)
        _ = queue.beginAttempt(at: 0)
        #expect(queue.finishAttempt(.retryableFailure, at: 0, policy: policy, jitter: { $0 }) == .retryScheduled(count: 2, failedAttempts: 1, at: 1000))
        #expect(queue.beginAttempt(at: 999) == nil)
        #expect(queue.nextDue == 1000)
        _ = queue.beginAttempt(at: 1000)
        #expect(queue.finishAttempt(.retryableFailure, at: 1000, policy: policy, jitter: { $0 }) == .retryScheduled(count: 2, failedAttempts: 2, at: 3000))
        _ = queue.beginAttempt(at: 3000)
        #expect(queue.finishAttempt(.retryableFailure, at: 3000, policy: policy, jitter: { $0 }) == .exhausted(count: 2, at: 13000))
        #expect(queue.count == 2)
        _ = queue.beginAttempt(at: 13000)
        #expect(queue.finishAttempt(.retryableFailure, at: 13000, policy: policy, jitter: { $0 }) == .retryScheduled(count: 2, failedAttempts: 1, at: 14000))
    }

    @Test("a rejected batch leaves the queue; a cancelled one stays untouched")
    func rejectAndCancel() {
        var queue = EndpointQueue(capacity: 10, batching: .upTo(1))
        _ = queue.append(alerts("a", 2), at: 0)
        _ = queue.beginAttempt(at: 0)
        #expect(queue.finishAttempt(.cancelled, at: 0, policy: policy, jitter: { $0 }) == .abandoned)
        #expect(queue.count == 2)
        #expect(queue.nextDue == Timestamp.min)
        _ = queue.beginAttempt(at: 0)
        #expect(queue.finishAttempt(.permanentFailure, at: 0, policy: policy, jitter: { $0 }) == .rejected(count: 1))
        #expect(queue.entries.map(\.alert.name) == ["a1"])
    }

    @Test("restored alerts go before waiting ones and keep their grouping")
    func restore() {
        var queue = EndpointQueue(capacity: 4, batching: .oneEnqueueCall)
        _ = queue.append(alerts("new", 1), at: 100)
        let restored = [
            QueuedAlert(alert: alert("old0"), batch: 7, enqueuedAt: 1),
            QueuedAlert(alert: alert("old1"), batch: 7, enqueuedAt: 1),
            QueuedAlert(alert: alert("old2"), batch: 9, enqueuedAt: 2),
            QueuedAlert(alert: alert("old3"), batch: 9, enqueuedAt: 2),
        ]
        #expect(queue.restore(restored) == 1)
        #expect(queue.entries.map(\.alert.name) == ["old1", "old2", "old3", "new0"])
        #expect(queue.beginAttempt(at: 0)?.map(\.alert.name) == ["old1"])
        _ = queue.finishAttempt(.success, at: 0, policy: policy, jitter: { $0 })
        #expect(queue.beginAttempt(at: 0)?.map(\.alert.name) == ["old2", "old3"])
    }
}
