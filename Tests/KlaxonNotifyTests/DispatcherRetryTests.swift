import KlaxonMetrics
import KlaxonModel
import Synchronization
import Testing
@testable import KlaxonNotify

@Suite struct DispatcherRetryTests {
    let amURL = "http://am:9093/api/v2/alerts"

    func alertmanager(_ retry: RetryPolicy) -> NotifierConfiguration {
        NotifierConfiguration(alertmanagers: [AlertmanagerConfig(targets: ["am:9093"], retry: retry)])
    }

    @Test("retries follow exponential backoff with full jitter, then the cycle pauses for max_backoff")
    func backoffSchedule() async throws {
        let transport = RecordingTransport(status: 503)
        let time = ManualTimeSource(now: march1)
        let registry = MetricsRegistry()
        let policy = RetryPolicy(maxAttempts: 4, initialBackoff: .seconds(1), maxBackoff: .seconds(60))
        let dispatcher = makeDispatcher(
            alertmanager(policy), transport: transport, time: time, registry: registry, jitter: { $0 / 2 })
        dispatcher.enqueue([alert("A"), alert("B")])
        var attemptTimes: [Timestamp] = []
        var next = await dispatcher.pump()
        attemptTimes.append(time.now())
        while let due = next, attemptTimes.count < 6 {
            time.advance(to: due)
            next = await dispatcher.pump()
            attemptTimes.append(time.now())
        }
        // Delays: half of the ceilings 1s, 2s, 4s; then the 60s cycle pause; then the new cycle's 1s ceiling.
        #expect(attemptTimes.map { $0 - march1 } == [0, 500, 1500, 3500, 63_500, 64_000])
        #expect(transport.requests.count == 6)
        let probe = MetricsProbe(registry: registry, endpoint: amURL)
        #expect(probe.failed == 2)  // one spent cycle of a two-alert batch
        #expect(probe.queueLength == 2)
        #expect(probe.sent == 0 && probe.dropped == 0)
    }

    @Test("receiver down, then up: every alert is delivered exactly once, in order")
    func downThenUp() async throws {
        let receiver = ReceiverSwitch()
        let delivered = Delivered()
        let transport = RecordingTransport { _, request in
            guard receiver.isUp else { throw HTTPTransportError.connectionFailed("connection refused") }
            delivered.add(alertNames(inAlertmanagerBody: request))
            return HTTPResponse(status: 200)
        }
        let time = ManualTimeSource(now: march1)
        let registry = MetricsRegistry()
        let dispatcher = makeDispatcher(
            alertmanager(RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(1), maxBackoff: .seconds(5))),
            transport: transport, time: time, registry: registry)
        var expected: [String] = []
        for round in 0..<5 {
            let batch = (0..<100).map { alert("R\(round)-\($0)") }
            expected += batch.map(\.name)
            dispatcher.enqueue(batch)
            if let due = await dispatcher.pump() { time.advance(to: due) }
        }
        #expect(delivered.names.isEmpty)
        receiver.set(up: true)
        while let due = await dispatcher.pump() { time.advance(to: due) }
        #expect(delivered.names == expected)
        let probe = MetricsProbe(registry: registry, endpoint: amURL)
        #expect(probe.sent == 500)
        #expect(probe.dropped == 0)
        #expect(probe.queueLength == 0)
    }

    @Test("a full queue drops the oldest alerts, counts and keeps the newest")
    func queueBound() async throws {
        let receiver = ReceiverSwitch()
        let transport = RecordingTransport { _, _ in HTTPResponse(status: receiver.isUp ? 200 : 500) }
        let time = ManualTimeSource(now: march1)
        let registry = MetricsRegistry()
        var config = alertmanager(RetryPolicy(maxAttempts: 1, maxBackoff: .seconds(1)))
        config.queueCapacity = 10
        let dispatcher = makeDispatcher(config, transport: transport, time: time, registry: registry)
        dispatcher.enqueue((0..<8).map { alert("old\($0)") })
        await dispatcher.pump()  // fails: the 8 stay queued
        dispatcher.enqueue((0..<17).map { alert("new\($0)") })
        let probe = MetricsProbe(registry: registry, endpoint: amURL)
        #expect(probe.dropped == 15)
        #expect(probe.queueLength == 10)
        #expect(probe.queueCapacity == 10)
        receiver.set(up: true)
        time.advance(by: 1000)
        await dispatcher.pump()
        let last = try #require(transport.requests.last)
        #expect(alertNames(inAlertmanagerBody: last) == (7..<17).map { "new\($0)" })
        #expect(probe.sent == 10)
    }

    @Test(
        "4xx answers other than 408 and 429 reject the batch for good; the others are retried",
        arguments: [(400, false), (404, false), (408, true), (429, true), (500, true), (302, true)])
    func statusClasses(status: Int, retried: Bool) async throws {
        let transport = RecordingTransport(status: status)
        let registry = MetricsRegistry()
        let dispatcher = makeDispatcher(
            alertmanager(RetryPolicy(maxAttempts: 1)), transport: transport, registry: registry)
        dispatcher.enqueue([alert("A"), alert("B"), alert("C")])
        await dispatcher.pump()
        let probe = MetricsProbe(registry: registry, endpoint: amURL)
        #expect(probe.failed == 3)
        #expect(probe.dropped == (retried ? 0 : 3))
        #expect(dispatcher.pendingCount == (retried ? 3 : 0))
    }

    @Test("shutdown flush tries at once, cuts the timeout to the deadline and reports what is left")
    func flush() async throws {
        let receiver = ReceiverSwitch()
        let transport = RecordingTransport { _, _ in HTTPResponse(status: receiver.isUp ? 200 : 503) }
        let time = ManualTimeSource(now: march1)
        let dispatcher = makeDispatcher(
            alertmanager(RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(10), maxBackoff: .seconds(60))),
            transport: transport, time: time)
        dispatcher.enqueue([alert("A")])
        await dispatcher.pump()  // fails; the retry is 10 s away
        let report = await dispatcher.flush(deadline: march1 + 2_000)
        #expect(report == FlushReport(delivered: 0, undelivered: 1))
        #expect(transport.requests.count == 2)
        #expect(transport.requests.last?.timeout == .seconds(2))
        receiver.set(up: true)
        #expect(await dispatcher.flush(deadline: march1 + 2_000) == FlushReport(delivered: 1, undelivered: 0))
    }

    @Test("run() delivers on enqueue and sleeps on the time source between retries")
    func runLoop() async throws {
        let transport = RecordingTransport { index, _ in HTTPResponse(status: index == 0 ? 500 : 200) }
        let time = ManualTimeSource(now: march1)
        let dispatcher = makeDispatcher(
            alertmanager(RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(2))), transport: transport, time: time)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await dispatcher.run() }
            var requests = transport.requestsStream.makeAsyncIterator()
            dispatcher.enqueue([alert("A")])
            _ = await requests.next()  // the first attempt, answered 500
            while time.sleeperCount == 0 { await Task.yield() }  // parked until the backoff is over
            #expect(dispatcher.pendingCount == 1)
            time.advance(by: 2_000)
            _ = await requests.next()  // the retry, answered 200
            while dispatcher.pendingCount > 0 { await Task.yield() }
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.next() }
        }
        #expect(transport.requests.count == 2)
    }
}

final class Delivered: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ names: [String]) { list.withLock { $0 += names } }
    var names: [String] { list.withLock { $0 } }
}
