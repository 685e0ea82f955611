/// A scrape job's `tls_config` (prometheus/common `TLSConfig`), as plain values: which CA to trust, the client
/// certificate for mutual TLS, and how strictly to verify. KlaxonScrape does not speak TLS itself: the
/// `ScrapeManager`'s `tlsTransport` factory turns these settings into the `HTTPTransport` of the job's pool.
public struct ScrapeTLS: Sendable, Hashable {
    /// PEM file of CA certificates to trust instead of the system's (empty: the system trust store).
    public var caFile: String
    /// PEM client certificate and key for mutual TLS (both or neither; empty: no client certificate).
    public var certFile: String
    public var keyFile: String
    /// The name to verify the target's certificate against (and to send as SNI), instead of the target's host.
    /// Empty: the target's host. A transport that cannot honour it must say so when the job is configured.
    public var serverName: String
    /// Accept any certificate the target presents.
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

    /// True when these are the defaults (system trust store, full verification, no client certificate), which
    /// the manager's shared transport already provides.
    public var isDefault: Bool { self == ScrapeTLS() }
}
