import KlaxonMetrics

/// Pretends to be the platform: serves HTTP requests (a configurable share of them failing), looks things up
/// in its two-tier cache and checks permissions, recording everything through `PlatformMetrics` as the real
/// services would.
struct PlatformSimulator: Sendable {
    let metrics: PlatformMetrics
    let errorRate: Double
    let requestsPerSecond: Int

    private static let routes = [
        ("GET", "/api/v1/configs/{id}"), ("PUT", "/api/v1/configs/{id}"), ("GET", "/api/v1/users"),
    ]

    /// Simulates traffic, ten batches a second, until `seconds` have passed (nil: until cancelled).
    func run(seconds: Int?) async throws {
        let batch = max(1, requestsPerSecond / 10)
        var remaining = seconds.map { $0 * 10 }
        while remaining.map({ $0 > 0 }) ?? true {
            for _ in 0..<batch { serveRequest() }
            metrics.cache.setSize(Int.random(in: 9_000...10_000), tier: .l1)
            metrics.rbac.setActiveRoles(12)
            try await Task.sleep(for: .milliseconds(100))
            remaining = remaining.map { $0 - 1 }
        }
    }

    private func serveRequest() {
        let (method, path) = Self.routes.randomElement() ?? ("GET", "/")
        let allowed = Double.random(in: 0..<1) >= 0.02
        metrics.rbac.recordCheck(
            resource: "configs", action: method == "GET" ? "read" : "write", allowed: allowed,
            duration: .microseconds(Int.random(in: 50...400)))
        guard allowed else {
            metrics.http.recordRequest(method: method, path: path, status: 403, duration: .milliseconds(2))
            return
        }
        if Double.random(in: 0..<1) < 0.85 {
            metrics.cache.recordHit(tier: .l1)
        } else {
            metrics.cache.recordMiss(tier: .l1)
            if Double.random(in: 0..<1) < 0.8 {
                metrics.cache.recordHit(tier: .l2)
            } else {
                metrics.cache.recordMiss(tier: .l2)
            }
        }
        let failed = Double.random(in: 0..<1) < errorRate
        metrics.http.recordRequest(
            method: method, path: path, status: failed ? 503 : 200,
            duration: .milliseconds(failed ? Int.random(in: 50...90) : Int.random(in: 5...60)))
    }
}
