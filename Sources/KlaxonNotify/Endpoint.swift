import KlaxonModel

/// One place alerts are delivered to (an Alertmanager or a webhook) and how a batch becomes a request.
struct Endpoint: Sendable {
    enum Target: Sendable {
        case alertmanager(url: String, relabel: AlertRelabeler?)
        case webhook(WebhookConfig)
    }

    /// The request a batch became.
    struct Prepared: Sendable {
        var request: HTTPRequest
        /// Alerts in the payload (after `send_resolved` and `max_alerts`).
        var alertCount: Int
        /// Alerts `max_alerts` left out.
        var truncated: UInt64
        /// The redacted URL, for messages.
        var redactedURL: String
        /// Secrets used for this request, scrubbed from any message.
        var secrets: [String]
    }

    /// How one attempt ended.
    enum AttemptResult: Sendable {
        case delivered(Prepared, latencySeconds: Double)
        /// `send_resolved: false` left nothing to send; the batch counts as done.
        case nothingToSend(filtered: Int)
        case failed(NotifyError)
        case cancelled
    }

    /// Credential-free identity: the metric label and the snapshot key.
    let label: String
    let target: Target
    let httpConfig: HTTPClientConfig
    let retry: RetryPolicy
    let timeout: Duration
    let userAgent: String
    let externalURL: String
    let transport: any HTTPTransport
    let batching: EndpointQueue.Batching
    /// The largest response body read (only the status matters).
    static let maxResponseBytes = 1 << 20

    /// Secrets known without a request: inline credentials and what the configured URL carries.
    var staticSecrets: [String] {
        var secrets = httpConfig.inlineSecrets
        switch target {
        case .alertmanager(let url, _): secrets += Redaction.secrets(inURL: url)
        case .webhook(let config): secrets += Redaction.secrets(inURL: config.url)
        }
        return secrets
    }

    /// Alerts as this endpoint receives them (the Alertmanager entry's own relabelling).
    func accept(_ alerts: [NotificationAlert]) -> [NotificationAlert] {
        guard case .alertmanager(_, let relabel?) = target else { return alerts }
        return NotifierConfiguration.relabel(alerts, externalLabels: Labels(), relabel: relabel)
    }

    /// Builds the request for `batch`, reading URL and secret files now; nil when nothing is left to send.
    func prepare(_ batch: [QueuedAlert], timeoutCap: Duration?) throws(NotifyError) -> Prepared? {
        var rawURL: String
        let body: [UInt8]
        var alertCount = batch.count
        var truncated: UInt64 = 0
        switch target {
        case .alertmanager(let url, _):
            rawURL = url
            body = AlertmanagerPayload.body(batch.map(\.alert))
        case .webhook(let config):
            let reference = batch.first?.enqueuedAt ?? 0
            var alerts = batch.map(\.alert)
            if !config.sendResolved {
                alerts.removeAll { $0.isResolved(at: reference) }
                if alerts.isEmpty { return nil }
            }
            let message = WebhookMessage(
                receiver: config.receiver, alerts: alerts, at: reference, maxAlerts: config.maxAlerts,
                externalURL: externalURL)
            alertCount = message.alerts.count
            truncated = message.truncatedAlerts
            body = message.body
            if config.url.isEmpty {
                rawURL = try SecretFile.read(config.urlFile, purpose: "url_file")
                if rawURL.isEmpty { throw NotifyError(.configuration, "webhook URL is empty") }
            } else {
                rawURL = config.url
            }
        }
        var secrets = staticSecrets + Redaction.secrets(inURL: rawURL)
        var headers: [(name: String, value: String)] = [("User-Agent", userAgent), ("Content-Type", "application/json")]
        let authorization: (value: String, secrets: [String])?
        do {
            authorization = try httpConfig.authorizationHeader()
        } catch {
            throw NotifyError(error.kind, Redaction.scrub(error.message, secrets: secrets))
        }
        if let authorization {
            headers.append(("Authorization", authorization.value))
            secrets += authorization.secrets
        }
        if let split = Redaction.splitUserinfo(rawURL) {
            rawURL = split.url
            if authorization == nil {
                let token = Base64.encode(Array((split.user + ":" + split.password).utf8))
                headers.append(("Authorization", "Basic " + token))
                secrets += [token, split.password].filter { !$0.isEmpty }
            }
        }
        var attemptTimeout = timeout
        if let timeoutCap, timeoutCap < attemptTimeout { attemptTimeout = Swift.max(timeoutCap, .milliseconds(1)) }
        let request = HTTPRequest(
            method: "POST", url: rawURL, headers: headers, body: body, timeout: attemptTimeout,
            maxResponseBytes: Endpoint.maxResponseBytes)
        return Prepared(
            request: request, alertCount: alertCount, truncated: truncated, redactedURL: Redaction.redactURL(rawURL),
            secrets: secrets)
    }

    /// One attempt to deliver `batch`. Never throws: every failure becomes a redacted `NotifyError`.
    func deliver(_ batch: [QueuedAlert], timeoutCap: Duration? = nil) async -> AttemptResult {
        let prepared: Prepared
        do {
            guard let built = try prepare(batch, timeoutCap: timeoutCap) else {
                return .nothingToSend(filtered: batch.count)
            }
            prepared = built
        } catch {
            return .failed(error)
        }
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await transport.send(prepared.request)
        } catch is CancellationError {
            return .cancelled
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failed(transportError(error, prepared))
        }
        let elapsed = ContinuousClock.now - started
        guard response.status / 100 == 2 else {
            return .failed(statusError(response, prepared))
        }
        let parts = elapsed.components
        return .delivered(prepared, latencySeconds: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
    }

    private func transportError(_ error: any Error, _ prepared: Prepared) -> NotifyError {
        let prefix = "Post \"" + prepared.redactedURL + "\": "  // Go's url.Error wording
        let kind: NotifyError.Kind
        let detail: String
        switch error {
        case HTTPTransportError.timedOut:
            kind = .timeout
            detail = "context deadline exceeded (timeout " + String(describing: prepared.request.timeout) + ")"
        case HTTPTransportError.bodyTooLarge(let limit):
            kind = .transport
            detail = "response body larger than \(limit) bytes"
        case HTTPTransportError.connectionFailed(let reason):
            kind = .transport
            detail = reason
        case HTTPTransportError.invalidURL:
            kind = .configuration
            detail = "invalid URL"
        default:
            kind = .transport
            detail = String(describing: error)
        }
        return NotifyError(kind, Redaction.scrub(prefix + detail, secrets: prepared.secrets))
    }

    private func statusError(_ response: HTTPResponse, _ prepared: Prepared) -> NotifyError {
        var message: String
        switch target {
        case .alertmanager:
            message = "bad response status \(response.status)"  // Prometheus's wording
        case .webhook:
            message = "unexpected status code \(response.status)"  // Alertmanager's wording, with the body
            let details = String(decoding: response.body.prefix(1024), as: UTF8.self)
            if !details.isEmpty { message += ": " + details }
        }
        return NotifyError(.unexpectedStatus(response.status), Redaction.scrub(message, secrets: prepared.secrets))
    }
}
