import Foundation
import KlaxonModel
import KlaxonRules
@testable import KlaxonServer
import Testing

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
        let first = try TestServer.make(config: Self.config, files: ["rules.yml": Self.rules], now: 0, dataDirectory: data)
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
        let unrestored = try #require(await second.runtime.rules.groups().first?.state.rules.first?.alerting?.activeAlerts.first)
        #expect(unrestored.activeAt == next)
        second.time.advance(to: next + 60_000)
        await second.runtime.rules.evaluateDue()  // restoration runs after the second evaluation
        let alert = try #require(await second.runtime.rules.groups().first?.state.rules.first?.alerting?.activeAlerts.first)
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
        let failing = RecordingTransport(statuses: Array(repeating: 500, count: 10))
        let config = Self.config + "webhooks:\n  - url: http://127.0.0.1:1/hook\n    retry:\n      max_attempts: 5\n"
        let first = try TestServer.make(
            config: config, files: ["rules.yml": Self.rules], dataDirectory: data, transport: failing)
        try await first.runtime.loadInitialConfiguration()
        await first.runtime.notifier.send([
            NotifiableAlert(labels: Labels(["alertname": "X"]), annotations: [], startsAt: 0, endsAt: 10_000_000, generatorURL: "")
        ])
        await first.runtime.persistFinalState()
        let recorded = RecordingTransport()
        let second = try TestServer.make(
            config: config, files: ["rules.yml": Self.rules], dataDirectory: data, transport: recorded)
        try await second.runtime.loadInitialConfiguration()
        #expect(await second.runtime.notifier.pendingAlerts["webhook[0]"]?.count == 1)
    }
}

@Suite struct WebConfigTests {
    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("basic auth and bearer tokens are checked; bcrypt hashes are refused explicitly")
    func authentication() throws {
        let text = """
            basic_auth_users:
              alice: "{SHA256}\(SHA256.hex(Array("secret".utf8)))"
            bearer_token_sha256:
              - \(SHA256.hex(Array("tok".utf8)))
            """
        let (config, diagnostics) = WebConfig.decode(text, path: "web.yml")
        #expect(diagnostics.isEmpty)
        let auth = WebAuthenticator(config: try #require(config))
        #expect(auth.isAuthorized("Basic " + Base64.encode(Array("alice:secret".utf8))))
        #expect(!auth.isAuthorized("Basic " + Base64.encode(Array("alice:wrong".utf8))))
        #expect(!auth.isAuthorized("Basic " + Base64.encode(Array("bob:secret".utf8))))
        #expect(auth.isAuthorized("Bearer tok"))
        #expect(!auth.isAuthorized("Bearer other"))
        #expect(!auth.isAuthorized(nil))

        let (refused, errors) = WebConfig.decode("basic_auth_users:\n  alice: $2y$10$abc\n", path: "web.yml")
        #expect(refused == nil)
        #expect(errors.first?.description.contains("bcrypt hashes are not supported") == true)
        #expect(errors.first?.description.hasPrefix("web.yml:2:3: error:") == true)
    }
}

@Suite struct APITimeTests {
    @Test(
        "times parse as Prometheus parses them",
        arguments: [
            ("1000", 1_000_000), ("1.5", 1_500), ("-1.5", -1_500), ("2015-07-01T20:10:51.781Z", 1_435_781_451_781),
            ("2015-07-01T22:10:51+02:00", 1_435_781_451_000), ("1970-01-01T00:00:00Z", 0),
        ] as [(String, Int64)])
    func times(text: String, expected: Int64) throws {
        #expect(try APITime.parseTime(text) == expected)
    }

    @Test("bad times and durations give Prometheus's messages")
    func errors() {
        #expect(throws: APITime.ParseError(message: "cannot parse \"x\" to a valid timestamp")) {
            try APITime.parseTime("x")
        }
        #expect(throws: APITime.ParseError(message: "cannot parse \"2015-13-01T00:00:00Z\" to a valid timestamp")) {
            try APITime.parseTime("2015-13-01T00:00:00Z")
        }
        #expect(throws: APITime.ParseError(message: "cannot parse \"1e300\" to a valid duration. It overflows int64")) {
            try APITime.parseDuration("1e300")
        }
    }

    @Test("durations: float seconds or Prometheus durations", arguments: [("15", 15_000), ("0.5", 500), ("1m30s", 90_000)] as [(String, Int64)])
    func durations(text: String, expected: Int64) throws {
        #expect(try APITime.parseDuration(text) == expected)
    }

    @Test("form parameters: body first, repeated names kept, percent-decoding")
    func form() {
        let form = FormParameters(query: "match[]=a&x=1&q=a%2Bb+c", body: "x=2&match[]=b")
        #expect(form.value("x") == "2")
        #expect(form.values("match[]") == ["b", "a"])
        #expect(form.value("q") == "a+b c")
        #expect(form.value("missing") == "")
    }
}
