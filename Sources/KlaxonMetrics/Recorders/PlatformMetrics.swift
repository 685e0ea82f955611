public import KlaxonModel

/// All of Klaxon's platform recorders over one registry: the object an application creates once and passes
/// to its subsystems (`metrics.cache.recordHit(tier: .l1)`), and the `/metrics` endpoint reads.
public struct PlatformMetrics: Sendable {
    public let registry: MetricsRegistry
    public let configuration: ConfigurationMetrics
    public let cache: CacheMetrics
    public let rbac: RBACMetrics
    public let audit: AuditMetrics
    public let storage: StorageMetrics
    public let crypto: CryptoMetrics
    public let http: HTTPMetrics
    public let system: SystemMetrics

    /// Declares every platform family on `registry` and, unless disabled, registers the `process_*` collector.
    public init(
        registry: MetricsRegistry = MetricsRegistry(),
        maxDistinctAuditUsers: Int = AuditMetrics.defaultMaxDistinctUsers,
        includeProcessMetrics: Bool = true,
        procRoot: String = "/proc"
    ) {
        self.registry = registry
        configuration = ConfigurationMetrics(registry: registry)
        cache = CacheMetrics(registry: registry)
        rbac = RBACMetrics(registry: registry)
        audit = AuditMetrics(registry: registry, maxDistinctUsers: maxDistinctAuditUsers)
        storage = StorageMetrics(registry: registry)
        crypto = CryptoMetrics(registry: registry)
        http = HTTPMetrics(registry: registry)
        system = SystemMetrics(registry: registry, procRoot: procRoot)
        if includeProcessMetrics { registry.register(ProcessCollector(procRoot: procRoot)) }
    }

    /// Every family now (the in-process feed).
    public func collect() -> [MetricFamilySnapshot] { registry.collect() }

    /// Every sample now, stamped `time` (for appending to the TSDB).
    public func samples(at time: Timestamp) -> [Sample] { registry.collect().samples(at: time) }

    /// A `/metrics` response for a request with this `Accept` header value.
    public func scrape(accept: String?) -> (contentType: String, body: String) {
        let format = ExpositionFormat.negotiate(accept: accept)
        return (format.contentType, registry.exposition(format))
    }
}
