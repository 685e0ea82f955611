import KlaxonMetrics
public import KlaxonModel

extension ScrapeLoop {
    /// The request Prometheus sends: `Accept` with q-values, `Accept-Encoding`, `User-Agent`,
    /// `X-Prometheus-Scrape-Timeout-Seconds`, credentials and configured headers.
    public var request: HTTPRequest {
        var headers: [(name: String, value: String)] = [
            ("Accept", config.acceptHeader),
            ("Accept-Encoding", config.enableCompression ? "gzip" : "identity"),
            ("User-Agent", config.userAgent),
            ("X-Prometheus-Scrape-Timeout-Seconds", GoFloat.formatAPI(target.scrapeTimeout.secondsDouble)),
        ]
        if let basic = config.basicAuth {
            headers.append(("Authorization", "Basic " + Base64.encode((basic.username + ":" + basic.password).utf8)))
        } else if let authorization = config.authorization {
            headers.append(("Authorization", authorization.type + " " + authorization.credentials))
        }
        for name in config.headers.keys.sorted() {
            if let value = config.headers[name] { headers.append((name, value)) }
        }
        // Prometheus fails a body of `body_size_limit` bytes or more; the transport fails one above its limit.
        let limit = config.bodySizeLimit > 0 ? config.bodySizeLimit - 1 : Int.max
        return HTTPRequest(
            method: "GET", url: target.scrapeURL, headers: headers, timeout: target.scrapeTimeout,
            maxResponseBytes: limit)
    }

    /// Fetches the exposition, racing the transport against the scrape timeout on the loop's clock. Failures
    /// become `.failed` with Prometheus's wording; only cancellation is thrown.
    func fetch(through transport: any HTTPTransport) async throws -> Payload {
        let request = self.request
        let deadline = time.now() + target.scrapeTimeout.milliseconds
        let time = self.time
        let response: HTTPResponse
        do {
            response = try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
                group.addTask { try await transport.send(request) }
                group.addTask {
                    try await time.sleep(until: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw HTTPTransportError.timedOut
                }
                return response
            }
        } catch {
            try Task.checkCancellation()
            return .failed(describe(error, url: request.url))
        }
        return payload(from: response)
    }

    /// Turns a response into an exposition to parse, or a failure.
    func payload(from response: HTTPResponse) -> Payload {
        guard response.status == 200 else {
            return .failed("server returned HTTP status \(response.status) \(HTTPStatusText.text(response.status))")
        }
        if config.bodySizeLimit > 0 && response.body.count >= config.bodySizeLimit {
            metrics?.exceededBodySizeLimit.increment()
            return .failed("body size limit exceeded")
        }
        if let encoding = response.header("Content-Encoding"), encoding.lowercased() == "gzip",
            response.body.starts(with: [0x1F, 0x8B])
        {
            return .failed("gzip-compressed response: the HTTP transport must decompress scrape responses")
        }
        switch ContentType.format(response.header("Content-Type"), fallback: config.fallbackScrapeProtocol?.format) {
        case .success(let format):
            return .exposition(response.body, format)
        case .failure(let error):
            return .failed(error.message)
        }
    }

    /// Prometheus's wording for transport failures (Go's `*url.Error`: `Get "<url>": <cause>`).
    func describe(_ error: any Error, url: String) -> String {
        let quoted = GoQuote.quote(url)
        switch error {
        case HTTPTransportError.timedOut: return "Get \(quoted): context deadline exceeded"
        case HTTPTransportError.bodyTooLarge:
            metrics?.exceededBodySizeLimit.increment()
            return "body size limit exceeded"
        case HTTPTransportError.connectionFailed(let cause): return "Get \(quoted): \(cause)"
        case HTTPTransportError.invalidURL(let cause): return "Get \(quoted): \(cause)"
        default: return "Get \(quoted): \(error)"
        }
    }
}

/// Picks the parser from a response's `Content-Type` (Prometheus's `extractMediaType`).
enum ContentType {
    struct Failure: Error, Equatable { var message: String }

    static func format(_ contentType: String?, fallback: ScrapeFormat?) -> Result<ScrapeFormat, Failure> {
        guard let contentType, !contentType.isEmpty else {
            if let fallback { return .success(fallback) }
            return .failure(
                Failure(
                    message: "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol "
                        + "specified for target"))
        }
        let mediaType: String
        switch parseMediaType(contentType) {
        case .success(let parsed):
            mediaType = parsed
        case .failure(let error):
            if let fallback { return .success(fallback) }
            return .failure(
                Failure(
                    message: "cannot parse Content-Type \(GoQuote.quote(contentType)) and no fallback_scrape_protocol "
                        + "for target\n\(error.message)"))
        }
        switch mediaType {
        case "application/openmetrics-text": return .success(.openMetrics)
        case "text/plain": return .success(.prometheusText)
        default:
            if let fallback { return .success(fallback) }
            return .failure(
                Failure(
                    message: "received unsupported Content-Type \(GoQuote.quote(contentType)) and no "
                        + "fallback_scrape_protocol specified for target"))
        }
    }

    /// The lower-cased `type/subtype` of a media type (Go's `mime.ParseMediaType`, parameters not checked).
    static func parseMediaType(_ value: String) -> Result<String, Failure> {
        let base = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = base.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else { return .failure(Failure(message: "mime: no media type")) }
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, isToken(parts[0]) else {
            return .failure(Failure(message: "mime: expected slash after first token"))
        }
        guard isToken(parts[1]) else { return .failure(Failure(message: "mime: expected token after slash")) }
        return .success(trimmed.lowercased())
    }

    private static func isToken(_ s: Substring) -> Bool {
        !s.isEmpty
            && s.utf8.allSatisfy { c in
                c > 0x20 && c < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(c)
            }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}

/// Go's `http.StatusText` for the codes a scrape target plausibly returns.
enum HTTPStatusText {
    static func text(_ code: Int) -> String {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Request Entity Too Large"
        case 415: "Unsupported Media Type"
        case 418: "I'm a teapot"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}
