import Foundation
import KlaxonModel
import KlaxonRules
import Testing

@testable import KlaxonServer

@Suite struct PersistenceTests {
    static let config = "global:\n  evaluation_interval: 1m\nrule_files:\n  - rules.yml\n"
    static let rules = """
        groups:
          - name: g
            rules:
              - alert: Always
                expr: vector(1)
                for: 30m
        """

    /// The first alert of the first group.
    static func firstAlert(_ server: TestServer) async -> Alert? {
        await server.runtime.rules.groups().first?.state.rules.first?.alerting?.activeAlerts.first
    }

    /// Runs `server`'s due evaluation at `t` (a slot time: a later `t` evaluates only the first missed slot).
    static func evaluate(_ server: TestServer, at t: Timestamp) async {
        server.time.advance(to: t)
        await server.runtime.rules.evaluateDue()
    }

    /// Evaluates every slot after `start` up to `end`, `step` apart.
    static func evaluate(_ server: TestServer, after start: Timestamp, through end: Timestamp, step: Int64) async {
        var t = start + step
        while t <= end {
            await evaluate(server, at: t)
            t += step
        }
    }

    /// A loaded server on `data` (`Self.config`, `Self.rules`) at `now`, and its group's first slot.
    static func start(data: String, now: Timestamp) async throws -> (TestServer, Timestamp) {
        let server = try TestServer.make(config: config, files: ["rules.yml": rules], now: now, dataDirectory: data)
        try await server.runtime.loadInitialConfiguration()
        return (server, try #require(await server.runtime.rules.schedule.values.first))
    }

    @Test("a pending alert keeps its original activeAt across a restart, so it fires at its original time")
    func pendingKeepsActiveAt() async throws {
        let data = try TestServer.makeDirectory()
        let (first, slot) = try await Self.start(data: data, now: 0)
        for k in Int64(0)...2 { await Self.evaluate(first, at: slot + k * 60_000) }  // pending for two minutes
        let saved = try String(contentsOfFile: data + "/alerts.json", encoding: .utf8)  // written every cycle
        #expect(saved.contains(#""state":"pending""#))

        // A new process starts from the same data directory one minute later (Prometheus would shift
        // activeAt by the outage; Klaxon counts it, as the condition was holding when the state was saved).
        let (second, next) = try await Self.start(data: data, now: slot + 180_000)
        await Self.evaluate(second, at: next)
        let alert = try #require(await Self.firstAlert(second))
        #expect(alert.state == .pending)
        #expect(alert.activeAt == slot)
        // (The second process's rule file has another path, so its slots have another phase.)
        await Self.evaluate(second, after: next, through: slot + 31 * 60_000, step: 60_000)
        let fired = try #require(await Self.firstAlert(second))
        #expect(fired.state == .firing)
        let firedAt = try #require(fired.firedAt)
        #expect(firedAt >= slot + 30 * 60_000 && firedAt < slot + 31 * 60_000)
    }

    @Test("with a for at least the grace period, a restored pending alert fires no sooner than the grace period")
    func gracePeriod() async throws {
        let data = try TestServer.makeDirectory()
        let (first, slot) = try await Self.start(data: data, now: 0)
        for k in Int64(0)...25 { await Self.evaluate(first, at: slot + k * 60_000) }  // 25 of 30 minutes
        let restart = slot + 26 * 60_000
        let (second, next) = try await Self.start(data: data, now: restart)
        await Self.evaluate(second, at: next)
        let alert = try #require(await Self.firstAlert(second))
        // 30m for, 10m grace: fires 10 minutes after the restart, not 4 minutes after it.
        #expect(alert.activeAt == restart + 10 * 60_000 - 30 * 60_000)
        #expect(alert.state == .pending)
    }

    static let firingConfig = "global:\n  evaluation_interval: 10s\nrule_files: [rules.yml]\nwebhooks:\n  - url: http://127.0.0.1:1/hook\n"
    static let firingRules = """
        groups:
          - name: g
            rules:
              - alert: Errors
                expr: errors > 0
                for: 20s
        """

    /// Starts a daemon on `data`, loads `errors 1` every 10 s from `from`, evaluates until the alert fires and
    /// is sent, and returns the alert and the time of the last evaluation.
    static func fireThenStop(data: String) async throws -> (Alert, Timestamp) {
        let first = try TestServer.make(
            config: firingConfig, files: ["rules.yml": firingRules], now: 0, dataDirectory: data)
        try await first.runtime.loadInitialConfiguration()
        let slot = try #require(await first.runtime.rules.schedule.values.first)
        try first.load(Labels(["__name__": "errors"]), from: slot - 60_000, to: slot + 60_000, step: 10_000) { _ in 1 }
        for k in Int64(0)...4 {
            await Self.evaluate(first, at: slot + k * 10_000)
            await first.runtime.notifier.pump()  // delivered, so no queued notification is saved
        }
        let alert = try #require(await Self.firstAlert(first))
        return (alert, slot + 40_000)
    }

    @Test("a firing alert restored after a crash keeps firedAt and lastSentAt, so it is not sent again as new")
    func firingNotReannounced() async throws {
        let data = try TestServer.makeDirectory()
        let (before, last) = try await Self.fireThenStop(data: data)
        #expect(before.state == .firing)
        #expect(before.lastSentAt != nil)
        // No shutdown hook ran (a crash); the state file of the last cycle is all there is.
        let transport = RecordingTransport()
        let second = try TestServer.make(
            config: Self.firingConfig, files: ["rules.yml": Self.firingRules], now: last + 5_000,
            dataDirectory: data, transport: transport)
        try await second.runtime.loadInitialConfiguration()
        try second.load(Labels(["__name__": "errors"]), from: last + 5_000, to: last + 60_000, step: 10_000) { _ in 1 }
        await Self.evaluate(second, at: last + 10_000)
        let after = try #require(await Self.firstAlert(second))
        #expect(after.state == .firing)
        #expect(after.activeAt == before.activeAt)
        #expect(after.firedAt == before.firedAt)
        #expect(after.lastSentAt == before.lastSentAt)
        await second.runtime.notifier.pump()
        #expect(transport.recorded.isEmpty)
    }

    @Test("a restored alert whose condition is absent is held through the warm-up window, then resolves")
    func heldThenResolved() async throws {
        let data = try TestServer.makeDirectory()
        let (before, last) = try await Self.fireThenStop(data: data)
        let restart = last + 5_000
        let second = try TestServer.make(
            config: Self.firingConfig, files: ["rules.yml": Self.firingRules], now: restart, dataDirectory: data)
        try await second.runtime.loadInitialConfiguration()
        // The store is empty: `errors > 0` returns nothing, but the alert stays firing for a minute.
        let next = try #require(await second.runtime.rules.schedule.values.first)
        let end = restart + 60_000  // the warm-up window: max(1 minute, 5 × 10 s)
        let lastHeld = next + (end - 1 - next) / 10_000 * 10_000
        await Self.evaluate(second, at: next)
        await Self.evaluate(second, after: next, through: lastHeld, step: 10_000)
        #expect(await Self.firstAlert(second)?.state == .firing)
        #expect(await Self.firstAlert(second)?.firedAt == before.firedAt)
        await Self.evaluate(second, at: lastHeld + 10_000)
        let resolved = await second.runtime.rules.groups().first?.state.rules.first?.alerting?.active.values.first
        #expect(resolved?.state == .inactive)
        #expect(resolved?.resolvedAt == lastHeld + 10_000)
    }

    @Test("state saved longer ago than the outage tolerance is not restored")
    func outageTolerance() async throws {
        let data = try TestServer.makeDirectory()
        let (_, last) = try await Self.fireThenStop(data: data)
        let second = try TestServer.make(
            config: Self.firingConfig, files: ["rules.yml": Self.firingRules], now: last + 3_600_001 + 10_000,
            dataDirectory: data)
        try await second.runtime.loadInitialConfiguration()
        let next = try #require(await second.runtime.rules.schedule.values.first)
        await Self.evaluate(second, at: next)
        #expect(await Self.firstAlert(second) == nil)
    }

    @Test("a corrupt state file is moved aside and the daemon starts")
    func corruptFile() async throws {
        let data = try TestServer.makeDirectory()
        try TestServer.write("{not json", to: data + "/alerts.json")
        let server = try TestServer.make(config: Self.config, files: ["rules.yml": Self.rules], dataDirectory: data)
        try await server.runtime.loadInitialConfiguration()
        #expect(server.runtime.isReady)
        let files = try FileManager.default.contentsOfDirectory(atPath: data)
        #expect(files.contains { $0.hasPrefix("alerts.json.corrupt-") })
        #expect(!files.contains("alerts.json"))
    }

    @Test("undelivered notifications are saved after every cycle, so a crash loses none")
    func notificationQueueEveryCycle() async throws {
        let data = try TestServer.makeDirectory()
        let transport = RecordingTransport(statuses: Array(repeating: 503, count: 100))
        let first = try TestServer.make(
            config: Self.firingConfig, files: ["rules.yml": Self.firingRules], now: 0, dataDirectory: data,
            transport: transport)
        try await first.runtime.loadInitialConfiguration()
        let slot = try #require(await first.runtime.rules.schedule.values.first)
        try first.load(Labels(["__name__": "errors"]), from: slot - 60_000, to: slot + 60_000, step: 10_000) { _ in 1 }
        for k in Int64(0)...1 { await Self.evaluate(first, at: slot + k * 10_000) }
        #expect(!FileManager.default.fileExists(atPath: data + "/notifications.json"))  // pending: nothing queued
        await Self.evaluate(first, at: slot + 20_000)  // fires: queued, then saved with the cycle
        await first.runtime.notifier.pump()  // fails: the receiver answers 503
        #expect(FileManager.default.fileExists(atPath: data + "/notifications.json"))
        let second = try TestServer.make(
            config: Self.firingConfig, files: ["rules.yml": Self.firingRules], dataDirectory: data)
        try await second.runtime.loadInitialConfiguration()
        #expect(await second.runtime.notifier.queueLengths.values.reduce(0, +) == 1)
    }

    @Test("undelivered notifications are saved at shutdown and queued again at start")
    func notificationQueue() async throws {
        let data = try TestServer.makeDirectory()
        let config = Self.config + "webhooks:\n  - url: http://127.0.0.1:1/hook\n"
        let first = try TestServer.make(config: config, files: ["rules.yml": Self.rules], dataDirectory: data)
        try await first.runtime.loadInitialConfiguration()
        await first.runtime.notifier.send([
            NotifiableAlert(
                labels: Labels(["alertname": "X"]), annotations: [], startsAt: 0, endsAt: 10_000_000, generatorURL: "")
        ])
        await first.runtime.persistFinalState()
        #expect(FileManager.default.fileExists(atPath: data + "/notifications.json"))
        let second = try TestServer.make(config: config, files: ["rules.yml": Self.rules], dataDirectory: data)
        try await second.runtime.loadInitialConfiguration()
        #expect(await second.runtime.notifier.queueLengths.values.reduce(0, +) == 1)
        #expect(!FileManager.default.fileExists(atPath: data + "/notifications.json"))
    }
}
