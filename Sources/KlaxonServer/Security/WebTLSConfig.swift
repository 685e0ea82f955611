import KlaxonModel
import KlaxonYAML

/// `tls_server_config` of `--web.config` (exporter-toolkit's `TLSConfig`): HTTPS for `klaxon serve`'s listener.
///
/// ```yaml
/// tls_server_config:
///   cert_file: server.crt            # or `cert:` (PEM text); relative paths are relative to the web config
///   key_file: server.key             # or `key:`
///   client_auth_type: RequireAndVerifyClientCert
///   client_ca_file: clients-ca.crt   # or `client_ca:`
///   min_version: TLS12               # TLS10 … TLS13; max_version likewise (default TLS13)
/// ```
///
/// As in exporter-toolkit, TLS is on when any of the certificate, key, client CA or `client_auth_type` is set,
/// and then the certificate and key are required. `client_auth_type` values are Go's `tls.ClientAuthType`
/// names. `cipher_suites` and `curve_preferences` are reported and BoringSSL's defaults used instead;
/// `client_allowed_sans` is refused (ignoring it would admit clients the file means to refuse).
/// `prefer_server_cipher_suites` is accepted and, as in Go, has no effect. Unlike exporter-toolkit, the
/// certificate and key are read once at startup (restart to rotate them).
public struct WebTLSConfig: Sendable, Equatable {
    /// Who must present a client certificate, and whether it is checked against the client CAs.
    public enum ClientAuth: String, Sendable, CaseIterable {
        /// No certificate asked for.
        case noClientCert = "NoClientCert"
        /// A certificate is asked for but neither required nor verified.
        case requestClientCert = "RequestClientCert"
        /// A certificate is required but not verified (`RequireClientCert` is accepted too, as in exporter-toolkit).
        case requireAnyClientCert = "RequireAnyClientCert"
        /// A certificate is optional; one that is presented must verify against the client CAs.
        case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
        /// A certificate is required and must verify against the client CAs.
        case requireAndVerifyClientCert = "RequireAndVerifyClientCert"
    }

    /// `min_version`/`max_version` values.
    public enum Version: String, Sendable, CaseIterable, Comparable {
        case tls10 = "TLS10"
        case tls11 = "TLS11"
        case tls12 = "TLS12"
        case tls13 = "TLS13"

        public static func < (lhs: Version, rhs: Version) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// Where PEM material comes from.
    public enum PEMSource: Sendable, Equatable {
        /// A file, already resolved against the web config's directory.
        case file(String)
        /// PEM text written in the web config.
        case inline(String)
    }

    public var certificate: PEMSource
    public var privateKey: PEMSource
    /// CAs that client certificates must chain to (nil: the system trust store).
    public var clientCA: PEMSource?
    public var clientAuth: ClientAuth
    public var minVersion: Version
    public var maxVersion: Version
    /// Where each key was written, so that a file that cannot be read is reported there.
    var spans: [String: SourceSpan]

    public init(
        certificate: PEMSource, privateKey: PEMSource, clientCA: PEMSource? = nil,
        clientAuth: ClientAuth = .noClientCert, minVersion: Version = .tls12, maxVersion: Version = .tls13
    ) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.clientCA = clientCA
        self.clientAuth = clientAuth
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.spans = [:]
    }

    /// The span a key was written at (the whole `tls_server_config` mapping when unknown).
    func span(of key: String) -> SourceSpan {
        spans[key] ?? spans["tls_server_config"] ?? SourceSpan(file: "", start: SourcePosition(line: 1, column: 1))
    }

    static let keys = [
        "cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type", "client_ca_file", "cipher_suites",
        "curve_preferences", "min_version", "max_version", "prefer_server_cipher_suites", "client_allowed_sans",
    ]

    /// Decodes `tls_server_config`. Returns nil when TLS is not enabled (nothing that turns it on is set) or
    /// when an error was reported through the value's context; warnings are appended to `warnings`.
    /// - Parameter configPath: the web config's path; relative file names are resolved against its directory.
    static func decode(_ value: YAMLValue, configPath: String, warnings: inout [Diagnostic]) -> WebTLSConfig? {
        guard let map = value.mapping("web.TLSConfig", keys: keys) else { return nil }
        var spans = ["tls_server_config": value.span]
        func text(_ key: String) -> String? {
            guard let node = map[key], let text = node.string(), !text.isEmpty else { return nil }
            spans[key] = node.span
            return text
        }
        let directory = ConfigPaths.directory(of: configPath)
        func source(file fileKey: String, inline inlineKey: String) -> PEMSource? {
            if let path = text(fileKey) { return .file(ConfigPaths.resolve(path, relativeTo: directory)) }
            return text(inlineKey).map { .inline($0) }
        }
        let certificate = source(file: "cert_file", inline: "cert")
        let privateKey = source(file: "key_file", inline: "key")
        let clientCA = source(file: "client_ca_file", inline: "client_ca")
        let clientAuthText = text("client_auth_type")
        guard certificate != nil || privateKey != nil || clientCA != nil || clientAuthText != nil else {
            if !(value.node.mapping?.pairs.isEmpty ?? true) {
                warnings.append(
                    Diagnostic(
                        .warning, code: "config.tls-disabled",
                        message: "tls_server_config sets none of cert, key, client_ca or client_auth_type: TLS is disabled",
                        span: value.span))
            }
            return nil
        }

        var failed = false
        func fail(_ node: YAMLValue?, _ message: String) {
            (node ?? value).report(message)
            failed = true
        }
        var clientAuth = ClientAuth.noClientCert
        if let clientAuthText {
            if clientAuthText == "RequireClientCert" {
                clientAuth = .requireAnyClientCert
            } else if let parsed = ClientAuth(rawValue: clientAuthText) {
                clientAuth = parsed
            } else {
                fail(map["client_auth_type"], "invalid ClientAuth: " + clientAuthText)
            }
        }
        func version(_ key: String, default fallback: Version) -> Version {
            guard let node = map[key], let text = node.string(), !text.isEmpty else { return fallback }
            guard let version = Version(rawValue: text) else {
                fail(node, "unknown TLS version: " + text)
                return fallback
            }
            return version
        }
        let minVersion = version("min_version", default: .tls12)
        let maxVersion = version("max_version", default: .tls13)
        if minVersion > maxVersion {
            fail(
                map["min_version"],
                "min_version \(minVersion.rawValue) is greater than max_version \(maxVersion.rawValue)")
        }
        if certificate == nil { fail(nil, "missing one of cert or cert_file") }
        if privateKey == nil { fail(nil, "missing one of key or key_file") }
        if clientCA != nil && clientAuth == .noClientCert {
            fail(nil, "client CA's have been configured without a Client Auth Policy")
        }
        if let node = map["client_allowed_sans"], !(node.strings() ?? []).isEmpty {
            fail(node, "client_allowed_sans is not implemented by Klaxon: refusing to serve without the restriction")
        }
        for key in ["cipher_suites", "curve_preferences"] {
            guard let node = map.keyNode(key), !(map[key]?.strings() ?? []).isEmpty else { continue }
            warnings.append(
                Diagnostic(
                    .warning, code: "config.not-implemented",
                    message:
                        "tls_server_config.\(key) is not implemented by Klaxon and is ignored: BoringSSL's defaults are used",
                    span: node.span))
        }
        _ = map["prefer_server_cipher_suites"]?.bool()  // type-checked only: Go ignores the setting too
        guard !failed, let certificate, let privateKey else { return nil }
        var config = WebTLSConfig(
            certificate: certificate, privateKey: privateKey, clientCA: clientCA, clientAuth: clientAuth,
            minVersion: minVersion, maxVersion: maxVersion)
        config.spans = spans
        return config
    }
}
