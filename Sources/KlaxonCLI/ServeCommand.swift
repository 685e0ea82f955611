import ArgumentParser
import Foundation
import KlaxonModel
import KlaxonServer

/// `klaxon serve`: the Prometheus-compatible alerting daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the alerting daemon with a Prometheus-compatible HTTP API.",
        discussion: """
            Without --config, serves the embedded default: the bundled rules/*.yml (found by walking up from the \
            current directory and from the executable, or from $KLAXON_RULES) evaluated against Klaxon's own \
            metrics; alert transitions are logged and sent to every --webhook. With --config FILE, reads a \
            Prometheus configuration (rule_files, scrape_configs, alerting.alertmanagers, global) plus Klaxon's \
            webhooks: list. SIGHUP or POST /-/reload reloads it; SIGTERM/SIGINT shut down gracefully.
            """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "Prometheus-style configuration file.")
    var config: String?

    @Option(name: .long, help: "Address to listen on (host:port).")
    var listen = "127.0.0.1:9097"

    @Option(name: .customLong("data-dir"), help: "Directory for alert state and undelivered notifications.")
    var dataDir: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("web.config"), help: "Web configuration file: TLS for the listener, basic auth users, bearer tokens.")
    var webConfig: String?

    @Option(name: .long, help: "Webhook URL to send alerts to (repeatable).")
    var webhook: [String] = []

    @Option(name: .customLong("web.external-url"), help: "URL under which Klaxon is reachable (generator URLs).")
    var externalURL: String?

    @Option(name: .customLong("storage.retention"), help: "How long samples are kept in memory.")
    var retention = "1d"

    @Option(name: .customLong("query.timeout"), help: "Maximum time a query may take.")
    var queryTimeout = "2m"

    @Option(name: .customLong("query.max-samples"), help: "Maximum samples a query may load.")
    var maxSamples = 50_000_000

    @Option(name: .customLong("query.max-series"), help: "Maximum series in a query result (0: no limit).")
    var maxSeries = 500_000

    @Option(name: .customLong("web.max-request-bytes"), help: "Largest request body accepted.")
    var maxRequestBytes = 1 << 20

    @Option(name: .customLong("evaluation-interval"), help: "Evaluation interval of the embedded default.")
    var evaluationInterval = "15s"

    func validate() throws {
        guard ServeLauncher.isValidLogLevel(logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        for (flag, value) in [
            ("--storage.retention", retention), ("--query.timeout", queryTimeout),
            ("--evaluation-interval", evaluationInterval),
        ] {
            guard let ms = try? PromDuration.parse(value), ms > 0 else {  // the message below says what is wrong
                throw ValidationError("\(flag): not a valid positive duration: \(value)")
            }
        }
        do {
            _ = try KlaxonDaemon.parseListenAddress(listen)
        } catch {
            throw ValidationError("--listen: \(error)")
        }
    }

    func run() async throws {
        var arguments = ServeArguments()
        arguments.config = config
        arguments.listen = listen
        arguments.dataDirectory = dataDir
        arguments.logLevel = logLevel
        arguments.jsonLogs = logFormat == .json
        arguments.webConfig = webConfig
        arguments.webhooks = webhook
        arguments.externalURL = externalURL
        // All three were validated above.
        arguments.retention = (try? PromDuration.parse(retention)) ?? arguments.retention
        arguments.queryTimeout = (try? PromDuration.parse(queryTimeout)) ?? arguments.queryTimeout
        arguments.evaluationInterval = (try? PromDuration.parse(evaluationInterval)) ?? arguments.evaluationInterval
        arguments.maxSamples = maxSamples
        arguments.maxSeries = maxSeries
        arguments.maxRequestBytes = maxRequestBytes
        arguments.executablePath = CommandLine.arguments.first.map(Self.absolutePath)
        arguments.currentDirectory = FileManager.default.currentDirectoryPath
        arguments.environment = ProcessInfo.processInfo.environment
        let status = await ServeLauncher.run(arguments)
        if status != 0 { throw ExitCode(status) }
    }

    private static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.contains("/") { return FileManager.default.currentDirectoryPath + "/" + path }
        // Found through $PATH: search it.
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = directory + "/" + path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return path
    }
}
