import KlaxonModel
import KlaxonStorage
import Synchronization
import Testing

@testable import KlaxonScrape

/// `run()` on a manual clock: the phase of the first scrape, the interval, stop and cancellation.
@Suite struct ScrapeLoopRunTests {
    static let interval: Int64 = 15_000

    /// Waits until the loop is parked on its schedule after `scrapes` scrapes, the last at `last`.
    static func parked(_ f: ScrapeFixture, scrapes: Int, last: Timestamp? = nil) async -> Bool {
        await eventually {
            f.transport.requests.count == scrapes && f.loop.lastScrape == last && f.clock.sleeperCount == 1
                && f.loop.runPhase.load(ordering: .sequentiallyConsistent) == 1
        }
    }

    /// Waits until the loop sleeps towards its end-of-run staleness markers.
    static func endingRun(_ f: ScrapeFixture) async -> Bool {
        await eventually {
            f.loop.runPhase.load(ordering: .sequentiallyConsistent) == 2 && f.clock.sleeperCount == 1
        }
    }

    @Test("the first scrape lands on the target's stable phase, then one per interval; stop writes end-of-run markers")
    func scheduleAndStop() async throws {
        let f = try ScrapeFixture(transport: StubTransport(.response(StubTransport.text("a 1\n"))), now: 1_000_123)
        let phase = Int64(f.loop.target.hash % UInt64(Self.interval))
        let start = f.clock.now()
        let first = start + f.loop.target.firstScrapeDelay(now: start, seed: 0)
        #expect(first > start && first <= start + Self.interval)
        #expect(first % Self.interval == phase)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await f.loop.run() }
            #expect(await Self.parked(f, scrapes: 0))
            f.clock.advance(to: first - 1)
            #expect(f.transport.requests.isEmpty)
            f.clock.advance(to: first)
            #expect(await Self.parked(f, scrapes: 1, last: first))
            f.clock.advance(to: first + Self.interval)
            #expect(await Self.parked(f, scrapes: 2, last: first + Self.interval))

            f.loop.stop()
            // End of run: the markers wait for the next tick, one more tick and a tenth of an interval.
            let staleTick = first + 2 * Self.interval
            #expect(await Self.endingRun(f))
            f.clock.advance(to: staleTick)
            #expect(await eventually { f.clock.sleeperCount == 1 })
            #expect(try f.points("a").last?.isStale == false)
            f.clock.advance(to: staleTick + Self.interval + Self.interval / 10)
            try await group.waitForAll()
            let a = try f.points("a")
            #expect(a.map(\.t) == [first, first + Self.interval, staleTick])
            #expect(a.last?.isStale == true)
            #expect(try f.points("up").last.map { $0.t == staleTick && $0.isStale } == true)
        }
        #expect(f.transport.requests.count == 2)
    }

    @Test("cancelling run() ends it without staleness markers")
    func cancellation() async throws {
        let f = try ScrapeFixture(transport: StubTransport(.response(StubTransport.text("a 1\n"))))
        let first = f.clock.now() + f.loop.target.firstScrapeDelay(now: f.clock.now(), seed: 0)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await f.loop.run() }
            #expect(await Self.parked(f, scrapes: 0))
            f.clock.advance(to: first)
            #expect(await Self.parked(f, scrapes: 1, last: first))
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.waitForAll() }
        }
        #expect(try f.points("a") == [FPoint(t: first, v: 1)])
        #expect(try f.points("up").allSatisfy { !$0.isStale })
    }

    @Test("with end-of-run markers disabled, stop() returns at once and writes nothing")
    func disabledEndOfRun() async throws {
        let f = try ScrapeFixture(transport: StubTransport(.response(StubTransport.text("a 1\n"))))
        let first = f.clock.now() + f.loop.target.firstScrapeDelay(now: f.clock.now(), seed: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await f.loop.run() }
            #expect(await Self.parked(f, scrapes: 0))
            f.clock.advance(to: first)
            #expect(await Self.parked(f, scrapes: 1, last: first))
            f.loop.disableEndOfRunStalenessMarkers()
            f.loop.stop()
            try await group.waitForAll()
        }
        #expect(try f.points("a") == [FPoint(t: first, v: 1)])
    }

    @Test("a different offset seed moves the phase; the same seed keeps it")
    func offsetSeed() throws {
        let f = try ScrapeFixture()
        let now: Timestamp = 5_000_000
        let a = f.loop.target.firstScrapeDelay(now: now, seed: 0)
        #expect(a == f.loop.target.firstScrapeDelay(now: now, seed: 0))
        #expect(f.loop.target.firstScrapeDelay(now: now + 15_000, seed: 0) == a)
        let shifted = (1...8).map { f.loop.target.firstScrapeDelay(now: now, seed: UInt64($0) * 7919) }
        #expect(shifted.contains { $0 != a })
    }
}
