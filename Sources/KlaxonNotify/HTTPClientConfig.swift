public import KlaxonModel

/// The `http_config` block of Prometheus's `alertmanager_config` and Alertmanager's `webhook_config`
/// (prometheus/common `HTTPClientConfig`): credentials sent with every request and TLS settings.
///
/// File-based secrets (`password_file`, `credentials_file`) are read on every request, as Prometheus does, so
/// rotating them needs no reload; their contents are trimmed of surrounding whitespace.
public struct HTTPClientConfig: Sendable, Equatable {
    /// `authorization`: an `Authorization: <type> <credentials>` header.
    public var authorization: Authorization?
    /// `basic_auth`: an `Authorization: Basic …` header.
    public var basicAuth: BasicAuth?
    /// `tls_config`: carried as data; the transport that the dispatcher's `tlsTransport` hook returns applies it.
    public var tlsConfig: TLSConfig

    public init(authorization: Authorization? = nil, basicAuth: BasicAuth? = nil, tlsConfig: TLSConfig = TLSConfig()) {
        self.authorization = authorization
        self.basicAuth = basicAuth
        self.tlsConfig = tlsConfig
    }

    /// `authorization: {type, credentials, credentials_file}`.
    public struct Authorization: Sendable, Equatable {
        /// `type`, "Bearer" when empty.
        public var type: String
        public var credentials: String
        public var credentialsFile: String

        public init(type: String = "Bearer", credentials: String = "", credentialsFile: String = "") {
            self.type = type
            self.credentials = credentials
            self.credentialsFile = credentialsFile
        }
    }

    /// `basic_auth: {username, password, password_file}`.
    public struct BasicAuth: Sendable, Equatable {
        public var username: String
        public var password: String
        public var passwordFile: String

        public init(username: String, password: String = "", passwordFile: String = "") {
            self.username = username
            self.password = password
            self.passwordFile = passwordFile
        }
    }

    /// `tls_config: {ca_file, cert_file, key_file, server_name, insecure_skip_verify}` (KlaxonModel's type,
    /// shared with scrape jobs).
    public typealias TLSConfig = ClientTLSConfig

    /// The problems prometheus/common reports for this block, with its messages; empty when valid.
    public var validationErrors: [String] {
        var errors: [String] = []
        if basicAuth != nil && authorization != nil {
            errors.append("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if let basicAuth, !basicAuth.password.isEmpty, !basicAuth.passwordFile.isEmpty {
            errors.append("at most one of basic_auth password & password_file must be configured")
        }
        if let authorization {
            if authorization.type.lowercased() == "basic" {
                errors.append("authorization type cannot be set to \"basic\", use \"basic_auth\" instead")
            }
            if !authorization.credentials.isEmpty, !authorization.credentialsFile.isEmpty {
                errors.append("at most one of authorization credentials & credentials_file must be configured")
            }
        }
        return errors
    }

    /// Literal secrets known before any request (inline password and credentials), for redaction.
    var inlineSecrets: [String] {
        [basicAuth?.password ?? "", authorization?.credentials ?? ""].filter { !$0.isEmpty }
    }

    /// The `Authorization` header value, reading secret files now; nil when no credentials are configured.
    /// Also returns the secrets it used, so messages can be scrubbed of them.
    func authorizationHeader() throws(NotifyError) -> (value: String, secrets: [String])? {
        if let basicAuth {
            var password = basicAuth.password
            if !basicAuth.passwordFile.isEmpty {
                password = try SecretFile.read(basicAuth.passwordFile, purpose: "basic auth password file")
            }
            let token = Base64.encode(Array((basicAuth.username + ":" + password).utf8))
            return ("Basic " + token, [password, token].filter { !$0.isEmpty })
        }
        if let authorization {
            var credentials = authorization.credentials
            if !authorization.credentialsFile.isEmpty {
                credentials = try SecretFile.read(
                    authorization.credentialsFile, purpose: "authorization credentials file")
            }
            let type = authorization.type.isEmpty ? "Bearer" : authorization.type
            return (type + " " + credentials, [credentials].filter { !$0.isEmpty })
        }
        return nil
    }
}
