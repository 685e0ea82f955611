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

    @Test("a pending alert keeps its activeAt across a restart (for-state restoration)")
    func restoresForState() async throws {
        let data = try TestServer.makeDirectory()
        let first = try TestServer.make(
            config: Self.config, files: ["rules.yml": Self.rules], now: 0, dataDirectory: data)
        try await first.runtime.loadInitialConfiguration()
        let slot = try #require(await first.runtime.rules.schedule.values.first)
        for k in Int64(0)...2 {  // pending for two minutes
            first.time.advance(to: slot + k * 60_000)
            await first.runtime.rules.evaluateDue()
        }
        await first.runtime.persistFinalState()
        let saved = try String(contentsOfFile: data + "/alerts.json", encoding: .utf8)
        #expect(saved.contains("ALERTS_FOR_STATE"))

        // One minute later a new process starts from the same data directory.
        let second = try TestServer.make(
            config: Self.config, files: ["rules.yml": Self.rules], now: slot + 180_000, dataDirectory: data)
        try await second.runtime.loadInitialConfiguration()
        let next = try #require(await second.runtime.rules.schedule.values.first)
        second.time.advance(to: next)
        await second.runtime.rules.evaluateDue()
        let unrestored = try #require(
            await second.runtime.rules.groups().first?.state.rules.first?.alerting?.activeAlerts.first)
        #expect(unrestored.activeAt == next)
        second.time.advance(to: next + 60_000)
        await second.runtime.rules.evaluateDue()  // restoration runs after the second evaluation
        let alert = try #require(
            await second.runtime.rules.groups().first?.state.rules.first?.alerting?.activeAlerts.first)
        // Prometheus's rule: activeAt = old activeAt + (restore time - time the state was last written),
        // both in whole seconds, so the two minutes pending before the restart count.
        let downAt = (slot + 120_000) / 1000 * 1000
        let previous = slot / 1000 * 1000
        #expect(alert.state == .pending)
        #expect(alert.activeAt == previous + (next + 60_000 - downAt))
        #expect(alert.activeAt < next)
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
