public import KlaxonModel

/// A scrape job's `tls_config`: the client TLS settings KlaxonModel shares with the notifier. The
/// `ScrapeManager`'s `tlsTransport` factory turns them into the `HTTPTransport` of the job's pool.
public typealias ScrapeTLS = ClientTLSConfig
