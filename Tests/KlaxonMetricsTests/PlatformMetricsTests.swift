import KlaxonModel
import Testing

@testable import KlaxonMetrics

@Suite struct PlatformMetricsTests {
    /// A platform with every recorder used once.
    static func exercised(maxDistinctAuditUsers: Int = 100) -> PlatformMetrics {
        let platform = PlatformMetrics(
            registry: MetricsRegistry(clock: ManualWallClock(1_000)), maxDistinctAuditUsers: maxDistinctAuditUsers)
        platform.configuration.recordOperation("update", environment: "prod", duration: .milliseconds(30))
        platform.configuration.setActiveConfigurations(12, environment: "prod")
        platform.configuration.recordError(type: "validation")
        platform.cache.recordHit(tier: .l1)
        platform.cache.recordMiss(tier: .l2)
        platform.cache.recordEvictions(3, tier: .l1)
        platform.cache.setSize(100, tier: .l2)
        platform.cache.recordOperation("get", tier: .l1, duration: .microseconds(80))
        platform.rbac.recordCheck(resource: "config", action: "write", allowed: false, duration: .microseconds(200))
        platform.rbac.setActiveRoles(4)
        platform.audit.recordEvent(type: "login", user: "alice", processingDuration: .milliseconds(2))
        platform.audit.setQueueSize(7)
        platform.storage.recordOperation("write", backend: "s3", duration: .milliseconds(15))
        platform.storage.setSize(bytes: 4096)
        platform.storage.recordError(type: "timeout")
        platform.crypto.recordOperation("encrypt", algorithm: "aes-256-gcm", duration: .microseconds(40))
        platform.crypto.recordKeyRotation()
        platform.crypto.recordEncryptionError()
        platform.http.recordRequest(method: "GET", path: "/api/v1/configs", status: 200, duration: .milliseconds(5))
        return platform
    }

    @Test(
        "every platform family exists with its type, help text and label names",
        arguments: [
            ("config_operations_total", MetricType.counter, ["environment", "operation"]),
            ("config_operation_duration_seconds", .histogram, ["operation"]),
            ("config_active_total", .gauge, ["environment"]),
            ("config_errors_total", .counter, ["error_type"]),
            ("cache_hits_total", .counter, ["tier"]),
            ("cache_misses_total", .counter, ["tier"]),
            ("cache_evictions_total", .counter, ["tier"]),
            ("cache_size_entries", .gauge, ["tier"]),
            ("cache_operation_duration_seconds", .histogram, ["operation", "tier"]),
            ("rbac_permission_checks_total", .counter, ["action", "resource", "result"]),
            ("rbac_permission_denials_total", .counter, ["action", "resource"]),
            ("rbac_check_duration_seconds", .histogram, []),
            ("rbac_active_roles_total", .gauge, []),
            ("audit_events_total", .counter, ["event_type"]),
            ("audit_events_by_user_total", .counter, ["user"]),
            ("audit_events_by_user_overflow_total", .counter, []),
            ("audit_event_processing_duration_seconds", .histogram, []),
            ("audit_queue_size", .gauge, []),
            ("storage_operations_total", .counter, ["backend", "operation"]),
            ("storage_operation_duration_seconds", .histogram, ["operation"]),
            ("storage_size_bytes", .gauge, []),
            ("storage_errors_total", .counter, ["error_type"]),
            ("crypto_operations_total", .counter, ["algorithm", "operation"]),
            ("crypto_operation_duration_seconds", .histogram, ["operation"]),
            ("crypto_key_rotations_total", .counter, []),
            ("crypto_encryption_errors_total", .counter, []),
            ("system_uptime_seconds", .gauge, []),
            ("http_requests_total", .counter, ["method", "path", "status"]),
            ("http_request_duration_seconds", .histogram, ["method", "path"]),
        ] as [(String, MetricType, [String])]
    )
    func family(name: String, type: MetricType, labelNames: [String]) throws {
        let family = try #require(Self.exercised().collect().first { $0.name == name })
        #expect(family.type == type)
        #expect(!family.help.isEmpty)
        #expect(!family.series.isEmpty)
        for series in family.series {
            #expect(series.labels.map(\.name) == labelNames)
        }
    }

    #if os(Linux)
    @Test(
        "process and host families are present on Linux",
        arguments: [
            ("process_cpu_seconds_total", MetricType.counter), ("process_resident_memory_bytes", .gauge),
            ("process_virtual_memory_bytes", .gauge), ("process_start_time_seconds", .gauge),
            ("process_open_fds", .gauge), ("process_max_fds", .gauge), ("system_memory_usage_bytes", .gauge),
        ] as [(String, MetricType)]
    )
    func linuxFamily(name: String, type: MetricType) throws {
        let family = try #require(Self.exercised().collect().first { $0.name == name })
        #expect(family.type == type)
        #expect(!family.help.isEmpty)
    }
    #endif

    @Test("recorded values land in the right series")
    func values() throws {
        let samples = Self.exercised().collect().samples
        func value(_ labels: Labels) -> Double? { samples.first { $0.labels == labels }?.value }
        #expect(value(["__name__": "config_operations_total", "operation": "update", "environment": "prod"]) == 1)
        #expect(value(["__name__": "config_active_total", "environment": "prod"]) == 12)
        #expect(value(["__name__": "cache_evictions_total", "tier": "l1"]) == 3)
        #expect(value(["__name__": "cache_hits_total", "tier": "l2"]) == 0)
        #expect(value(["__name__": "rbac_permission_checks_total", "resource": "config", "action": "write", "result": "denied"]) == 1)
        #expect(value(["__name__": "rbac_permission_denials_total", "resource": "config", "action": "write"]) == 1)
        #expect(value(["__name__": "rbac_check_duration_seconds_sum"]) == 0.0002)
        #expect(value(["__name__": "storage_size_bytes"]) == 4096)
        #expect(value(["__name__": "http_requests_total", "method": "GET", "path": "/api/v1/configs", "status": "200"]) == 1)
        #expect(value(["__name__": "http_request_duration_seconds_bucket", "method": "GET", "path": "/api/v1/configs", "le": "0.005"]) == 1)
        #expect(value(["__name__": "cache_operation_duration_seconds_bucket", "operation": "get", "tier": "l1", "le": "0.0001"]) == 1)
    }

    @Test("an allowed RBAC check is not a denial")
    func allowedCheck() {
        let platform = PlatformMetrics(registry: MetricsRegistry(clock: ManualWallClock()), includeProcessMetrics: false)
        platform.rbac.recordCheck(resource: "config", action: "read", allowed: true)
        let names = platform.collect().filter { !$0.series.isEmpty }.map(\.name)
        #expect(names.contains("rbac_permission_checks_total"))
        #expect(!names.contains("rbac_permission_denials_total"))
    }

    @Test("the cache hit rate is read back per tier and overall")
    func hitRate() {
        let cache = PlatformMetrics(registry: MetricsRegistry(clock: ManualWallClock()), includeProcessMetrics: false).cache
        #expect(cache.hitRate(tier: .l1) == nil)
        #expect(cache.hitRate() == nil)
        for _ in 0..<3 { cache.recordHit(tier: .l1) }
        cache.recordMiss(tier: .l1)
        cache.recordMiss(tier: .l2)
        #expect(cache.hitRate(tier: .l1) == 0.75)
        #expect(cache.hitRate(tier: .l2) == 0)
        #expect(cache.hitRate() == 0.6)
    }

    @Test("beyond the distinct-user limit, audit users fold into __other__ and the overflow is counted")
    func cardinalityGuard() {
        let platform = Self.exercised(maxDistinctAuditUsers: 2)  // "alice" already seen
        for user in ["bob", "carol", "dave", "alice", "bob"] { platform.audit.recordEvent(type: "read", user: user) }
        let samples = platform.collect().samples
        let byUser = Dictionary(
            uniqueKeysWithValues: samples.filter { $0.labels.metricName == "audit_events_by_user_total" }
                .map { ($0.labels["user"], $0.value) })
        #expect(byUser == ["alice": 2, "bob": 2, "__other__": 2])
        #expect(samples.first { $0.labels.metricName == "audit_events_by_user_overflow_total" }?.value == 2)
        #expect(samples.first { $0.labels == ["__name__": "audit_events_total", "event_type": "read"] }?.value == 5)
    }

    @Test("uptime follows the registry clock")
    func uptime() {
        let clock = ManualWallClock(10_000)
        let platform = PlatformMetrics(registry: MetricsRegistry(clock: clock), includeProcessMetrics: false)
        clock.advance(by: 2_500)
        #expect(platform.system.uptimeSeconds == 2.5)
        #expect(platform.collect().first { $0.name == "system_uptime_seconds" }?.series.first?.value == .gauge(2.5))
    }

    @Test("scrape negotiates the format and renders it")
    func scrape() {
        let platform = Self.exercised()
        let openMetrics = platform.scrape(accept: "application/openmetrics-text;version=1.0.0")
        #expect(openMetrics.contentType.hasPrefix("application/openmetrics-text; version=1.0.0"))
        #expect(openMetrics.body.hasSuffix("# EOF\n"))
        let text = platform.scrape(accept: nil)
        #expect(text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.body.contains("# TYPE config_operations_total counter\n"))
    }

    @Test("the catalog lists every family once")
    func catalogIsUnique() {
        let names = PlatformMetricCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count == 36)
    }
}
