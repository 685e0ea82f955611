import AsyncHTTPClient
public import KlaxonModel
import NIOCore
import NIOHTTP1
import NIOSSL

/// Klaxon's `HTTPTransport` over async-http-client: one shared client (connection pool, event loops) for every
/// request; TLS uses async-http-client's defaults (system trust roots, full verification) unless a view made
/// with `withTLS(_:)` overrides them per request.
///
/// Each request gets the deadline of `HTTPRequest.timeout` for the whole exchange, body included, and a
/// response body longer than `HTTPRequest.maxResponseBytes` fails with `HTTPTransportError.bodyTooLarge`.
/// Call `shutdown()` once, on the transport that created the client, after the last request.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// Per-endpoint TLS settings (prometheus/common `tls_config`).
    public struct TLSOptions: Sendable, Hashable {
        /// PEM file of CA certificates to trust instead of the system's.
        public var caFile: String
        /// PEM client certificate and key, for mutual TLS (both or neither).
        public var certFile: String
        public var keyFile: String
        /// Skip certificate and host-name verification.
        public var insecureSkipVerify: Bool

        public init(caFile: String = "", certFile: String = "", keyFile: String = "", insecureSkipVerify: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecureSkipVerify = insecureSkipVerify
        }
    }

    private let client: HTTPClient
    private let tls: TLSConfiguration?
    /// Why the TLS options could not be applied (an unreadable certificate or key); every request fails with it.
    private let tlsError: String?

    /// Creates the shared client on async-http-client's singleton event loop group.
    /// - Parameters:
    ///   - connectTimeout: bound on establishing a connection (the request deadline still applies).
    ///   - followRedirects: follow up to 5 redirects, as Go's client follows 10 (prometheus/common
    ///     `follow_redirects` defaults to true).
    public init(connectTimeout: Duration = .seconds(10), followRedirects: Bool = true) {
        let timeout = HTTPClient.Configuration.Timeout(connect: .nanoseconds(Self.nanoseconds(connectTimeout)))
        let redirects: HTTPClient.Configuration.RedirectConfiguration =
            followRedirects ? .follow(max: 5, allowCycles: false) : .disallow
        var configuration = HTTPClient.Configuration(redirectConfiguration: redirects, timeout: timeout)
        // A refused or failed connection fails the request at once, as Go's client does for Prometheus: the
        // callers have their own policies (a scrape reports `up` 0, a notifier backs off and retries). Left on,
        // the pool would silently retry until the connect timeout, so each attempt against a receiver that is
        // down would take 10 s.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.tls = nil
        self.tlsError = nil
    }

    private init(client: HTTPClient, tls: TLSConfiguration?, tlsError: String?) {
        self.client = client
        self.tls = tls
        self.tlsError = tlsError
    }

    /// A view of the same client whose requests use `options`. The client certificate and key are read now;
    /// if they cannot be, every request of the view fails with `HTTPTransportError.connectionFailed` saying
    /// why (so a bad file shows up in the notifier's logs instead of stopping start-up). The CA file is read
    /// when a connection is made.
    public func withTLS(_ options: TLSOptions) -> AsyncHTTPClientTransport {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if options.insecureSkipVerify { configuration.certificateVerification = .none }
        if !options.caFile.isEmpty { configuration.trustRoots = .file(options.caFile) }
        var failure: String?
        if !options.certFile.isEmpty || !options.keyFile.isEmpty {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(options.certFile)
                let key = try NIOSSLPrivateKey(file: options.keyFile, format: .pem)
                configuration.certificateChain = chain.map { .certificate($0) }
                configuration.privateKey = .privateKey(key)
            } catch {
                failure = "tls_config: unable to load client certificate \(options.certFile) or key \(options.keyFile): \(error)"
            }
        }
        return AsyncHTTPClientTransport(client: client, tls: configuration, tlsError: failure)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let tlsError { throw HTTPTransportError.connectionFailed(tlsError) }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(request.body)
        }
        outgoing.tlsConfiguration = tls
        let limit = Swift.max(0, request.maxResponseBytes)
        do {
            let response = try await client.execute(
                outgoing, timeout: .nanoseconds(Self.nanoseconds(request.timeout)))
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw HTTPTransportError.bodyTooLarge(limit: limit)
            }
            var headers: [(name: String, value: String)] = []
            for header in response.headers { headers.append((header.name, header.value)) }
            return HTTPResponse(status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw Self.translate(error, url: request.url)
        }
    }

    /// Shuts the shared client down; later requests on it, or on any `withTLS` view, fail.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private static func translate(_ error: any Error, url: String) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return HTTPTransportError.timedOut
            case .invalidURL, .emptyScheme, .emptyHost:
                return HTTPTransportError.invalidURL(origin(of: url))
            case .cancelled:
                return CancellationError()
            default:
                return HTTPTransportError.connectionFailed(String(describing: clientError))
            }
        }
        return HTTPTransportError.connectionFailed(String(describing: error))
    }

    /// `scheme://host:port` of a URL: enough to say which URL was bad without repeating credentials or tokens.
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return "" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return String(url[..<schemeEnd.upperBound]) + host
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        let (seconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? 0 : Int64.max / 2 }
        return Swift.max(0, seconds + parts.attoseconds / 1_000_000_000)
    }
}
