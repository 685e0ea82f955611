import HTTPTypes
public import Hummingbird
import KlaxonAPI
import KlaxonHealth
import KlaxonMetrics
import KlaxonModel
import KlaxonScrape
import NIOCore

/// The Hummingbird router of `klaxon serve`: Prometheus's API paths, `/metrics`, the management endpoints
/// (`/-/healthy`, `/-/ready`, `/-/reload`) and `/healthz`. Every handler is a function of `ServerRuntime`;
/// this type only moves bytes between HTTP and those functions.
public enum ServerRouter {
    /// Klaxon's version, shown by `/api/v1/status/buildinfo`.
    public static let version = "0.1.0"

    /// Builds the router; `authenticator` (from `--web.config`) guards every path but `/-/healthy`.
    public static func make(runtime: ServerRuntime, authenticator: WebAuthenticator? = nil)
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: runtime.metrics, platform: runtime.platform))
        if let authenticator { router.add(middleware: AuthMiddleware(authenticator: authenticator)) }
        let limit = runtime.options.limits.maxRequestBytes

        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v1/query", method: method) { request, _ in
                await respond(request, limit: limit) { form in runtime.api.query(form) }
            }
            router.on("/api/v1/query_range", method: method) { request, _ in
                await respond(request, limit: limit) { form in runtime.api.queryRange(form) }
            }
            router.on("/api/v1/series", method: method) { request, _ in
                await respond(request, limit: limit) { form in runtime.api.series(form) }
            }
            router.on("/api/v1/labels", method: method) { request, _ in
                await respond(request, limit: limit) { form in runtime.api.labelNames(form) }
            }
        }
        router.get("/api/v1/label/{name}/values") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await respond(request, limit: limit) { form in runtime.api.labelValues(name: name, form) }
        }
        router.get("/api/v1/rules") { request, _ in
            let groups = await runtime.rules.groups()
            return await respond(request, limit: limit) { form in RulesAPI.rules(groups, form: form) }
        }
        router.get("/api/v1/alerts") { request, _ in
            let groups = await runtime.rules.groups()
            return await respond(request, limit: limit) { _ in RulesAPI.alerts(groups) }
        }
        router.get("/api/v1/targets") { request, _ in
            let active = await runtime.scrapes.activeTargets()
            let dropped = await runtime.scrapes.droppedTargets()
            let pools = Array(
                Set(active.map(\.scrapePool) + (runtime.configuration?.config.scrapeConfigs.map(\.jobName) ?? [])))
            return await respond(request, limit: limit) { form in
                TargetsAPI.targets(active: active, dropped: dropped, pools: pools, form: form)
            }
        }
        // Grafana asks for these; Klaxon keeps no metric metadata or exemplars, so the answers are empty.
        router.get("/api/v1/metadata") { _, _ in response(.success(data: "{}")) }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v1/query_exemplars", method: method) { _, _ in response(.success(data: "[]")) }
        }
        router.get("/api/v1/status/flags") { _, _ in response(.success(data: "{}")) }
        router.get("/api/v1/status/buildinfo") { _, _ in
            response(StatusAPI.buildInfo(version: version))
        }
        router.get("/api/v1/status/config") { _, _ in
            response(StatusAPI.config(yaml: runtime.redactedConfigYAML))
        }
        router.get("/metrics") { request, _ in
            var pools: [String: (total: Int, up: Int)] = [:]
            for target in await runtime.scrapes.activeTargets() {
                pools[target.scrapePool, default: (0, 0)].total += 1
                if target.health == .up { pools[target.scrapePool, default: (0, 0)].up += 1 }
            }
            for (pool, counts) in pools { runtime.metrics.setTargets(pool: pool, total: counts.total, up: counts.up) }
            let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
            let body = runtime.platform.registry.exposition(format)
            return response(APIReply(status: 200, contentType: format.contentType, body: body))
        }
        router.get("/-/healthy") { _, _ in response(.text("Klaxon Server is Healthy.\n")) }
        router.head("/-/healthy") { _, _ in response(.text("")) }
        router.get("/-/ready") { _, _ in
            response(runtime.isReady ? .text("Klaxon Server is Ready.\n") : .text("Service Unavailable", status: 503))
        }
        for method in [HTTPRequest.Method.post, .put] {
            router.on("/-/reload", method: method) { _, _ in
                do throws(ConfigLoadError) {
                    try await runtime.reload()
                    return response(.text(""))
                } catch {
                    return response(.text("failed to reload config: \(error.description)\n", status: 500))
                }
            }
        }
        router.get("/healthz") { _, _ in
            let report = await runtime.health.run()
            return response(APIReply(status: report.httpStatusCode, contentType: "application/json", body: report.json))
        }
        return router
    }

    /// Reads the form (query string plus a url-encoded body within `limit`) and runs `handler`.
    static func respond(_ request: Request, limit: Int, _ handler: (FormParameters) async -> APIReply) async
        -> Response
    {
        var bodyText: String?
        if request.method == .post {
            var collected: [UInt8] = []
            do {
                for try await buffer in request.body {
                    if collected.count + buffer.readableBytes > limit {
                        return response(
                            .error(
                                .badData, "request body larger than \(limit) bytes (set by --web.max-request-bytes)"),
                            status: 413)
                    }
                    collected += buffer.readableBytesView
                }
            } catch {
                return response(.error(.badData, "error parsing form values: \(error)"))
            }
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            if contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.isEmpty {
                bodyText = String(decoding: collected, as: UTF8.self)
            }
        }
        if let query = request.uri.query, query.utf8.count > limit {
            return response(.error(.badData, "request URI larger than \(limit) bytes"), status: 414)
        }
        return response(await handler(FormParameters(query: request.uri.query, body: bodyText)))
    }

    /// Converts an `APIReply` to a Hummingbird response (optionally overriding the status).
    static func response(_ reply: APIReply, status: Int? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: status ?? reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// Counts requests and their latency per route in `klaxon_http_*`, and in the platform's
/// `http_requests_total`/`http_request_duration_seconds` (so the bundled rules watch Klaxon's own API in the
/// embedded default).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let platform: PlatformMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let handler = Self.handlerName(request.uri.path)
        do {
            let response = try await next(request, context)
            record(request, handler: handler, code: response.status.code, duration: ContinuousClock.now - started)
            return response
        } catch let error as HTTPError {
            record(request, handler: handler, code: error.status.code, duration: ContinuousClock.now - started)
            throw error
        }
    }

    private func record(_ request: Request, handler: String, code: Int, duration: Duration) {
        metrics.recordRequest(handler: handler, code: code, duration: duration)
        platform.http.recordRequest(method: request.method.rawValue, path: handler, status: code, duration: duration)
    }

    /// The route, with `/api/v1/label/<name>/values` folded into one handler (bounded label values).
    static func handlerName(_ path: String) -> String {
        if path.hasPrefix("/api/v1/label/") && path.hasSuffix("/values") { return "/api/v1/label/:name/values" }
        let known = [
            "/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels", "/api/v1/rules",
            "/api/v1/alerts", "/api/v1/targets", "/api/v1/status/buildinfo", "/api/v1/status/config", "/metrics",
            "/api/v1/metadata", "/api/v1/query_exemplars", "/api/v1/status/flags",
            "/-/healthy", "/-/ready", "/-/reload", "/healthz",
        ]
        return known.contains(path) ? path : "other"
    }
}
