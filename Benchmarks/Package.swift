// swift-tools-version: 6.1
import PackageDescription

/// Klaxon's benchmarks, a separate package so the main package never depends on the benchmark tooling.
/// Run with `swift package benchmark` from this directory (see ../scripts/measure-storage.sh).
let package = Package(
    name: "KlaxonBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "klaxon", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "StorageBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Klaxon", package: "klaxon"),
            ],
            path: "Benchmarks/StorageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RegistryBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Klaxon", package: "klaxon"),
            ],
            path: "Benchmarks/RegistryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineComparison",
            dependencies: [.product(name: "Klaxon", package: "klaxon")],
            path: "Benchmarks/EngineComparison"
        ),
        .executableTarget(
            name: "LoadTargets",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/LoadTargets"
        ),
    ]
)
