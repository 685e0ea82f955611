import KlaxonModel
import Testing

@testable import KlaxonScrape

/// Seeded mutation fuzzing: valid expositions with bytes flipped, inserted, deleted, duplicated or cut. The
/// parser must never trap, every error must point inside the input, and the scrape loop must survive the same
/// inputs.
@Suite struct ExpositionParserFuzzTests {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let seeds: [String] = [
        """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000
        msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
        metric_without_timestamp_and_labels 12.47
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} 4773
        rpc_duration_seconds_count 2693
        {"utf8.metric","label.with.dots"="v"} -Inf

        """,
        """
        # TYPE acme_http_router_request_seconds summary
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
        acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
        # TYPE foo histogram
        foo_bucket{le="0.01"} 0
        foo_bucket{le="+Inf"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
        foo_count 17 1520879607.789
        # TYPE state stateset
        state{state="a"} 1
        # EOF

        """,
    ]

    static let specials: [UInt8] = Array("{}\"\\=, \n\t#_.:-+eE0123456789aNI".utf8) + [0, 0xFF, 0xC3, 0x80]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(4)) {
            let position = rng.below(bytes.count + 1)
            switch rng.below(6) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            case 1:
                bytes.insert(specials[rng.below(specials.count)], at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + rng.below(8))
                bytes.removeSubrange(min(position, end)..<end)
            case 3 where !bytes.isEmpty:
                let start = rng.below(bytes.count)
                let end = min(bytes.count, start + 1 + rng.below(24))
                bytes.insert(contentsOf: bytes[start..<end], at: position)
            case 4:
                bytes.removeSubrange(min(position, bytes.count)...)
            default:
                if !bytes.isEmpty { bytes[min(position, bytes.count - 1)] = specials[rng.below(specials.count)] }
            }
        }
        return bytes
    }

    /// Parses to the end; returns the error if any, checking it points inside the input.
    static func check(_ bytes: [UInt8], _ format: ScrapeFormat) -> ExpositionParseError? {
        var parser = ExpositionParser(bytes, format: format)
        var entries = 0
        do {
            while let entry = try parser.next() {
                entries += 1
                if case .sample(let line) = entry {
                    _ = parser.labels()
                    #expect(line.series.lowerBound >= 0 && line.series.upperBound <= bytes.count + 1)
                }
                if entries > bytes.count + 1 {
                    Issue.record("parser does not advance")
                    return nil
                }
            }
            return nil
        } catch {
            let limit = bytes.count + (format == .prometheusText ? 1 : 0)
            #expect(error.offset >= 0 && error.offset <= limit)
            #expect(error.line >= 1 && error.column >= 1)
            #expect(error.line <= bytes.filter { $0 == 10 }.count + 2)
            #expect(!error.message.isEmpty)
            return error
        }
    }

    @Test("mutated expositions never trap and always yield positioned errors", arguments: [1, 2, 3, 4])
    func mutations(seed: UInt64) {
        var rng = SplitMix64(state: seed &* 0x1234_5678_9ABC)
        var failures = 0
        let rounds = 1500
        for round in 0..<rounds {
            let base = Array(Self.seeds[round % Self.seeds.count].utf8)
            let input = Self.mutate(base, &rng)
            for format in ScrapeFormat.allCases where Self.check(input, format) != nil { failures += 1 }
        }
        // The mutations must actually exercise the error paths (and not only them).
        #expect(failures > rounds / 4)
        #expect(failures < rounds * 2)
    }

    @Test("the unmutated seeds parse in their own format")
    func seedsParse() {
        #expect(Self.check(Array(Self.seeds[0].utf8), .prometheusText) == nil)
        #expect(Self.check(Array(Self.seeds[1].utf8), .openMetrics) == nil)
    }

    @Test("the scrape loop survives mutated bodies and stays consistent")
    func loopSurvivesMutations() async throws {
        let f = try ScrapeFixture()
        var rng = SplitMix64(state: 99)
        var t: Timestamp = 1_000_000
        var ups = 0
        for round in 0..<300 {
            let input = Self.mutate(Array(Self.seeds[0].utf8), &rng)
            f.transport.enqueue(
                .response(
                    HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")], body: input)))
            let outcome = try await f.loop.scrape(at: t)
            if outcome.error == nil { ups += 1 }
            t += 15_000
            if round % 50 == 0 { _ = try f.dump() }
        }
        #expect(try f.points("up").count == 300)
        #expect(ups > 0)
    }
}
