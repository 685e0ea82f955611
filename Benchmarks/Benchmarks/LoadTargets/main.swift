// A local HTTP server that simulates many scrape targets for `scripts/bench/serve-load.sh`. Every loopback
// address 127.10.A.B (all of 127/8 is loopback on Linux) is one target: index = A × 250 + B − 1, B in 1...250.
// Bind it to 0.0.0.0 and list http://127.10.A.B:PORT/metrics as targets. Each target serves `TargetBody` for
// its variant (index mod --variants); the bodies are rendered in the background every --refresh seconds and
// shared, so a request costs one lookup and a write of a precomputed buffer. Targets with index ≥ --down-from
// answer 503 (for `up == 0` alerts).
//
// Usage: LoadTargets [--port 9500] [--host 0.0.0.0] [--series 1000] [--variants 16] [--refresh 2]
//                    [--down-from N]
import Foundation
import Hummingbird
import Synchronization

struct Options {
    var port = 9500
    var host = "0.0.0.0"
    var series = 1000
    var variants = 16
    var refresh = 2.0
    var downFrom = Int.max

    init(_ arguments: [String]) {
        var it = arguments.makeIterator()
        while let flag = it.next() {
            guard let value = it.next() else { Self.usage("missing value for \(flag)") }
            switch flag {
            case "--port": port = Int(value) ?? port
            case "--host": host = value
            case "--series": series = Int(value) ?? series
            case "--variants": variants = max(1, Int(value) ?? variants)
            case "--refresh": refresh = Double(value) ?? refresh
            case "--down-from": downFrom = Int(value) ?? downFrom
            default: Self.usage("unknown flag \(flag)")
            }
        }
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("LoadTargets: \(message)\n".utf8))
        exit(2)
    }
}

/// The current body of every variant, replaced wholesale at each refresh.
final class Bodies: Sendable {
    private let current: Mutex<[ByteBuffer]>
    let generators: [TargetBody]

    init(series: Int, variants: Int, epoch: Double) {
        generators = (0..<variants).map { TargetBody(series: series, variant: $0, epoch: epoch) }
        current = Mutex([])
        refresh()
    }

    func refresh() {
        let now = Date().timeIntervalSince1970
        let rendered = generators.map { ByteBuffer(string: $0.render(now: now)) }
        current.withLock { $0 = rendered }
    }

    func body(variant: Int) -> ByteBuffer { current.withLock { $0[variant % $0.count] } }
}

/// The target index of a `Host` value `127.10.A.B[:port]`, nil for any other host.
func targetIndex(_ authority: String?) -> Int? {
    guard let authority else { return nil }
    let host = authority.split(separator: ":", maxSplits: 1).first ?? ""
    let parts = host.split(separator: ".")
    guard parts.count == 4, parts[0] == "127", parts[1] == "10", let a = Int(parts[2]), let b = Int(parts[3]),
        (1...250).contains(b)
    else { return nil }
    return a * 250 + b - 1
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let bodies = Bodies(series: options.series, variants: options.variants, epoch: Date().timeIntervalSince1970)
let lineCount = bodies.body(variant: 0).readableBytesView.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
FileHandle.standardError.write(
    Data("LoadTargets: \(options.variants) variants, \(bodies.body(variant: 0).readableBytes) bytes and \(lineCount) lines each\n".utf8))

let contentType = "text/plain; version=0.0.4; charset=utf-8"
let router = Router()
router.get("/metrics") { request, _ -> Response in
    let index = targetIndex(request.head.authority) ?? 0
    if index >= options.downFrom { return Response(status: .serviceUnavailable) }
    return Response(
        status: .ok, headers: [.contentType: contentType],
        body: ResponseBody(byteBuffer: bodies.body(variant: index % options.variants)))
}
let app = Application(
    router: router, configuration: .init(address: .hostname(options.host, port: options.port), serverName: "LoadTargets"))
let refreshEvery = Duration.milliseconds(Int64(options.refresh * 1000))
try await withThrowingDiscardingTaskGroup { group in
    group.addTask { try await app.runService() }
    group.addTask {
        while !Task.isCancelled {
            try await Task.sleep(for: refreshEvery)
            bodies.refresh()
        }
    }
}
