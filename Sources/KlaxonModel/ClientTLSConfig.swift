/// A client's `tls_config` (prometheus/common `TLSConfig`) as plain values, shared by scrape jobs,
/// Alertmanagers and webhooks: which CA to trust, the client certificate for mutual TLS, and how strictly to
/// verify. The modules that use it do not speak TLS themselves: a transport factory turns it into an
/// `HTTPTransport`.
public struct ClientTLSConfig: Sendable, Hashable {
    /// PEM file of CA certificates to trust instead of the system's (empty: the system trust store).
    public var caFile: String
    /// PEM client certificate and key for mutual TLS (both or neither; empty: no client certificate).
    public var certFile: String
    public var keyFile: String
    /// The name to verify the peer's certificate against (and to send as SNI), instead of its host. Empty:
    /// the host. A transport that cannot honour it must say so when the configuration is loaded.
    public var serverName: String
    /// Accept any certificate the peer presents.
    public var insecureSkipVerify: Bool

    public init(
        caFile: String = "", certFile: String = "", keyFile: String = "", serverName: String = "",
        insecureSkipVerify: Bool = false
    ) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
    }

    /// True when nothing is set: the transport's defaults (system trust store, verification on, no client
    /// certificate) apply.
    public var isDefault: Bool { self == ClientTLSConfig() }
}
