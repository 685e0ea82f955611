public import KlaxonModel

/// `system_uptime_seconds` (time since this recorder started, by the registry's clock) and
/// `system_memory_usage_bytes` (the host's `MemTotal - MemAvailable` from `/proc/meminfo`), both computed
/// when the registry is collected.
public struct SystemMetrics: Sendable {
    /// When the uptime started counting (Unix milliseconds).
    public let startedAt: Timestamp
    private let clock: any WallClock

    /// Registers the two gauges on `registry`; memory is read below `procRoot`.
    public init(registry: MetricsRegistry, procRoot: String = "/proc") {
        let clock = registry.clock
        let startedAt = clock.now()
        self.clock = clock
        self.startedAt = startedAt
        let uptime = PlatformMetricCatalog.systemUptime
        registry.registerGaugeFunction(uptime.name, help: uptime.help, unit: uptime.unit) {
            Double(clock.now() - startedAt) / 1000
        }
        let memory = PlatformMetricCatalog.systemMemoryUsage
        registry.registerGaugeFunction(memory.name, help: memory.help, unit: memory.unit) {
            ProcFS.readFile(procRoot + "/meminfo").flatMap(ProcFS.parseMemoryInUse)
        }
    }

    /// Seconds since `startedAt`.
    public var uptimeSeconds: Double { Double(clock.now() - startedAt) / 1000 }
}
