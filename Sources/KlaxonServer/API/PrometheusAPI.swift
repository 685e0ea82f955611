import KlaxonAPI
import KlaxonEngine
public import KlaxonModel
import KlaxonPromQL
public import KlaxonStorage

/// Bounds on what one API request may cost.
public struct QueryLimits: Sendable, Equatable {
    /// Longest evaluation; a request's `timeout` parameter can only shorten it.
    public var timeout: Duration
    /// Samples a query may hold in memory at once (Prometheus's `--query.max-samples`).
    public var maxSamples: Int
    /// Series a query result or a `/api/v1/series` answer may contain (0: no limit).
    public var maxSeries: Int
    /// Largest request body accepted (a larger one gets `413`).
    public var maxRequestBytes: Int
    /// Default lookback of instant selectors, in milliseconds.
    public var lookbackDelta: Int64

    public init(
        timeout: Duration = .seconds(120), maxSamples: Int = 50_000_000, maxSeries: Int = 500_000,
        maxRequestBytes: Int = 1 << 20, lookbackDelta: Int64 = WellKnown.defaultLookbackDelta
    ) {
        self.timeout = timeout
        self.maxSamples = maxSamples
        self.maxSeries = maxSeries
        self.maxRequestBytes = maxRequestBytes
        self.lookbackDelta = lookbackDelta
    }
}

/// The data endpoints of Prometheus's HTTP API over a `SeriesSource` (`/api/v1/query`, `/query_range`,
/// `/series`, `/labels`, `/label/<name>/values`), as functions from parameters to a reply; the HTTP server
/// only routes to them. Error types, messages and status codes are Prometheus's.
public struct PrometheusAPI<Source: SeriesSource>: Sendable {
    public let source: Source
    public let limits: QueryLimits
    private let now: @Sendable () -> Timestamp

    public init(source: Source, limits: QueryLimits = QueryLimits(), now: @escaping @Sendable () -> Timestamp) {
        self.source = source
        self.limits = limits
        self.now = now
    }

    /// `GET|POST /api/v1/query`.
    public func query(_ form: FormParameters) -> APIReply {
        let limit: Int
        let time: Timestamp
        let engine: Engine
        do throws(APIFailure) {
            limit = try Self.parseLimit(form.value("limit"))
            time = try Self.invalidParameter("time") { () throws(APITime.ParseError) in
                try APITime.parseTimeParameter(form.value("time"), name: "time", default: now())
            }
            engine = try makeEngine(form)
        } catch {
            return error.reply
        }
        let expr: Expr
        do {
            expr = try PromQL.parse(form.value("query"))
        } catch {
            return .error(.badData, "invalid parameter \"query\": \(error)")
        }
        do {
            let result = try engine.instantQuery(expr, at: time, source: source)
            return finish(result, limit: limit)
        } catch {
            return .error(APIResponse.errorType(of: error), error.message)
        }
    }

    /// `GET|POST /api/v1/query_range`.
    public func queryRange(_ form: FormParameters) -> APIReply {
        let limit: Int
        let start: Timestamp
        let end: Timestamp
        let step: Int64
        let engine: Engine
        do throws(APIFailure) {
            limit = try Self.parseLimit(form.value("limit"))
            start = try Self.invalidParameter("start") { () throws(APITime.ParseError) in
                try APITime.parseTime(form.value("start"))
            }
            end = try Self.invalidParameter("end") { () throws(APITime.ParseError) in
                try APITime.parseTime(form.value("end"))
            }
            if end < start {
                throw APIFailure(.badData, "invalid parameter \"end\": end timestamp must not be before start time")
            }
            step = try Self.invalidParameter("step") { () throws(APITime.ParseError) in
                try APITime.parseDuration(form.value("step"))
            }
            if step <= 0 {
                throw APIFailure(
                    .badData,
                    "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"
                )
            }
            if (end - start) / step > 11_000 {
                throw APIFailure(
                    .badData,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
                )
            }
            engine = try makeEngine(form)
        } catch {
            return error.reply
        }
        let expr: Expr
        do {
            expr = try PromQL.parse(form.value("query"))
        } catch {
            return .error(.badData, "invalid parameter \"query\": \(error)")
        }
        guard expr.type == .vector || expr.type == .scalar else {
            return .error(
                .badData,
                "invalid parameter \"query\": invalid expression type \"\(expr.type.rawValue)\" for range query, must be Scalar or instant Vector"
            )
        }
        do {
            let result = try engine.rangeQuery(expr, start: start, end: end, step: step, source: source)
            return finish(result, limit: limit)
        } catch {
            return .error(APIResponse.errorType(of: error), error.message)
        }
    }

    /// Applies `limit` (truncating with Prometheus's warning) and the series limit, then encodes.
    private func finish(_ result: QueryResult, limit: Int) -> APIReply {
        var result = result
        let count: Int
        switch result.value {
        case .vector(let samples): count = samples.count
        case .matrix(let series): count = series.count
        default: count = 0
        }
        if limits.maxSeries > 0 && count > limits.maxSeries && (limit == 0 || limit > limits.maxSeries) {
            return .error(
                .execution,
                "query returned \(count) series, more than the limit of \(limits.maxSeries) (set by --query.max-series)"
            )
        }
        if limit > 0 && count > limit {
            switch result.value {
            case .vector(let samples): result.value = .vector(Array(samples.prefix(limit)))
            case .matrix(let series): result.value = .matrix(Array(series.prefix(limit)))
            default: break
            }
            result.annotations.warn("results truncated due to limit")
        }
        return .json(APIResponse.success(result))
    }

    /// The engine for one request: the server's limits, shortened by `timeout`, with `lookback_delta`.
    private func makeEngine(_ form: FormParameters) throws(APIFailure) -> Engine {
        var options = EngineOptions()
        options.maxSamples = limits.maxSamples
        options.timeout = limits.timeout
        options.lookbackDelta = limits.lookbackDelta
        let timeoutText = form.value("timeout")
        if !timeoutText.isEmpty {
            let ms = try Self.invalidParameter("timeout") { () throws(APITime.ParseError) in
                try APITime.parseDuration(timeoutText)
            }
            options.timeout = min(limits.timeout, .milliseconds(max(0, ms)))
        }
        let lookbackText = form.value("lookback_delta")
        if !lookbackText.isEmpty {
            do {
                let ms = try APITime.parseDuration(lookbackText)
                if ms > 0 { options.lookbackDelta = ms }
            } catch {
                throw APIFailure(.badData, "error parsing lookback delta duration: \(error.message)")
            }
        }
        return Engine(options: options)
    }

    // MARK: Metadata

    /// `GET|POST /api/v1/series`.
    public func series(_ form: FormParameters) -> APIReply {
        let selectors = form.values("match[]")
        guard !selectors.isEmpty else { return .error(.badData, "no match[] parameter provided") }
        let limit: Int
        let start: Timestamp
        let end: Timestamp
        let sets: [[LabelMatcher]]
        do throws(APIFailure) {
            limit = try Self.parseLimit(form.value("limit"))
            (start, end) = try Self.timeRange(form)
            sets = try Self.invalidParameter("match[]") { () throws(APIFailure) in try Self.matcherSets(selectors) }
        } catch {
            return error.reply
        }
        var seen = Set<Labels>()
        var all: [Labels] = []
        do {
            for matchers in sets {
                for series in try source.select(matchers, mint: start, maxt: end)
                where seen.insert(series.labels).inserted {
                    all.append(series.labels)
                }
            }
        } catch {
            return .error(.execution, "\(error)")
        }
        all.sort { Labels.compare($0, $1) < 0 }
        var warnings: [String] = []
        if limit > 0 && all.count > limit {
            all = Array(all.prefix(limit))
            warnings.append("results truncated due to limit")
        } else if limits.maxSeries > 0 && all.count > limits.maxSeries {
            return .error(
                .execution,
                "query returned \(all.count) series, more than the limit of \(limits.maxSeries) (set by --query.max-series)"
            )
        }
        return .success(data: "[" + all.map(GoJSON.labels).joined(separator: ",") + "]", warnings: warnings)
    }

    /// `GET|POST /api/v1/labels`.
    public func labelNames(_ form: FormParameters) -> APIReply {
        let limit: Int
        let start: Timestamp
        let end: Timestamp
        let sets: [[LabelMatcher]]
        do throws(APIFailure) {
            limit = try Self.parseLimit(form.value("limit"))
            (start, end) = try Self.timeRange(form)
            sets = try Self.matcherSets(form.values("match[]"))
        } catch {
            return error.reply
        }
        do {
            return strings(try source.labelNames(matching: sets, mint: start, maxt: end), limit: limit)
        } catch {
            return .error(.execution, "\(error)")
        }
    }

    /// `GET /api/v1/label/<name>/values`.
    public func labelValues(name rawName: String, _ form: FormParameters) -> APIReply {
        let name = rawName.hasPrefix("U__") ? Self.unescapeName(rawName) : rawName
        guard !name.isEmpty else { return .error(.badData, "invalid label name: \(GoQuote.quote(name))") }
        let limit: Int
        let start: Timestamp
        let end: Timestamp
        let sets: [[LabelMatcher]]
        do throws(APIFailure) {
            limit = try Self.parseLimit(form.value("limit"))
            (start, end) = try Self.timeRange(form)
            sets = try Self.matcherSets(form.values("match[]"))
        } catch {
            return error.reply
        }
        do {
            return strings(try source.labelValues(name, matching: sets, mint: start, maxt: end), limit: limit)
        } catch {
            return .error(.execution, "\(error)")
        }
    }

    private func strings(_ values: [String], limit: Int) -> APIReply {
        var values = values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var warnings: [String] = []
        if limit > 0 && values.count > limit {
            values = Array(values.prefix(limit))
            warnings.append("results truncated due to limit")
        }
        return .success(data: "[" + values.map(GoJSON.quote).joined(separator: ",") + "]", warnings: warnings)
    }

    // MARK: Parameters

    /// `start`/`end` with Prometheus's defaults (`MinTime`, `MaxTime`).
    static func timeRange(_ form: FormParameters) throws(APIFailure) -> (Timestamp, Timestamp) {
        let start = try invalidParameter("start") { () throws(APITime.ParseError) in
            try APITime.parseTimeParameter(form.value("start"), name: "start", default: APITime.minTime)
        }
        let end = try invalidParameter("end") { () throws(APITime.ParseError) in
            try APITime.parseTimeParameter(form.value("end"), name: "end", default: APITime.maxTime)
        }
        return (start, end)
    }

    /// `parseMatchersParam`: each selector parsed; every set needs a matcher that does not match "".
    static func matcherSets(_ selectors: [String]) throws(APIFailure) -> [[LabelMatcher]] {
        var sets: [[LabelMatcher]] = []
        for text in selectors {
            do {
                sets.append(try PromQL.parseSelector(text))
            } catch {
                throw APIFailure(.badData, error.description)
            }
        }
        for set in sets where set.allSatisfy(\.matchesEmpty) {
            throw APIFailure(.badData, "match[] must contain at least one non-empty matcher")
        }
        return sets
    }

    /// `parseLimitParam`.
    static func parseLimit(_ text: String) throws(APIFailure) -> Int {
        if text.isEmpty { return 0 }
        guard let limit = Int(text) else {
            throw APIFailure(
                .badData, "invalid parameter \"limit\": strconv.Atoi: parsing \(GoQuote.quote(text)): invalid syntax")
        }
        guard limit >= 0 else { throw APIFailure(.badData, "invalid parameter \"limit\": limit must be non-negative") }
        return limit
    }

    /// Runs a parse, prefixing its error with `invalid parameter "<name>": ` (Prometheus's `invalidParamError`).
    static func invalidParameter<T, E: Error & CustomStringConvertible>(
        _ name: String, _ body: () throws(E) -> T
    ) throws(APIFailure) -> T {
        do {
            return try body()
        } catch let failure as APIFailure {
            throw APIFailure(failure.type, "invalid parameter \(GoQuote.quote(name)): \(failure.message)")
        } catch {
            throw APIFailure(.badData, "invalid parameter \(GoQuote.quote(name)): \(error.description)")
        }
    }

    /// Prometheus's `U__` name escaping: `_` followed by hex digits and `_` encodes a code point, `__` is `_`.
    static func unescapeName(_ escaped: String) -> String {
        var out = ""
        var chars = Array(escaped.dropFirst(3))[...]
        while let c = chars.popFirst() {
            guard c == "_" else {
                out.append(c)
                continue
            }
            if chars.first == "_" {
                chars = chars.dropFirst()
                out.append("_")
                continue
            }
            var hex = ""
            while let next = chars.first, next != "_" {
                hex.append(next)
                chars = chars.dropFirst()
            }
            guard chars.first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                return escaped  // malformed: Prometheus keeps the original name
            }
            chars = chars.dropFirst()
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

/// An API error on its way to becoming a reply.
struct APIFailure: Error, CustomStringConvertible {
    var type: APIResponse.ErrorType
    var message: String

    init(_ type: APIResponse.ErrorType, _ message: String) {
        self.type = type
        self.message = message
    }

    var description: String { message }
    var reply: APIReply { .error(type, message) }
}
