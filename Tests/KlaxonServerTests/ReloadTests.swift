import Foundation
import Hummingbird
import HummingbirdTesting
import KlaxonMetrics
import KlaxonModel
import KlaxonRules
import KlaxonScrape
import Logging
import Testing

@testable import KlaxonServer

@Suite struct ReloadTests {
    static let config = "rule_files:\n  - rules.yml\n"
    static let good = """
        groups:
          - name: g
            rules:
              - record: a
                expr: vector(1)
        """

    @Test("a bad rule file keeps the old rules running and the error is returned")
    func atomicReload() async throws {
        let server = try TestServer.make(config: Self.config, files: ["rules.yml": Self.good])
        try await server.runtime.loadInitialConfiguration()
        #expect(await server.runtime.rules.groups().map(\.group.name) == ["g"])

        try TestServer.write(
            "groups:\n  - name: h\n    rules:\n      - record: b\n        expr: sum(\n",
            to: server.directory + "/rules.yml")
        let app = Application(router: ServerRouter.make(runtime: server.runtime))
        let (status, body) = try await app.test(.router) { client in
            try await client.execute(uri: "/-/reload", method: .post) { (Int($0.status.code), String(buffer: $0.body)) }
        }
        #expect(status == 500)
        #expect(body.hasPrefix("failed to reload config: "))
        #expect(body.contains("rules.yml:5:"))
        #expect(await server.runtime.rules.groups().map(\.group.name) == ["g"])
        #expect(server.runtime.platform.registry.exposition().contains("klaxon_config_last_reload_successful 0"))

        try TestServer.write(
            Self.good.replacingOccurrences(of: "name: g", with: "name: h"), to: server.directory + "/rules.yml")
        try await server.runtime.reload()
        #expect(await server.runtime.rules.groups().map(\.group.name) == ["h"])
    }

    @Test("a reload keeps the state of unchanged groups")
    func unchangedGroupsKeepState() async throws {
        let server = try TestServer.make(config: Self.config, files: ["rules.yml": Self.good])
        try await server.runtime.loadInitialConfiguration()
        let next = try #require(await server.runtime.rules.schedule.values.first)
        server.time.advance(to: next)
        #expect(await server.runtime.rules.evaluateDue() == 1)
        try await server.runtime.reload()
        let state = try #require(await server.runtime.rules.groups().first?.state)
        #expect(state.lastEvaluation == next)
    }
}

@Suite struct EmbeddedDefaultTests {
    @Test("the bundled rules are found from the repository and load as the embedded default")
    func bundledRules() async throws {
        let root = TestServer.repositoryRoot
        let rules = try #require(
            EmbeddedDefaults.locateRules(environment: [:], currentDirectory: root + "/Sources", executablePath: nil))
        #expect(rules == root + "/rules")
        #expect(
            EmbeddedDefaults.locateRules(
                environment: ["KLAXON_RULES": "/x"], currentDirectory: root, executablePath: nil)
                == "/x")

        var options = ServerOptions(
            source: .embedded(EmbeddedDefaults(rulesDirectory: rules, evaluationInterval: 15_000)))
        options.webhooks = ["http://127.0.0.1:1/hook"]
        let time = ManualTimeSource(now: 1_700_000_000_000)
        let transport = RecordingTransport()
        let runtime = ServerRuntime(
            options: options, time: time, logger: .init(label: "test"), transport: transport,
            includeProcessMetrics: false)
        try await runtime.loadInitialConfiguration()
        let groups = await runtime.rules.groups()
        #expect(groups.count >= 7)
        #expect(groups.contains { $0.group.name == "platform-critical" })
        #expect(await runtime.notifier.endpoints.count == 1)

        // The in-process scrape puts Klaxon's own metrics into the store, and every group evaluates cleanly.
        let selfScrape = try #require(runtime.selfScrape)
        _ = try await selfScrape.scrape(at: time.now())
        let up = runtime.api.query(FormParameters([("query", "up"), ("time", "1700000000")]))
        #expect(up.body.contains(#""instance":"in-process","job":"platform""#))
        #expect(up.body.contains(#""value":[1700000000,"1"]"#))
        time.advance(by: 3_600_000)
        _ = try await selfScrape.scrape(at: time.now())
        await runtime.rules.evaluateDue()
        for loaded in await runtime.rules.groups() {
            for rule in loaded.state.rules {
                #expect(rule.lastError == nil, "\(loaded.group.name): \(rule.lastError ?? "")")
            }
        }
    }
}
