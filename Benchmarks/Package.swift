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
    ]
)
