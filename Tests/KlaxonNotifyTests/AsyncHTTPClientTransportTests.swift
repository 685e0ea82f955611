import KlaxonModel
import Testing
@testable import KlaxonHTTPClient

@Suite struct AsyncHTTPClientTransportTests {
    @Test("a URL without a host is an invalid-URL error that repeats no credentials")
    func invalidURL() async throws {
        let transport = AsyncHTTPClientTransport()
        await #expect(throws: HTTPTransportError.invalidURL("http://")) {
            try await transport.send(HTTPRequest(method: "POST", url: "http://", timeout: .seconds(2)))
        }
        try await transport.shutdown()
    }

    @Test("a refused loopback connection is a connection failure")
    func refused() async throws {
        let transport = AsyncHTTPClientTransport(connectTimeout: .milliseconds(300))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(method: "POST", url: "http://127.0.0.1:1/api/v2/alerts", timeout: .seconds(5)))
        }
        if case .connectionFailed = error {} else { Issue.record("expected connectionFailed, got \(String(describing: error))") }
        try await transport.shutdown()
    }

    @Test("unreadable client certificates fail every request of the TLS view with the reason")
    func badClientCertificate() async throws {
        let transport = AsyncHTTPClientTransport()
        let view = transport.withTLS(.init(certFile: "/nonexistent/cert.pem", keyFile: "/nonexistent/key.pem"))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await view.send(HTTPRequest(method: "POST", url: "https://127.0.0.1:1/", timeout: .seconds(2)))
        }
        guard case .connectionFailed(let reason) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("tls_config: unable to load client certificate /nonexistent/cert.pem"))
        try await transport.shutdown()
    }

    @Test("the origin of a URL drops userinfo, path and query")
    func origin() {
        #expect(AsyncHTTPClientTransport.origin(of: "https://u:p@h:1/x?t=1") == "https://h:1")
        #expect(AsyncHTTPClientTransport.origin(of: "no scheme") == "")
    }
}
