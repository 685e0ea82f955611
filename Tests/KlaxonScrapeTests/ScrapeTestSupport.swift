import KlaxonModel
import KlaxonStorage
import Synchronization
import Testing

@testable import KlaxonScrape

/// An `HTTPTransport` that answers from a script and records the requests it got.
final class StubTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(HTTPResponse)
        case failure(HTTPTransportError)
        /// Never answers; ends only by cancellation (for timeouts).
        case hang
    }

    private struct State {
        var replies: [Reply] = []
        var fallback: Reply
        var requests: [HTTPRequest] = []
    }

    private let state: Mutex<State>

    init(_ fallback: Reply = .response(StubTransport.text(""))) {
        state = Mutex(State(fallback: fallback))
    }

    /// A 200 response with a text-format body.
    static func text(_ body: String) -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], body: Array(body.utf8)
        )
    }

    /// Queues replies for the next requests; afterwards the fallback is repeated.
    func enqueue(_ replies: Reply...) { state.withLock { $0.replies += replies } }

    /// Replaces the reply given when the queue is empty.
    func setFallback(_ reply: Reply) { state.withLock { $0.fallback = reply } }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply = state.withLock { s -> Reply in
            s.requests.append(request)
            return s.replies.isEmpty ? s.fallback : s.replies.removeFirst()
        }
        switch reply {
        case .response(let response): return response
        case .failure(let error): throw error
        case .hang:
            let never = StopSignal()
            await never.wait()
            throw CancellationError()
        }
    }
}

/// Builds loops over a fresh storage and a manual clock.
struct ScrapeFixture {
    let storage = MemoryStorage()
    let clock: ManualTimeSource
    let transport: StubTransport
    let loop: ScrapeLoop

    init(
        config: ScrapeConfig = ScrapeConfig(jobName: "node", scrapeInterval: .seconds(15), scrapeTimeout: .seconds(10)),
        address: String = "host:9100",
        groupLabels: Labels = Labels(),
        transport: StubTransport = StubTransport(),
        now: Timestamp = 1_000_000
    ) throws {
        clock = ManualTimeSource(now: now)
        self.transport = transport
        let discovered = ScrapeTarget.discoveredLabels(
            targetLabels: [TargetLabels.address: address], groupLabels: groupLabels, config: config)
        let target = try #require(
            try ScrapeTarget.make(
                discoveredLabels: discovered, config: config, relabeler: Relabeler(config.relabelConfigs)))
        loop = try ScrapeLoop(
            target: target, config: config, source: .http(transport), storage: storage, time: clock,
            stopwatch: .timeSource(clock))
    }

    /// Scrapes `body` (text format) at `t`.
    @discardableResult
    func scrape(_ body: String, at t: Timestamp) async throws -> ScrapeOutcome {
        transport.enqueue(.response(StubTransport.text(body)))
        return try await loop.scrape(at: t)
    }

    /// Every series in storage with its points, keyed by Prometheus's label text.
    func dump() throws -> [String: [FPoint]] {
        let all = try storage.select([LabelMatcher(.regexMatch, "__name__", ".+")], mint: .min, maxt: .max)
        var out: [String: [FPoint]] = [:]
        for series in all { out[ScrapeSession.format(series.labels)] = series.points }
        return out
    }

    /// The points of the series named `name` with the given extra labels.
    func points(_ name: String, _ labels: [String: String] = [:]) throws -> [FPoint] {
        var matchers = [LabelMatcher.equal("__name__", name)]
        for (key, value) in labels { matchers.append(.equal(key, value)) }
        let found = try storage.select(matchers, mint: .min, maxt: .max)
        return found.count == 1 ? found[0].points : []
    }

    /// The label sets of every series named `name`.
    func labelSets(_ name: String) throws -> [Labels] {
        try storage.select([.equal("__name__", name)], mint: .min, maxt: .max).map(\.labels)
    }
}

extension FPoint {
    var isStale: Bool { StaleMarker.isStale(v) }
}

/// Yields until `condition` holds (bounded, no sleeping): lets concurrent tasks reach their next suspension.
func eventually(_ condition: () async -> Bool) async -> Bool {
    for _ in 0..<100_000 {
        if await condition() { return true }
        await Task.yield()
    }
    return false
}
