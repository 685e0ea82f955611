import Foundation
import Testing

@testable import KlaxonHealth

struct StubProbe: CacheProbe, DatabaseProbe {
    var fails: Bool
    func ping() async throws { if fails { throw ProbeFailure() } }
    func probeConnection() async throws { if fails { throw ProbeFailure() } }
}

@Suite struct BuiltInChecksTests {
    @Test("the storage check creates and removes a file in a writable directory")
    func storageWritable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("klaxon-health-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer {
            // try?: cleanup of a temporary directory; a leftover does not affect the result.
            try? FileManager.default.removeItem(at: directory)
        }
        let outcome = try await StorageHealthCheck(path: directory.path).check()
        #expect(outcome.status == .healthy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("the storage check is unhealthy when the directory does not exist")
    func storageMissing() async throws {
        let outcome = try await StorageHealthCheck(path: "/nonexistent-klaxon-dir/data").check()
        #expect(outcome.status == .unhealthy)
        #expect(outcome.message == "storage path \"/nonexistent-klaxon-dir/data\" is not writable: no such file or directory")
    }

    @Test("the cache check follows its probe", arguments: [(false, HealthStatus.healthy), (true, .unhealthy)])
    func cache(fails: Bool, expected: HealthStatus) async throws {
        let viaProtocol = try await CacheHealthCheck(probe: StubProbe(fails: fails)).check()
        let viaClosure = try await CacheHealthCheck { if fails { throw ProbeFailure() } }.check()
        #expect(viaProtocol.status == expected)
        #expect(viaClosure.status == expected)
        if fails { #expect(viaProtocol.message == "cache probe failed: connection refused") }
    }

    @Test("the database check follows its connect probe", arguments: [(false, HealthStatus.healthy), (true, .unhealthy)])
    func database(fails: Bool, expected: HealthStatus) async throws {
        let outcome = try await DatabaseHealthCheck(probe: StubProbe(fails: fails)).check()
        #expect(outcome.status == expected)
        #expect(outcome.message == (fails ? "database connection failed: connection refused" : "database connection succeeded"))
    }

    @Test(
        "disk usage at or above the warning threshold is degraded, at or above the critical one unhealthy",
        arguments: [
            (UInt64(1000), UInt64(500), HealthStatus.healthy), (1000, 201, .healthy), (1000, 200, .degraded),
            (1000, 150, .degraded), (1000, 100, .unhealthy), (1000, 0, .unhealthy), (0, 0, .healthy),
        ]
    )
    func diskSpace(total: UInt64, available: UInt64, expected: HealthStatus) async throws {
        let check = DiskSpaceHealthCheck(path: "/data", warningThreshold: 0.8, criticalThreshold: 0.9) { _ in
            DiskUsage(totalBytes: total, availableBytes: available)
        }
        #expect(try await check.check().status == expected)
    }

    @Test("the disk message names the path, the usage and the crossed threshold")
    func diskMessage() async throws {
        let check = DiskSpaceHealthCheck(path: "/data") { _ in DiskUsage(totalBytes: 1000, availableBytes: 150) }
        #expect(
            try await check.check().message
                == "disk \"/data\" is 85% full (150 of 1000 bytes available), warning threshold 80%")
    }

    @Test("statvfs reads the real root file system, and a missing path is reported by the checker")
    func realStatvfs() async throws {
        let usage = try DiskUsage.of(path: "/")
        #expect(usage.totalBytes > 0)
        #expect(usage.availableBytes <= usage.totalBytes)
        let checker = HealthChecker()
        checker.register(DiskSpaceHealthCheck(path: "/nonexistent-klaxon-dir"))
        let report = await checker.run()
        #expect(report.checks.first?.status == .unhealthy)
        #expect(report.checks.first?.message == "cannot read disk usage of \"/nonexistent-klaxon-dir\": no such file or directory")
    }
}
