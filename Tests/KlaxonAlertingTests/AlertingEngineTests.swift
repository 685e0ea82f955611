import Foundation
import KlaxonAlerting
import KlaxonMetrics
import KlaxonModel
import KlaxonRules
import KlaxonStorage
import Testing

@Suite struct AlertingEngineTests {
    private static let upLabels = Labels(["__name__": "up", "job": "platform", "instance": "in-process"])

    @Test("the feed writes the registry with up=1 at once, and marks a series that disappeared stale")
    func feedAndStaleness() async throws {
        let registry = MetricsRegistry()
        let depth = registry.gauge("queue_depth", labelNames: ["queue"])
        depth.labels("a").set(1)
        depth.labels("b").set(2)
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(ruleGroups: [], registry: registry, timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 1)
        try await engine.withRunning {
            await driver.waitUntilParked()
            let up = try series(engine.storage, [.equal("__name__", "up")], from: testStart, to: testStart)
            #expect(up.map(\.labels) == [Self.upLabels])
            #expect(up.first?.points == [FPoint(t: testStart, v: 1)])

            depth.remove(Labels(["queue": "b"]))
            await driver.advance(by: 15_000)
            let gone = try series(
                engine.storage, [.equal("__name__", "queue_depth"), .equal("queue", "b")], from: testStart,
                to: driver.now)
            let points = try #require(gone.first?.points)
            #expect(points.map(\.t) == [testStart, testStart + 15_000])
            #expect(points.first?.v == 2)
            #expect(points.last.map { StaleMarker.isStale($0.v) } == true)
            let kept = try series(
                engine.storage, [.equal("__name__", "queue_depth"), .equal("queue", "a")], from: testStart,
                to: driver.now)
            #expect(kept.first?.points == [FPoint(t: testStart, v: 1), FPoint(t: testStart + 15_000, v: 1)])
            #expect(engine.feedStatus.staleMarkers == 1)
            #expect(engine.feedStatus.feeds == 2)
            #expect(engine.feedStatus.lastFeed == testStart + 15_000)
        }
    }

    @Test("the feed uses the configured job and instance, and runs every feed interval")
    func feedOptions() async throws {
        let registry = MetricsRegistry()
        registry.counter("jobs_total").labels().increment()
        var options = AlertingEngineOptions()
        options.job = "billing"
        options.instance = "pod-7"
        options.feedInterval = .seconds(5)
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [], registry: registry, options: options, timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 1)
        try await engine.withRunning {
            await driver.waitUntilParked()
            for _ in 0..<4 { await driver.advance(by: 2_500) }
        }
        let fed = try series(engine.storage, [.equal("__name__", "jobs_total")], from: testStart, to: clock.now())
        #expect(fed.map(\.labels) == [Labels(["__name__": "jobs_total", "job": "billing", "instance": "pod-7"])])
        #expect(fed.first?.points.map(\.t) == [testStart, testStart + 5_000, testStart + 10_000])
    }

    @Test("samples older than the retention are dropped as the feed goes")
    func retention() async throws {
        var options = AlertingEngineOptions()
        options.retention = .seconds(60)
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [], registry: MetricsRegistry(), options: options, timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 1)
        try await engine.withRunning {
            await driver.waitUntilParked()
            for _ in 0..<12 { await driver.advance(by: 15_000) }
        }
        let up = try series(engine.storage, [.equal("__name__", "up")], from: testStart, to: clock.now())
        let times = try #require(up.first?.points.map(\.t))
        #expect(times.first == clock.now() - 60_000)
        #expect(times.last == clock.now())
    }

    @Test("a group is evaluated one interval after its slot, then at every slot")
    func alignment() async throws {
        let spec = group("aligned", file: "aligned.yml", interval: 10_000, [RuleSpec(record: "one", expr: "vector(1)")])
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [spec], registry: MetricsRegistry(), timeSource: clock, logger: quietLogger)
        let loaded = try #require(await engine.ruleGroups().first)
        let slot = loaded.group.evaluationSlot(atOrBefore: testStart)
        #expect(slot > testStart - 10_000 && slot <= testStart)
        #expect(loaded.lastEvaluation == nil)

        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        var seen: [Timestamp] = []
        try await engine.withRunning {
            await driver.waitUntilParked()
            for _ in 0..<35 {
                await driver.advance(by: 1_000)
                if let last = await engine.ruleGroups().first?.lastEvaluation, seen.last != last { seen.append(last) }
            }
        }
        let expected = Array(stride(from: slot + 10_000, through: testStart + 35_000, by: 10_000))
        #expect(seen == expected)
        let recorded = try series(
            engine.storage, [.equal("__name__", "one")], from: testStart - 10_000, to: clock.now())
        #expect(recorded.first?.points.map(\.t) == expected)
        #expect(await engine.ruleGroups().first?.iterations == expected.count)
    }

    @Test("after a jump of the clock, evaluation resumes at the latest slot and counts the missed ones")
    func missedIterations() async throws {
        let spec = group("late", interval: 10_000, [RuleSpec(record: "one", expr: "vector(1)")])
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [spec], registry: MetricsRegistry(), timeSource: clock, logger: quietLogger)
        let slot = try #require(await engine.ruleGroups().first).group.evaluationSlot(atOrBefore: testStart)
        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        try await engine.withRunning {
            await driver.waitUntilParked()
            await driver.advance(to: slot + 10_000)
            await driver.advance(to: slot + 45_000)
        }
        let status = try #require(await engine.ruleGroups().first)
        #expect(status.iterations == 2)
        #expect(status.missedIterations == 2)
        #expect(status.lastEvaluation == slot + 40_000)
    }

    @Test("cancelling run() returns without error, parks nothing and evaluates no more")
    func cancellation() async throws {
        let spec = group("g", interval: 10_000, [RuleSpec(record: "one", expr: "vector(1)")])
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [spec], registry: MetricsRegistry(), timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.run() }
            await driver.waitUntilParked()
            #expect(engine.isRunning)
            await driver.advance(by: 20_000)
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(!engine.isRunning)
        #expect(clock.sleeperCount == 0)
        let iterations = await engine.ruleGroups().first?.iterations
        #expect(iterations ?? 0 >= 1)
        clock.advance(by: 60_000)
        #expect(await engine.ruleGroups().first?.iterations == iterations)
        let error = await #expect(throws: AlertingEngineError.self) { try await engine.run() }
        #expect(error?.kind == .alreadyRun)
    }

    @Test("stop() ends run() gracefully and cancels the notifiers' run()")
    func stop() async throws {
        let notifier = WaitingNotifier()
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [group("g", [RuleSpec(record: "one", expr: "vector(1)")])], registry: MetricsRegistry(),
            notifiers: [notifier], timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await engine.run() }
            await driver.waitUntilParked()
            engine.stop()
            try await group.waitForAll()
        }
        #expect(!engine.isRunning)
        #expect(notifier.wasCancelled)
    }

    @Test("stop() before run() makes run() return at once")
    func stopBeforeRun() async throws {
        let engine = try AlertingEngine(
            ruleGroups: [], registry: MetricsRegistry(), timeSource: ManualTimeSource(now: testStart),
            logger: quietLogger)
        engine.stop()
        try await engine.run()
        #expect(engine.feedStatus.feeds == 0)
    }

    @Test("a notifier whose run() fails ends run() with its error")
    func failingNotifier() async throws {
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [], registry: MetricsRegistry(), notifiers: [FailingNotifier()], timeSource: clock,
            logger: quietLogger)
        await #expect(throws: FailingNotifier.Failure.self) { try await engine.run() }
        #expect(clock.sleeperCount == 0)
    }

    @Test("withRunning stops the engine when its body throws and rethrows the body's error")
    func withRunningRethrows() async throws {
        let clock = ManualTimeSource(now: testStart)
        let engine = try AlertingEngine(
            ruleGroups: [], registry: MetricsRegistry(), timeSource: clock, logger: quietLogger)
        let driver = ClockDriver(clock: clock, parkedLoops: 1)
        await #expect(throws: FailingNotifier.Failure.self) {
            try await engine.withRunning {
                await driver.waitUntilParked()
                throw FailingNotifier.Failure()
            }
        }
        #expect(!engine.isRunning)
    }

    @Test("rules with errors are rejected with every diagnostic")
    func invalidRules() throws {
        let specs = [
            group(
                "g",
                [
                    RuleSpec(alert: "Broken", expr: "sum(rate(x[5m])"),
                    RuleSpec(alert: "BadTemplate", expr: "up == 0", annotations: [Label("summary", "{{ .Foo ")]),
                ])
        ]
        let error = #expect(throws: AlertingEngineError.self) {
            try AlertingEngine(ruleGroups: specs, registry: MetricsRegistry(), logger: quietLogger)
        }
        #expect(error?.kind == .invalidRules)
        #expect(error?.diagnostics.filter { $0.severity == .error }.count == 2)
    }

    @Test("a non-positive interval is rejected")
    func invalidOptions() {
        var options = AlertingEngineOptions()
        options.feedInterval = .zero
        let error = #expect(throws: AlertingEngineError.self) {
            try AlertingEngine(ruleGroups: [], registry: MetricsRegistry(), options: options, logger: quietLogger)
        }
        #expect(error?.kind == .invalidOptions)
    }
}

/// A notifier whose `run()` waits until it is cancelled.
final class WaitingNotifier: AlertNotifier {
    private let cancelled = ShutdownFlag()

    func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {}

    func run() async throws {
        let clock = ManualTimeSource()
        do {
            try await clock.sleep(until: .max)
        } catch {
            cancelled.set()
            throw error
        }
    }

    var wasCancelled: Bool { cancelled.isSet }
}

/// A notifier whose `run()` fails at once.
struct FailingNotifier: AlertNotifier {
    struct Failure: Error {}

    func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {}

    func run() async throws { throw Failure() }
}

@Suite struct AlertingEngineRuleFileTests {
    @Test("a directory loads its rule files in name order")
    func directory() async throws {
        let engine = try AlertingEngine(
            ruleFiles: [repositoryRoot() + "/rules/"], registry: MetricsRegistry(), logger: quietLogger)
        let files = await engine.ruleGroups().map { $0.group.file.split(separator: "/").last.map(String.init) ?? "" }
        #expect(files.first == "platform-capacity.yml")
        #expect(Set(files).count == 7)
        #expect(files == files.sorted())
    }

    @Test("a rule file with an error is rejected with its file position")
    func invalidFile() throws {
        let path = NSTemporaryDirectory() + "klaxon-alerting-\(UUID().uuidString).yml"
        let text = """
            groups:
              - name: broken
                rules:
                  - alert: Unclosed
                    expr: sum(rate(http_requests_total[5m])
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer {
            // Removing the temporary file is best effort; a leftover file harms nothing.
            try? FileManager.default.removeItem(atPath: path)
        }
        let error = #expect(throws: AlertingEngineError.self) {
            try AlertingEngine(ruleFiles: [path], registry: MetricsRegistry(), logger: quietLogger)
        }
        #expect(error?.kind == .invalidRules)
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.span.file == path)
        #expect(diagnostic.span.start.line == 5)
    }
}
