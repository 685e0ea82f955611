import Foundation
import HTTPTypes
import Hummingbird
public import KlaxonModel
import KlaxonYAML
import Synchronization

/// `--web.config FILE` in the Prometheus exporter-toolkit format, the parts Klaxon implements:
///
/// ```yaml
/// basic_auth_users:
///   alice: $2y$10$…            # bcrypt, as exporter-toolkit (htpasswd -nBC 10 alice)
///   bob: "{SHA256}2bb80d5…"    # Klaxon extension: SHA-256 hex of the password
/// # Klaxon extension: bearer tokens, stored as SHA-256 hex digests of the token
/// bearer_token_sha256:
///   - "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
/// ```
///
/// bcrypt is Klaxon's own implementation (`BCrypt`); verified credentials are cached (as SHA-256 digests, never
/// in clear) so that only the first request of a client pays bcrypt's cost. `tls_server_config` turns on
/// HTTPS (`WebTLSConfig`); `http_server_config` is reported as not implemented.
public struct WebConfig: Sendable, Equatable {
    /// How a user's password is stored.
    public enum PasswordHash: Sendable, Equatable {
        case bcrypt(String)
        case sha256([UInt8])
    }

    /// User name → password hash.
    public var basicAuthUsers: [String: PasswordHash] = [:]
    /// SHA-256 digests of accepted bearer tokens.
    public var bearerTokenDigests: [[UInt8]] = []
    /// HTTPS for the listener; nil serves plain HTTP.
    public var tls: WebTLSConfig?

    public init() {}

    /// True when any credential is configured (then every request but `/-/healthy` must present one).
    public var requiresAuthentication: Bool { !basicAuthUsers.isEmpty || !bearerTokenDigests.isEmpty }

    /// Loads the file and checks the TLS certificate, key and client CAs it names; errors (and not-implemented
    /// warnings) carry file:line:col.
    public static func load(path: String) -> (config: WebConfig?, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil,
                [
                    Diagnostic(
                        .error, code: "config.unreadable", message: "open \(path): no such file or directory",
                        span: SourceSpan(file: path, start: SourcePosition(line: 1, column: 1)))
                ]
            )
        }
        let (config, diagnostics) = decode(String(decoding: data, as: UTF8.self), path: path)
        guard let config, let tls = config.tls else { return (config, diagnostics) }
        do throws(WebTLSError) {
            _ = try tls.makeChannelConfiguration()
        } catch {
            return (nil, diagnostics + [tls.diagnostic(for: error)])
        }
        return (config, diagnostics)
    }

    public static func decode(_ text: String, path: String) -> (config: WebConfig?, diagnostics: [Diagnostic]) {
        let root: YAMLNode?
        do {
            root = try YAML.parse(text, file: path)
        } catch {
            return (nil, [error.diagnostic])
        }
        var config = WebConfig()
        guard let root else { return (config, []) }
        let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2))
        var warnings: [Diagnostic] = []
        let keys = ["tls_server_config", "http_server_config", "basic_auth_users", "bearer_token_sha256"]
        guard let map = context.value(root).mapping("web.Config", keys: keys) else { return (nil, context.diagnostics) }
        if let node = map.keyNode("http_server_config") {
            warnings.append(
                Diagnostic(
                    .warning, code: "config.not-implemented",
                    message: "http_server_config is not implemented by Klaxon and is ignored", span: node.span))
        }
        if let node = map["tls_server_config"] {
            config.tls = WebTLSConfig.decode(node, configPath: path, warnings: &warnings)
        }
        if let users = map["basic_auth_users"]?.stringMap(typeName: "map[string]config_util.Secret") {
            for (user, hash) in users {
                let node = map["basic_auth_users"] ?? context.value(root)
                if hash.hasPrefix("$2") {
                    do throws(BCrypt.FormatError) {
                        _ = try BCrypt.parse(hash)
                        config.basicAuthUsers[user] = .bcrypt(hash)
                    } catch {
                        node.report("user \(GoQuote.quote(user)): \(error.description)")
                    }
                } else if let digest = sha256Digest(hash) {
                    config.basicAuthUsers[user] = .sha256(digest)
                } else {
                    node.report(
                        "user \(GoQuote.quote(user)): password hash must be bcrypt ($2y$…) or \"{SHA256}<64 hex digits>\""
                    )
                }
            }
        }
        if let tokens = map["bearer_token_sha256"]?.strings() {
            for token in tokens {
                guard let digest = hexBytes(token), digest.count == 32 else {
                    map["bearer_token_sha256"]?.report("bearer_token_sha256 entries must be 64 hex digits")
                    continue
                }
                config.bearerTokenDigests.append(digest)
            }
        }
        let diagnostics = context.diagnostics + warnings
        return (context.hasErrors ? nil : config, diagnostics)
    }

    static func sha256Digest(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("{SHA256}") else { return nil }
        guard let bytes = hexBytes(String(text.dropFirst(8))), bytes.count == 32 else { return nil }
        return bytes
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.lowercased().utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let high = hex(chars[i]), let low = hex(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Checks an `Authorization` header against a `WebConfig`.
public struct WebAuthenticator: Sendable {
    public let config: WebConfig
    private let verified = VerifiedCredentials()

    public init(config: WebConfig) {
        self.config = config
    }

    /// Whether `header` (the `Authorization` value, nil when absent) carries valid credentials.
    public func isAuthorized(_ header: String?) -> Bool {
        guard config.requiresAuthentication else { return true }
        guard let header else { return false }
        if header.count > 7, header.prefix(6).lowercased() == "basic " {
            guard let decoded = Base64.decode(String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
            else { return false }
            let user = String(decoding: decoded[..<colon], as: UTF8.self)
            let password = Array(decoded[(colon + 1)...])
            guard let expected = config.basicAuthUsers[user] else {
                _ = SHA256.hash(password)  // same work whether or not the user exists
                return false
            }
            switch expected {
            case .sha256(let digest):
                return SHA256.constantTimeEqual(SHA256.hash(password), digest)
            case .bcrypt(let hash):
                let key = SHA256.hash(Array(user.utf8) + [0] + password + [0] + Array(hash.utf8))
                if verified.contains(key) { return true }
                guard let parsed = try? BCrypt.parse(hash) else { return false }  // checked when loaded
                guard BCrypt.verify(password, hash: parsed) else { return false }
                verified.insert(key)
                return true
            }
        }
        if header.count > 7, header.prefix(7).lowercased() == "bearer " {
            let digest = SHA256.hash(Array(header.dropFirst(7).utf8))
            var found = false
            for expected in config.bearerTokenDigests where SHA256.constantTimeEqual(digest, expected) { found = true }
            return found
        }
        return false
    }
}

/// Digests of credentials that passed a bcrypt check (bounded; cleared when full).
final class VerifiedCredentials: Sendable {
    private let digests = Mutex<Set<[UInt8]>>([])

    func contains(_ key: [UInt8]) -> Bool { digests.withLock { $0.contains(key) } }

    func insert(_ key: [UInt8]) {
        digests.withLock { set in
            if set.count >= 1024 { set.removeAll() }
            set.insert(key)
        }
    }
}

/// Refuses requests without valid credentials with `401` and a `WWW-Authenticate` challenge; `/-/healthy`
/// stays open for liveness probes. Credentials are never logged.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let authenticator: WebAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.path == "/-/healthy" || authenticator.isAuthorized(request.headers[.authorization]) {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Basic"
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .unauthorized, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: "Unauthorized\n")))
    }
}
