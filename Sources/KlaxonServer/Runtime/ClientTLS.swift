import KlaxonHTTPClient
import KlaxonModel

/// The one place the daemon turns a `tls_config` (of a scrape job, an Alertmanager or a webhook) into an
/// HTTP transport: a view of the shared async-http-client with those files. An injected transport that is
/// not async-http-client's (tests) has no TLS settings to apply and is returned unchanged; `server_name`
/// cannot be honoured by async-http-client, which the configuration loader warns about.
enum ClientTLS {
    static func transport(_ base: any HTTPTransport, _ tls: ClientTLSConfig) -> any HTTPTransport {
        guard let client = base as? AsyncHTTPClientTransport else { return base }
        return client.withTLS(
            AsyncHTTPClientTransport.TLSOptions(
                caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile,
                insecureSkipVerify: tls.insecureSkipVerify))
    }
}
