import KlaxonModel
import KlaxonStorage
import Synchronization
import Testing

@testable import KlaxonScrape

/// Static targets per job: starting, keeping, removing loops, and what the targets API sees.
@Suite struct ScrapeManagerTests {
    static func job(_ targets: [String], name: String = "node", labels: Labels = ["env": "prod"]) -> ScrapeJob {
        ScrapeJob(
            config: ScrapeConfig(jobName: name, scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10)),
            staticConfigs: [StaticTargetGroup(targets: targets, labels: labels)])
    }

    struct Setup {
        let storage = MemoryStorage()
        let clock = ManualTimeSource(now: 1_000_000)
        let transport = StubTransport(.response(StubTransport.text("a 1\n")))
        let manager: ScrapeManager

        init() {
            manager = ScrapeManager(storage: storage, transport: transport, time: clock, stopwatch: .timeSource(clock))
        }

        func points(_ instance: String) throws -> [FPoint] {
            let found = try storage.select(
                [.equal("__name__", "a"), .equal("instance", instance)], mint: .min, maxt: .max)
            return found.first?.points ?? []
        }
    }

    @Test("apply starts a loop per target and exposes labels, discovered labels, URL and health")
    func applyAndStatus() async throws {
        let s = Setup()
        let errors = await s.manager.apply([Self.job(["h1:9100", "h2:9100"])])
        #expect(errors.isEmpty)
        let before = await s.manager.activeTargets()
        #expect(before.map(\.scrapeURL) == ["http://h1:9100/metrics", "http://h2:9100/metrics"])
        #expect(before.allSatisfy { $0.health == .unknown && $0.scrapePool == "node" })
        #expect(before.first?.labels == ["env": "prod", "instance": "h1:9100", "job": "node"])
        #expect(before.first?.discoveredLabels["__address__"] == "h1:9100")
        #expect(before.first?.discoveredLabels["__scheme__"] == "http")

        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await s.manager.run() }
            #expect(await eventually { s.clock.sleeperCount == 2 })
            s.clock.advance(by: 15_000)  // both phases fall within one interval
            #expect(await eventually { await s.manager.activeTargets().allSatisfy { $0.health == .up } })
            group.cancelAll()
        }
        #expect(try s.points("h1:9100").count == 1)
        #expect(try s.points("h2:9100").count == 1)
    }

    @Test("applying the same job again keeps the running loops")
    func unchangedTargetsKeepTheirLoop() async throws {
        let s = Setup()
        await s.manager.apply([Self.job(["h1:9100", "h2:9100"])])
        let first = await s.manager.loops()
        await s.manager.apply([Self.job(["h2:9100", "h1:9100"])])
        let second = await s.manager.loops()
        #expect(first.count == 2)
        #expect(zip(first, second).allSatisfy { $0 === $1 })
        var changed = Self.job(["h1:9100", "h2:9100"])
        changed.config.sampleLimit = 10
        await s.manager.apply([changed])
        let third = await s.manager.loops()
        #expect(zip(first, third).allSatisfy { $0 !== $1 })
    }

    @Test("a removed target stops and its series get end-of-run staleness markers")
    func removal() async throws {
        let s = Setup()
        await s.manager.apply([Self.job(["h1:9100", "h2:9100"])])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await s.manager.run() }
            #expect(await eventually { s.clock.sleeperCount == 2 })
            s.clock.advance(by: 15_000)
            #expect(await eventually { await s.manager.activeTargets().allSatisfy { $0.health == .up } })
            let loops = await s.manager.loops()
            let removed = try #require(loops.last)
            #expect(removed.target.scrapeURL == "http://h2:9100/metrics")
            #expect(await eventually { s.clock.sleeperCount == 2 })

            await s.manager.apply([Self.job(["h1:9100"])])
            #expect(await s.manager.activeTargets().map(\.scrapeURL) == ["http://h1:9100/metrics"])
            #expect(await eventually { removed.runPhase.load(ordering: .sequentiallyConsistent) == 2 })
            // Two more intervals and a tenth: h1 keeps scraping, h2 writes its markers.
            func done() -> Bool { removed.runPhase.load(ordering: .sequentiallyConsistent) == 3 }
            for _ in 0..<10 where !done() {
                _ = await eventually { s.clock.sleeperCount == 2 || done() }
                s.clock.advance(by: 7_500)
            }
            #expect(await eventually { done() })
            group.cancelAll()
        }
        #expect(try s.points("h2:9100").last?.isStale == true)
        #expect(try s.points("h1:9100").allSatisfy { !$0.isStale })
    }

    @Test("targets dropped by relabelling are listed; bad targets and jobs are reported")
    func droppedAndErrors() async throws {
        let s = Setup()
        var job = Self.job(["keep:1", "drop:1", "bad/x"])
        job.config.relabelConfigs = [RelabelConfig(sourceLabels: ["__address__"], regex: "drop:.*", action: .drop)]
        var invalid = Self.job(["h:1"], name: "broken")
        invalid.config.scrapeTimeout = .seconds(60)
        let errors = await s.manager.apply([job, invalid, Self.job(["x:1"])])
        #expect(
            errors == [
                ScrapeManagerError(job: "node", message: #"instance 2 in group 0: "bad/x" is not a valid hostname"#),
                ScrapeManagerError(
                    job: "broken",
                    message: #"scrape timeout greater than scrape interval for scrape config with job name "broken""#),
                ScrapeManagerError(job: "node", message: #"found multiple scrape configs with job name "node""#),
            ])
        #expect(await s.manager.activeTargets().map(\.scrapeURL) == ["http://keep:1/metrics"])
        let dropped = await s.manager.droppedTargets()
        #expect(dropped.map { $0.discoveredLabels["__address__"] } == ["drop:1"])
    }

    @Test("an in-process loop can be hosted next to the HTTP targets")
    func hostedLoop() async throws {
        let s = Setup()
        let loop = try ScrapeLoop.inProcess(
            job: "klaxon", instance: "self", storage: s.storage, time: s.clock,
            source: .inProcess { t in [Sample(labels: ["__name__": "x"], t: t, v: 1)] })
        await s.manager.add(loop)
        #expect(await s.manager.activeTargets().map(\.scrapePool) == ["klaxon"])
        await s.manager.remove(loop)
        #expect(await s.manager.activeTargets().isEmpty)
    }
}
