import Foundation
import KlaxonAlerting
import KlaxonModel
import KlaxonRules
import KlaxonStorage
import Logging
import Synchronization
import Testing

/// Moves a `ManualTimeSource` and waits, without sleeping, until every loop of the engine is parked on it
/// again: the feed plus one loop per rule group. A loop woken by `advance` leaves the clock's sleeper list
/// at once and re-enters it only after finishing its work, so "all parked" means "all done".
struct ClockDriver {
    let clock: ManualTimeSource
    let parkedLoops: Int

    func waitUntilParked(sourceLocation: SourceLocation = #_sourceLocation) async {
        var spins = 0
        while clock.sleeperCount < parkedLoops {
            await Task.yield()
            spins += 1
            if spins > 50_000_000 {
                Issue.record(
                    "engine loops never parked (\(clock.sleeperCount)/\(parkedLoops))", sourceLocation: sourceLocation)
                return
            }
        }
    }

    func advance(to time: Timestamp) async {
        clock.advance(to: time)
        await waitUntilParked()
    }

    func advance(by milliseconds: Int64) async {
        await advance(to: clock.now() + milliseconds)
    }

    var now: Timestamp { clock.now() }
}

/// A notifier that keeps every delivery.
final class RecordingNotifier: AlertNotifier {
    struct Delivery: Sendable {
        var alerts: [NotifiableAlert]
        var time: Timestamp
    }

    private let recorded = Mutex<[Delivery]>([])

    func send(_ alerts: [NotifiableAlert], at time: Timestamp) async {
        recorded.withLock { $0.append(Delivery(alerts: alerts, time: time)) }
    }

    var deliveries: [Delivery] { recorded.withLock { $0 } }

    /// Every alert delivered, with the evaluation time it was delivered at.
    var alerts: [(alert: NotifiableAlert, time: Timestamp)] {
        deliveries.flatMap { delivery in delivery.alerts.map { ($0, delivery.time) } }
    }
}

/// A rule group spec built in code.
func group(_ name: String, file: String = "test.yml", interval: Int64? = nil, _ rules: [RuleSpec]) -> RuleGroupSpec {
    RuleGroupSpec(name: name, file: file, interval: interval, rules: rules)
}

/// The raw points of every series matching `matchers` over `[mint, maxt]`.
func series(_ storage: MemoryStorage, _ matchers: [LabelMatcher], from mint: Timestamp, to maxt: Timestamp) throws
    -> [SeriesSamples]
{
    try storage.select(matchers, mint: mint, maxt: maxt)
}

/// The repository root, from this file's path (`Tests/KlaxonAlertingTests/…`).
func repositoryRoot(_ filePath: String = #filePath) -> String {
    var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)
    return components.joined(separator: "/")
}

/// A start time well away from zero, so that `now - 5m` stays positive.
let testStart: Timestamp = 1_700_000_000_000

/// A flag set once, readable from any thread.
final class ShutdownFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

/// A logger that drops everything, so test output stays readable.
let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// An HTTP transport that answers 200 to everything and keeps the requests.
final class RecordingTransport: HTTPTransport {
    private let recorded = Mutex<[HTTPRequest]>([])

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        recorded.withLock { $0.append(request) }
        return HTTPResponse(status: 200)
    }

    var requests: [HTTPRequest] { recorded.withLock { $0 } }

    /// The JSON bodies of the requests, decoded.
    func payloads() throws -> [[String: Any]] {
        try requests.map { request in
            try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        }
    }
}
