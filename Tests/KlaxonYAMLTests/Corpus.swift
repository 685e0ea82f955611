import Foundation

/// YAML documents to test against: Prometheus's promtool fixtures (read at test time from the shared
/// conformance folder, never copied) plus inline seeds that exercise what those fixtures do not.
enum Corpus {
    struct Document: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    /// `$KLAXON_SHARED` or `<repo root>/../shared`, where the conformance data lives.
    static var sharedDirectory: String {
        if let shared = ProcessInfo.processInfo.environment["KLAXON_SHARED"], !shared.isEmpty { return shared }
        let testsFile = URL(fileURLWithPath: #filePath)  // <root>/Tests/KlaxonYAMLTests/Corpus.swift
        let root = testsFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared").standardized.path
    }

    /// Every `*.yml` of conformance/promtool/testdata, sorted by name; empty when the folder is missing.
    static let promtoolFixtures: [Document] = {
        let directory = sharedDirectory + "/conformance/promtool/testdata"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []  // missing: no fixtures
        return names.filter { $0.hasSuffix(".yml") }.sorted().compactMap { name in
            // An unreadable file is left out; the fixture-count test notices.
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
            return Document(name: name, bytes: Array(data))
        }
    }()

    static let seeds: [Document] = [
        Document(
            name: "anchors.yaml",
            bytes: Array(
                """
                defaults: &defaults
                  interval: 1m
                  labels: {team: "infra", tier: 'one'}
                groups:
                  - <<: *defaults
                    name: api
                    rules:
                      - alert: HighLatency
                        expr: |
                          histogram_quantile(0.99,
                            sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5
                        for: 10m
                        annotations:
                          summary: >-
                            Latency is high
                            on {{ $labels.instance }}
                      - record: "job:up:sum"
                        expr: "sum by (job) (up)\\n"
                        labels: [not, a, map]
                list: [1, 0x1F, 0o17, .inf, -.Inf, .nan, ~, yes, "no", 'on', 1_000, 2001-12-14]

                """.utf8)),
        Document(
            name: "flow.yaml",
            bytes: Array(
                """
                %YAML 1.1
                ---
                {a: [1, {b: c}], ? complex key : value, "q\\u00e9": 'it''s', empty: , seq: [ ]}
                ...
                --- !!map
                ? [k]
                : v
                --- |+
                  literal

                """.utf8)),
    ]

    static var all: [Document] { promtoolFixtures + seeds }
}

/// A seeded SplitMix64, so every fuzz run is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
