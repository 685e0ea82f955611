import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
public import KlaxonModel

/// An `HTTPTransport` over Foundation's `URLSession`: the server's outbound HTTP until KlaxonHTTPClient's
/// async-http-client transport lands. Plain HTTP and HTTPS with the system's trust store; no client
/// certificates or custom CAs (`tls_config` is reported as not implemented).
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { throw HTTPTransportError.invalidURL(request.url) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = max(0.001, Double(request.timeout.components.seconds)
            + Double(request.timeout.components.attoseconds) / 1e18)
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            if error.code == .timedOut { throw HTTPTransportError.timedOut }
            throw HTTPTransportError.connectionFailed(error.localizedDescription)
        }
        guard data.count <= request.maxResponseBytes else {
            throw HTTPTransportError.bodyTooLarge(limit: request.maxResponseBytes)
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTransportError.connectionFailed("not an HTTP response")
        }
        var headers: [(name: String, value: String)] = []
        for (name, value) in http.allHeaderFields {
            headers.append((String(describing: name), String(describing: value)))
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
