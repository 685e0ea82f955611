import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KlaxonModel
import KlaxonNotify
import KlaxonScrape
import Logging
import ServiceLifecycle
import UnixSignals

/// `klaxon serve`: the runtime, its loops as services and the HTTP server in one `ServiceGroup`.
///
/// Services start in order and stop in reverse: on SIGTERM/SIGINT the HTTP server stops accepting requests,
/// scraping stops, the rule manager finishes the evaluation in progress, then the notifier flushes
/// its queues within `notificationFlushTimeout` and the state is written; the process then exits 0. SIGHUP
/// reloads the configuration (a bad one keeps the old one running and logs the error).
public struct KlaxonDaemon: Sendable {
    public let runtime: ServerRuntime
    public let authenticator: WebAuthenticator?

    public init(runtime: ServerRuntime, authenticator: WebAuthenticator? = nil) {
        self.runtime = runtime
        self.authenticator = authenticator
    }

    /// Loads the configuration, then runs until a graceful shutdown completes. Throws when the first
    /// configuration does not load or the listen address cannot be bound. The caller shuts the runtime down
    /// afterwards (`ServerRuntime.shutdown()`), whatever happened.
    public func run() async throws {
        try await runtime.loadInitialConfiguration()
        let (host, port) = try Self.parseListenAddress(runtime.options.listenAddress)
        let logger = runtime.logger
        // `tls_server_config` travels with the rest of `--web.config`, in the authenticator's configuration.
        var server = HTTPServerBuilder.http1()
        if let tls = authenticator?.config.tls {
            server = try HTTPServerBuilder.tls(.http1(), configuration: try tls.makeChannelConfiguration())
            logger.info("TLS is enabled.", metadata: ["http2": "false", "address": "\(host):\(port)"])
        }
        let app = Application(
            router: ServerRouter.make(runtime: runtime, authenticator: authenticator),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "Klaxon"),
            onServerRunning: { channel in
                logger.info(
                    "server is ready to receive web requests",
                    metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "\(host):\(port)")"])
            },
            logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: NotifierService(runtime: runtime), serviceName: "notifier"),
            .init(service: RuleService(runtime: runtime), serviceName: "rules"),
        ]
        let retention = runtime.retention
        services.append(
            .init(
                service: LoopService(run: { await retention.run() }, stop: { retention.stop() }),
                serviceName: "retention"))
        services.append(.init(service: ScrapeService(manager: runtime.scrapes), serviceName: "scrape"))
        services.append(.init(service: ReloadOnHangupService(runtime: runtime), serviceName: "sighup"))
        services.append(.init(service: app, serviceName: "http"))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = runtime.options.shutdownTimeout
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
        logger.info("see you next time!")
    }

    /// `host:port`, `[v6]:port` or `:port` (all interfaces).
    public static func parseListenAddress(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ListenAddressError(address: text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        return (host, port)
    }

    /// A `--listen` value that is not `host:port`.
    public struct ListenAddressError: Error, CustomStringConvertible {
        public var address: String
        public var description: String { "invalid listen address \(GoQuote.quote(address)): expected host:port" }
    }
}

/// Runs a loop until graceful shutdown, then asks it to stop and waits for it to return.
struct LoopService: Service {
    let run: @Sendable () async -> Void
    let stop: @Sendable () -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            await run()
        } onGracefulShutdown: {
            stop()
        }
    }
}

/// The scrape manager: cancelled at shutdown (scrapes in flight are abandoned, nothing more is written).
struct ScrapeService: Service {
    let manager: ScrapeManager

    func run() async throws {
        // Cancellation is how the manager stops; its CancellationError is the expected way out.
        try? await cancelWhenGracefulShutdown {
            try await manager.run()
        }
    }
}

/// The rule manager: on shutdown it finishes the evaluation in progress.
struct RuleService: Service {
    let runtime: ServerRuntime

    func run() async throws {
        let rules = runtime.rules
        await withGracefulShutdownHandler {
            await rules.run()
        } onGracefulShutdown: {
            rules.stopNow()
        }
    }
}

/// The notifier: delivers until shutdown, then flushes within the deadline and writes the final state.
struct NotifierService: Service {
    let runtime: ServerRuntime

    func run() async throws {
        let notifier = runtime.notifier
        await withGracefulShutdownHandler {
            await notifier.run()
        } onGracefulShutdown: {
            notifier.stopNow()
        }
        let deadline = runtime.time.now() + runtime.options.notificationFlushTimeout
        let report = await notifier.flush(until: deadline)
        if report.undelivered > 0 {
            runtime.logger.warning(
                "notifications left undelivered at shutdown, saved for the next start",
                metadata: ["alerts": "\(report.undelivered)"])
        }
        await runtime.persistFinalState()
    }
}

/// Reloads the configuration on every SIGHUP.
struct ReloadOnHangupService: Service {
    let runtime: ServerRuntime

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                runtime.logger.info("received SIGHUP, reloading configuration")
                // The error is logged by `reload()`; the running configuration stays.
                try? await runtime.reload()
            }
        }
    }
}
