/// An outgoing HTTP request, as the notifiers and the scraper describe it to an `HTTPTransport`.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Deadline for the whole exchange.
    public var timeout: Duration
    /// Upper bound on the response body; a longer body is an error (`HTTPTransportError.bodyTooLarge`).
    public var maxResponseBytes: Int

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(10), maxResponseBytes: Int = 64 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body && a.timeout == b.timeout
            && a.maxResponseBytes == b.maxResponseBytes
            && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
    }
}

/// An HTTP response received by an `HTTPTransport`.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
    }
}

/// Failures of an `HTTPTransport` that callers treat specially.
public enum HTTPTransportError: Error, Sendable, Equatable {
    case timedOut
    case bodyTooLarge(limit: Int)
    case connectionFailed(String)
    case invalidURL(String)
}

/// The network seam of Klaxon's core: notifiers and the scraper send requests through it, so that the core can
/// be tested without sockets. Implementations live above the core (async-http-client in the server layer,
/// recording stubs in tests).
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
