import Foundation
import KlaxonModel
public import Logging

/// The flags of `klaxon serve`, parsed by the CLI.
public struct ServeArguments: Sendable {
    public var config: String?
    public var listen = "127.0.0.1:9097"
    public var dataDirectory: String?
    public var logLevel = "info"
    public var jsonLogs = false
    public var webConfig: String?
    public var webhooks: [String] = []
    public var externalURL: String?
    /// Milliseconds.
    public var retention: Int64 = 86_400_000
    /// Milliseconds.
    public var queryTimeout: Int64 = 120_000
    /// Milliseconds (embedded default).
    public var evaluationInterval: Int64 = 15_000
    public var maxSamples = 50_000_000
    public var maxSeries = 500_000
    public var maxRequestBytes = 1 << 20
    public var executablePath: String?
    public var currentDirectory = "."
    public var environment: [String: String] = [:]

    public init() {}
}

/// Turns `ServeArguments` into a running daemon: logging, the configuration source (a file or the embedded
/// default), `--web.config`, then `KlaxonDaemon.run()`. Returns the process exit status.
public enum ServeLauncher {
    public static func isValidLogLevel(_ text: String) -> Bool { Logger.Level(rawValue: text) != nil }

    public static func run(_ arguments: ServeArguments) async -> Int32 {
        let level = Logger.Level(rawValue: arguments.logLevel) ?? .info
        let json = arguments.jsonLogs
        LoggingSystem.bootstrap { label in
            var handler = KlaxonLogHandler(label: label, json: json)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "klaxon")
        logger.logLevel = level

        let source: ConfigSource
        if let config = arguments.config {
            source = .file(config)
        } else {
            guard
                let rules = EmbeddedDefaults.locateRules(
                    environment: arguments.environment, currentDirectory: arguments.currentDirectory,
                    executablePath: arguments.executablePath)
            else {
                logger.error(
                    "no --config given and the bundled rules were not found: looked for rules/platform-critical.yml above the current directory and the executable; set KLAXON_RULES"
                )
                return 1
            }
            source = .embedded(
                EmbeddedDefaults(rulesDirectory: rules, evaluationInterval: arguments.evaluationInterval))
            logger.info("no --config: serving the embedded default", metadata: ["rules": "\(rules)"])
        }
        var options = ServerOptions(source: source)
        options.listenAddress = arguments.listen
        options.dataDirectory = arguments.dataDirectory
        options.webConfigPath = arguments.webConfig
        options.webhooks = arguments.webhooks
        options.externalURL = arguments.externalURL
        options.retention = arguments.retention
        options.limits = QueryLimits(
            timeout: .milliseconds(arguments.queryTimeout), maxSamples: arguments.maxSamples,
            maxSeries: arguments.maxSeries, maxRequestBytes: arguments.maxRequestBytes)

        var authenticator: WebAuthenticator?
        if let path = arguments.webConfig {
            let (loaded, diagnostics) = WebConfig.load(path: path)
            for diagnostic in diagnostics { log(diagnostic, to: logger) }
            guard let loaded else {
                logger.error("error loading web config")
                return 1
            }
            authenticator = WebAuthenticator(config: loaded)
        }
        let runtime = ServerRuntime(options: options, logger: logger)
        let status: Int32
        do {
            try await KlaxonDaemon(runtime: runtime, authenticator: authenticator).run()
            status = 0
        } catch let error as ConfigLoadError {
            for diagnostic in error.diagnostics { log(diagnostic, to: logger) }
            logger.error("error loading config")
            status = 1
        } catch {
            logger.error("klaxon serve failed", metadata: ["err": "\(error)"])
            status = 1
        }
        await runtime.shutdown()
        return status
    }

    static func log(_ diagnostic: Diagnostic, to logger: Logger) {
        logger.log(level: diagnostic.severity == .error ? .error : .warning, "\(diagnostic.description)")
    }
}

/// One line per message on standard error: `ts=… level=… msg=… key=value` (logfmt, as Prometheus), or JSON.
public struct KlaxonLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String
    public let json: Bool

    public init(label: String, json: Bool) {
        self.label = label
        self.json = json
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let time = AlertAPIFormatTime.now()
        var line: String
        if json {
            line = "{\"ts\":" + GoJSON.quote(time) + ",\"level\":" + GoJSON.quote(level.rawValue)
            line += ",\"msg\":" + GoJSON.quote("\(message)")
            for key in fields.keys.sorted() {
                line += "," + GoJSON.quote(key) + ":" + GoJSON.quote("\(fields[key] ?? "")")
            }
            line += "}"
        } else {
            line = "ts=" + time + " level=" + level.rawValue + " msg=" + logfmt("\(message)")
            for key in fields.keys.sorted() { line += " " + key + "=" + logfmt("\(fields[key] ?? "")") }
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func logfmt(_ value: String) -> String {
        value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
            ? GoJSON.quote(value) : value
    }
}

/// Wall-clock time for log lines (RFC 3339, milliseconds, UTC).
enum AlertAPIFormatTime {
    static func now() -> String {
        let ms = SystemTimeSource().now()
        var seconds = ms / 1000
        let millis = ms % 1000
        let days = seconds / 86_400
        seconds %= 86_400
        let (y, m, d) = civil(days)
        func pad(_ n: Int64, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(millis, 3))Z"
    }

    private static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
