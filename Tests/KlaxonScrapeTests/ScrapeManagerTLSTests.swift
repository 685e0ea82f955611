import KlaxonModel
import KlaxonStorage
import Synchronization
import Testing

@testable import KlaxonScrape

/// Jobs with `tls_config` scrape through a transport of their own, made once per pool by the manager's factory.
@Suite struct ScrapeManagerTLSTests {
    /// A factory that records what it was asked for and answers with a transport exposing `tls 1`.
    final class Factory: Sendable {
        let made = Mutex<[ScrapeTLS]>([])
        let transport = StubTransport(.response(StubTransport.text("tls 1\n")))

        var calls: [ScrapeTLS] { made.withLock { $0 } }

        func make(_ tls: ScrapeTLS) -> any HTTPTransport {
            made.withLock { $0.append(tls) }
            return transport
        }
    }

    static func job(_ name: String, _ targets: [String], tls: ScrapeTLS? = nil) -> ScrapeJob {
        ScrapeJob(
            config: ScrapeConfig(
                jobName: name, scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10), scheme: "https", tls: tls),
            staticConfigs: [StaticTargetGroup(targets: targets)])
    }

    let storage = MemoryStorage()
    let clock = ManualTimeSource(now: 1_000_000)
    let shared = StubTransport(.response(StubTransport.text("plain 1\n")))
    let factory = Factory()

    func manager() -> ScrapeManager {
        let factory = self.factory
        return ScrapeManager(
            storage: storage, transport: shared, tlsTransport: { factory.make($0) }, time: clock,
            stopwatch: .timeSource(clock))
    }

    func count(_ name: String) throws -> Int {
        try storage.select([.equal("__name__", name)], mint: .min, maxt: .max).count
    }

    @Test("one transport per pool with tls_config, none for a job without it or with the default settings")
    func onePerPool() async throws {
        let manager = manager()
        let tls = ScrapeTLS(caFile: "/ca.pem", serverName: "example.org", insecureSkipVerify: true)
        let errors = await manager.apply([
            Self.job("secure", ["a:443", "b:443", "c:443"], tls: tls),
            Self.job("plain", ["d:443"]),
            Self.job("default", ["e:443"], tls: ScrapeTLS()),
        ])
        #expect(errors.isEmpty)
        #expect(factory.calls == [tls])
        for loop in await manager.loops() { _ = try await loop.scrape(at: clock.now()) }
        #expect(factory.transport.requests.map(\.url).sorted() == (["a", "b", "c"].map { "https://\($0):443/metrics" }))
        #expect(shared.requests.map(\.url).sorted() == ["https://d:443/metrics", "https://e:443/metrics"])
        #expect(try count("tls") == 3)
        #expect(try count("plain") == 2)
    }

    @Test("reapplying the same job keeps its transport; changed TLS settings make a new one")
    func reapply() async throws {
        let manager = manager()
        await manager.apply([Self.job("secure", ["a:443"], tls: ScrapeTLS(caFile: "/one.pem"))])
        await manager.apply([Self.job("secure", ["a:443"], tls: ScrapeTLS(caFile: "/one.pem"))])
        #expect(factory.calls.map(\.caFile) == ["/one.pem"])
        await manager.apply([Self.job("secure", ["a:443"], tls: ScrapeTLS(caFile: "/two.pem"))])
        #expect(factory.calls.map(\.caFile) == ["/one.pem", "/two.pem"])
    }

    @Test("without a factory, jobs with tls_config use the shared transport")
    func noFactory() async throws {
        let manager = ScrapeManager(storage: storage, transport: shared, time: clock, stopwatch: .timeSource(clock))
        await manager.apply([Self.job("secure", ["a:443"], tls: ScrapeTLS(insecureSkipVerify: true))])
        let loop = try #require(await manager.loops().first)
        _ = try await loop.scrape(at: clock.now())
        #expect(shared.requests.count == 1)
    }

    @Test(
        "a client certificate without its key (or the reverse) is refused with Prometheus's message",
        arguments: [
            (
                ScrapeTLS(certFile: "/c.pem"),
                "exactly one of key or key_file must be configured when a client certificate is configured"
            ),
            (
                ScrapeTLS(keyFile: "/k.pem"),
                "exactly one of cert or cert_file must be configured when a client key is configured"
            ),
        ])
    func unpaired(tls: ScrapeTLS, message: String) async {
        let manager = manager()
        let errors = await manager.apply([Self.job("secure", ["a:443"], tls: tls)])
        #expect(errors == [ScrapeManagerError(job: "secure", message: message)])
        #expect(await manager.loops().isEmpty)
        #expect(factory.calls.isEmpty)
    }
}
