// swift-tools-version:6.1
import PackageDescription

/// Settings every Klaxon target compiles with: Swift 6 mode plus the upcoming features that keep
/// module boundaries honest (libyaml can only be seen from KlaxonYAML, every `any` is spelled out).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "klaxon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "klaxon", targets: ["KlaxonCLI"]),
        .library(
            name: "Klaxon",
            targets: [
                "KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine", "KlaxonMetrics", "KlaxonHealth",
                "KlaxonRules", "KlaxonNotify", "KlaxonAlerting",
            ]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .target(name: "KlaxonModel", swiftSettings: strict),
        .target(name: "KlaxonYAML", dependencies: ["CYAML", "KlaxonModel"], swiftSettings: strict),
        .target(name: "KlaxonPromQL", dependencies: ["KlaxonModel"], swiftSettings: strict),
        .target(name: "KlaxonStorage", dependencies: ["KlaxonModel"], swiftSettings: strict),
        .target(name: "KlaxonEngine", dependencies: ["KlaxonModel", "KlaxonPromQL", "KlaxonStorage"], swiftSettings: strict),
        .target(
            name: "KlaxonConformance",
            dependencies: ["KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine"],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonRules",
            dependencies: ["KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine"],
            swiftSettings: strict
        ),
        .target(name: "KlaxonAPI", dependencies: ["KlaxonModel", "KlaxonEngine", "KlaxonStorage"], swiftSettings: strict),
        .target(
            name: "KlaxonConfig",
            dependencies: ["KlaxonModel", "KlaxonYAML", "KlaxonPromQL", "KlaxonRules", "KlaxonTemplate"],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonRuleTest",
            dependencies: [
                "KlaxonModel", "KlaxonYAML", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine", "KlaxonRules",
                "KlaxonTemplate", "KlaxonConfig",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonNotify",
            dependencies: ["KlaxonModel", "KlaxonMetrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonScrape",
            dependencies: [
                "KlaxonModel", "KlaxonStorage", "KlaxonMetrics", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonHTTPClient",
            dependencies: ["KlaxonModel", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonAlerting",
            dependencies: [
                "KlaxonModel", "KlaxonStorage", "KlaxonEngine", "KlaxonRules", "KlaxonConfig", "KlaxonTemplate",
                "KlaxonMetrics", "KlaxonNotify", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KlaxonServer",
            dependencies: [
                "KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine", "KlaxonRules", "KlaxonConfig",
                "KlaxonTemplate", "KlaxonMetrics", "KlaxonHealth", "KlaxonNotify", "KlaxonScrape", "KlaxonAlerting",
                "KlaxonAPI", "KlaxonHTTPClient", "KlaxonYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "KlaxonExample",
            dependencies: ["KlaxonModel", "KlaxonMetrics", "KlaxonAlerting", "KlaxonNotify", "KlaxonHTTPClient"],
            swiftSettings: strict
        ),
        .target(name: "KlaxonTemplate", dependencies: ["KlaxonModel"], swiftSettings: strict),
        .target(
            name: "KlaxonMetrics",
            dependencies: ["KlaxonModel", .product(name: "CoreMetrics", package: "swift-metrics")],
            swiftSettings: strict
        ),
        .target(name: "KlaxonHealth", dependencies: ["KlaxonMetrics", "KlaxonModel"], swiftSettings: strict),
        .target(
            name: "KlaxonTestSupport",
            dependencies: ["KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "KlaxonCLI",
            dependencies: [
                "KlaxonModel", "KlaxonPromQL", "KlaxonStorage", "KlaxonEngine", "KlaxonYAML", "KlaxonConformance", "KlaxonAPI", "KlaxonRuleTest", "KlaxonConfig", "KlaxonServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "KlaxonFuzz", dependencies: ["KlaxonPromQL", "KlaxonModel", "KlaxonYAML", "KlaxonTemplate"],
            swiftSettings: strict
        ),
        .testTarget(name: "KlaxonModelTests", dependencies: ["KlaxonModel"], swiftSettings: strict),
        .testTarget(name: "KlaxonYAMLTests", dependencies: ["KlaxonYAML", "KlaxonModel"], swiftSettings: strict),
        .testTarget(name: "KlaxonPromQLTests", dependencies: ["KlaxonPromQL", "KlaxonModel"], swiftSettings: strict),
        .testTarget(name: "KlaxonStorageTests", dependencies: ["KlaxonStorage", "KlaxonModel"], swiftSettings: strict),
        .testTarget(
            name: "KlaxonEngineTests",
            dependencies: ["KlaxonEngine", "KlaxonPromQL", "KlaxonStorage", "KlaxonModel", "KlaxonTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonConformanceTests",
            dependencies: ["KlaxonConformance", "KlaxonEngine", "KlaxonPromQL", "KlaxonStorage", "KlaxonModel"],
            exclude: ["conformance-floor.txt"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonRulesTests",
            dependencies: ["KlaxonRules", "KlaxonEngine", "KlaxonPromQL", "KlaxonStorage", "KlaxonModel", "KlaxonTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonAPITests",
            dependencies: ["KlaxonAPI", "KlaxonEngine", "KlaxonStorage", "KlaxonModel"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonConfigTests",
            dependencies: ["KlaxonConfig", "KlaxonRules", "KlaxonYAML", "KlaxonModel", "KlaxonPromQL", "KlaxonTemplate"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonRuleTestTests",
            dependencies: [
                "KlaxonRuleTest", "KlaxonStorage", "KlaxonEngine", "KlaxonModel", "KlaxonConfig", "KlaxonMetrics",
                "KlaxonPromQL", "KlaxonYAML", "KlaxonRules",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonNotifyTests", dependencies: ["KlaxonNotify", "KlaxonMetrics", "KlaxonModel", "KlaxonHTTPClient"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonScrapeTests", dependencies: ["KlaxonScrape", "KlaxonStorage", "KlaxonModel"], swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonAlertingTests",
            dependencies: [
                "KlaxonAlerting", "KlaxonNotify", "KlaxonMetrics", "KlaxonStorage", "KlaxonModel", "KlaxonRules",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KlaxonServerTests",
            dependencies: [
                "KlaxonServer", "KlaxonAlerting", "KlaxonNotify", "KlaxonMetrics", "KlaxonStorage", "KlaxonModel",
                "KlaxonRules", "KlaxonScrape", "KlaxonHTTPClient", "KlaxonRuleTest", "KlaxonAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KlaxonTemplateTests", dependencies: ["KlaxonTemplate", "KlaxonModel"], swiftSettings: strict),
        .testTarget(name: "KlaxonMetricsTests", dependencies: ["KlaxonMetrics", "KlaxonModel"], swiftSettings: strict),
        .testTarget(
            name: "KlaxonHealthTests",
            dependencies: ["KlaxonHealth", "KlaxonMetrics", "KlaxonModel"],
            swiftSettings: strict
        ),
    ]
)
