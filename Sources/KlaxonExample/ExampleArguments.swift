/// The example's command line: `KlaxonExample [--rules PATH] [--error-rate R] [--webhook-url URL]
/// [--requests-per-second N] [--interval SECONDS] [--duration SECONDS]`.
struct ExampleArguments {
    /// Rule files: a directory, a file or a glob (`rules/*.yml`).
    var rules = "rules/"
    /// Fraction of simulated HTTP requests that fail with a 5xx status (0...1).
    var errorRate = 0.0
    /// Where to POST webhook notifications (Alertmanager's webhook v4 format), if anywhere.
    var webhookURL: String?
    var requestsPerSecond = 50
    /// Feed and evaluation interval.
    var intervalSeconds = 15
    /// Stop after this many seconds; nil runs until interrupted.
    var durationSeconds: Int?

    static let usage = """
        usage: KlaxonExample [--rules PATH] [--error-rate 0...1] [--webhook-url URL]
                             [--requests-per-second N] [--interval SECONDS] [--duration SECONDS]
        """

    /// Why the command line was rejected.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init() {}

    init(_ arguments: some Sequence<String>) throws(Invalid) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw Invalid(description: "missing value for \(flag)") }
            switch flag {
            case "--rules": rules = value
            case "--error-rate": errorRate = try Self.number(value, flag, in: 0...1)
            case "--webhook-url": webhookURL = value
            case "--requests-per-second": requestsPerSecond = Int(try Self.number(value, flag, in: 1...100_000))
            case "--interval": intervalSeconds = Int(try Self.number(value, flag, in: 1...3600))
            case "--duration": durationSeconds = Int(try Self.number(value, flag, in: 1...Double(Int32.max)))
            default: throw Invalid(description: "unknown flag \(flag)")
            }
        }
    }

    private static func number(_ text: String, _ flag: String, in range: ClosedRange<Double>) throws(Invalid)
        -> Double
    {
        guard let value = Double(text), range.contains(value) else {
            throw Invalid(description: "\(flag) must be a number in \(range), got \"\(text)\"")
        }
        return value
    }
}
