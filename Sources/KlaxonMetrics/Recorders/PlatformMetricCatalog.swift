/// Every metric family the platform recorders export, defined once: names, help texts, units, label names.
/// Names follow Prometheus conventions (base units, `_total` on counters) except two gauges whose names were
/// fixed before Klaxon and end in `_total` (`config_active_total`, `rbac_active_roles_total`); promtool's
/// linter flags exactly those two ("non-counter metrics should not have \"_total\" suffix").
public enum PlatformMetricCatalog {
    /// Buckets (seconds) for operations that usually take well under a millisecond (cache, RBAC, crypto):
    /// 100µs to 250ms. Other durations use the Prometheus default buckets (5ms to 10s).
    public static let fastOperationBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
    ]

    // MARK: Configuration
    public static let configOperations = MetricDescriptor(
        name: "config_operations_total", help: "Total number of configuration operations.",
        type: .counter, labelNames: ["operation", "environment"])
    public static let configOperationDuration = MetricDescriptor(
        name: "config_operation_duration_seconds", help: "Duration of configuration operations in seconds.",
        type: .histogram, unit: "seconds", labelNames: ["operation"])
    public static let configActive = MetricDescriptor(
        name: "config_active_total", help: "Number of active configurations.",
        type: .gauge, labelNames: ["environment"])
    public static let configErrors = MetricDescriptor(
        name: "config_errors_total", help: "Total number of configuration errors.",
        type: .counter, labelNames: ["error_type"])

    // MARK: Cache
    public static let cacheHits = MetricDescriptor(
        name: "cache_hits_total", help: "Total number of cache hits.", type: .counter, labelNames: ["tier"])
    public static let cacheMisses = MetricDescriptor(
        name: "cache_misses_total", help: "Total number of cache misses.", type: .counter, labelNames: ["tier"])
    public static let cacheEvictions = MetricDescriptor(
        name: "cache_evictions_total", help: "Total number of cache evictions.", type: .counter, labelNames: ["tier"])
    public static let cacheSize = MetricDescriptor(
        name: "cache_size_entries", help: "Number of entries in the cache.", type: .gauge, labelNames: ["tier"])
    public static let cacheOperationDuration = MetricDescriptor(
        name: "cache_operation_duration_seconds", help: "Duration of cache operations in seconds.",
        type: .histogram, unit: "seconds", labelNames: ["operation", "tier"],
        buckets: fastOperationBuckets)

    // MARK: RBAC
    public static let rbacPermissionChecks = MetricDescriptor(
        name: "rbac_permission_checks_total", help: "Total number of RBAC permission checks.",
        type: .counter, labelNames: ["resource", "action", "result"])
    public static let rbacPermissionDenials = MetricDescriptor(
        name: "rbac_permission_denials_total", help: "Total number of RBAC permission denials.",
        type: .counter, labelNames: ["resource", "action"])
    public static let rbacCheckDuration = MetricDescriptor(
        name: "rbac_check_duration_seconds", help: "Duration of RBAC permission checks in seconds.",
        type: .histogram, unit: "seconds",
        buckets: fastOperationBuckets)
    public static let rbacActiveRoles = MetricDescriptor(
        name: "rbac_active_roles_total", help: "Number of active RBAC roles.", type: .gauge)

    // MARK: Audit
    public static let auditEvents = MetricDescriptor(
        name: "audit_events_total", help: "Total number of audit events.", type: .counter, labelNames: ["event_type"])
    public static let auditEventsByUser = MetricDescriptor(
        name: "audit_events_by_user_total",
        help: "Total number of audit events by user; users beyond the distinct-user limit are counted as \"__other__\".",
        type: .counter, labelNames: ["user"])
    public static let auditEventsByUserOverflow = MetricDescriptor(
        name: "audit_events_by_user_overflow_total",
        help: "Total number of audit events counted as user \"__other__\" because the distinct-user limit was reached.",
        type: .counter)
    public static let auditEventProcessingDuration = MetricDescriptor(
        name: "audit_event_processing_duration_seconds", help: "Duration of audit event processing in seconds.",
        type: .histogram, unit: "seconds")
    public static let auditQueueSize = MetricDescriptor(
        name: "audit_queue_size", help: "Number of audit events waiting to be processed.", type: .gauge)

    // MARK: Storage
    public static let storageOperations = MetricDescriptor(
        name: "storage_operations_total", help: "Total number of storage operations.",
        type: .counter, labelNames: ["operation", "backend"])
    public static let storageOperationDuration = MetricDescriptor(
        name: "storage_operation_duration_seconds", help: "Duration of storage operations in seconds.",
        type: .histogram, unit: "seconds", labelNames: ["operation"])
    public static let storageSize = MetricDescriptor(
        name: "storage_size_bytes", help: "Size of stored data in bytes.", type: .gauge, unit: "bytes")
    public static let storageErrors = MetricDescriptor(
        name: "storage_errors_total", help: "Total number of storage errors.", type: .counter, labelNames: ["error_type"])

    // MARK: Crypto
    public static let cryptoOperations = MetricDescriptor(
        name: "crypto_operations_total", help: "Total number of cryptographic operations.",
        type: .counter, labelNames: ["operation", "algorithm"])
    public static let cryptoOperationDuration = MetricDescriptor(
        name: "crypto_operation_duration_seconds", help: "Duration of cryptographic operations in seconds.",
        type: .histogram, unit: "seconds", labelNames: ["operation"],
        buckets: fastOperationBuckets)
    public static let cryptoKeyRotations = MetricDescriptor(
        name: "crypto_key_rotations_total", help: "Total number of key rotations.", type: .counter)
    public static let cryptoEncryptionErrors = MetricDescriptor(
        name: "crypto_encryption_errors_total", help: "Total number of encryption and decryption errors.", type: .counter)

    // MARK: System and HTTP
    public static let systemUptime = MetricDescriptor(
        name: "system_uptime_seconds", help: "Time since the platform metrics were started in seconds.",
        type: .gauge, unit: "seconds")
    public static let systemMemoryUsage = MetricDescriptor(
        name: "system_memory_usage_bytes", help: "Memory in use on the host (total minus available) in bytes.",
        type: .gauge, unit: "bytes")
    public static let httpRequests = MetricDescriptor(
        name: "http_requests_total", help: "Total number of HTTP requests.",
        type: .counter, labelNames: ["method", "path", "status"])
    public static let httpRequestDuration = MetricDescriptor(
        name: "http_request_duration_seconds", help: "Duration of HTTP requests in seconds.",
        type: .histogram, unit: "seconds", labelNames: ["method", "path"])

    // MARK: Process (client_golang's process collector names and help texts)
    public static let processCPUSeconds = MetricDescriptor(
        name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.",
        type: .counter, unit: "seconds")
    public static let processResidentMemory = MetricDescriptor(
        name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", type: .gauge, unit: "bytes")
    public static let processVirtualMemory = MetricDescriptor(
        name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.", type: .gauge, unit: "bytes")
    public static let processStartTime = MetricDescriptor(
        name: "process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.",
        type: .gauge, unit: "seconds")
    public static let processOpenFDs = MetricDescriptor(
        name: "process_open_fds", help: "Number of open file descriptors.", type: .gauge)
    public static let processMaxFDs = MetricDescriptor(
        name: "process_max_fds", help: "Maximum number of open file descriptors.", type: .gauge)

    /// Every family above, in declaration order.
    public static let all: [MetricDescriptor] = [
        configOperations, configOperationDuration, configActive, configErrors,
        cacheHits, cacheMisses, cacheEvictions, cacheSize, cacheOperationDuration,
        rbacPermissionChecks, rbacPermissionDenials, rbacCheckDuration, rbacActiveRoles,
        auditEvents, auditEventsByUser, auditEventsByUserOverflow, auditEventProcessingDuration, auditQueueSize,
        storageOperations, storageOperationDuration, storageSize, storageErrors,
        cryptoOperations, cryptoOperationDuration, cryptoKeyRotations, cryptoEncryptionErrors,
        systemUptime, systemMemoryUsage, httpRequests, httpRequestDuration,
        processCPUSeconds, processResidentMemory, processVirtualMemory, processStartTime, processOpenFDs, processMaxFDs,
    ]
}
