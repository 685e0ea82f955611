import Foundation
import KlaxonConfig
public import KlaxonModel
public import KlaxonNotify
public import KlaxonRules
public import KlaxonScrape

/// Where the daemon's configuration comes from: a Prometheus-style file, or the embedded default (the bundled
/// rule files, Klaxon's own metrics, webhooks from the command line).
public enum ConfigSource: Sendable, Equatable {
    case file(String)
    case embedded(EmbeddedDefaults)
}

/// The embedded default's settings.
public struct EmbeddedDefaults: Sendable, Equatable {
    /// The directory holding the bundled `*.yml` rule files.
    public var rulesDirectory: String
    /// `--webhook URL` values.
    public var webhooks: [String]
    /// How often groups without their own `interval` are evaluated (milliseconds).
    public var evaluationInterval: Int64

    public init(rulesDirectory: String, webhooks: [String] = [], evaluationInterval: Int64 = 15_000) {
        self.rulesDirectory = rulesDirectory
        self.webhooks = webhooks
        self.evaluationInterval = evaluationInterval
    }
}

/// Everything a (re)load produced, ready to apply in one step.
public struct LoadedConfiguration: Sendable {
    public var config: ServerConfig
    /// Rule groups from every rule file, in file order.
    public var groups: [RuleGroup]
    /// The rule files read.
    public var ruleFiles: [String]
    /// Where alerts go (Alertmanagers, then webhooks; `--webhook`s first among those).
    public var notifier: NotifierConfiguration
    /// The scrape jobs, as KlaxonScrape runs them.
    public var scrapeJobs: [ScrapeJob]
    /// Warnings (not-implemented sections, patterns matching nothing).
    public var warnings: [Diagnostic]
}

/// A configuration that could not be loaded: every error, rendered `file:line:col: error: …`.
public struct ConfigLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public var description: String {
        diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
    }
}

/// Loads the configuration and every rule file it names, all-or-nothing: a single error anywhere fails the
/// whole load, so a reload either applies completely or leaves the running configuration alone.
public struct ConfigLoader: Sendable {
    /// Webhooks given on the command line, added to the configuration's.
    public var extraWebhooks: [String]
    /// Klaxon's URL, written into webhook payloads.
    public var externalURL: String

    public init(extraWebhooks: [String] = [], externalURL: String = "") {
        self.extraWebhooks = extraWebhooks
        self.externalURL = externalURL
    }

    public func load(_ source: ConfigSource) throws(ConfigLoadError) -> LoadedConfiguration {
        var config: ServerConfig
        var diagnostics: [Diagnostic] = []
        var patterns: [String]
        switch source {
        case .file(let path):
            let decoded = ServerConfigDecoder.load(path: path)
            diagnostics += decoded.diagnostics
            guard let loaded = decoded.config else { throw ConfigLoadError(diagnostics: diagnostics) }
            config = loaded
            let directory = ConfigPaths.directory(of: path)
            patterns = config.ruleFiles.map { ConfigPaths.resolve($0, relativeTo: directory) }
        case .embedded(let defaults):
            config = ServerConfig()
            config.global.evaluationInterval = defaults.evaluationInterval
            config.global.scrapeInterval = defaults.evaluationInterval
            config.ruleFiles = [ConfigPaths.resolve("*.yml", relativeTo: defaults.rulesDirectory)]
            config.webhooks = defaults.webhooks.map { WebhookSettings(url: $0) }
            config.text = EmbeddedDefaults.describe(config)
            patterns = config.ruleFiles
        }
        let loader = RuleFileLoader()
        let (files, problems) = loader.load(patterns: patterns)
        diagnostics += problems
        var groups: [RuleGroup] = []
        for file in files {
            diagnostics += file.diagnostics + file.warnings
            guard !file.diagnostics.contains(where: { $0.severity == .error }) else { continue }
            for spec in file.groups {
                do {
                    groups.append(
                        try RuleGroup(
                            spec: spec, defaultInterval: config.global.evaluationInterval,
                            defaultQueryOffset: config.global.ruleQueryOffset))
                } catch {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "rules.invalid-group", message: error.message,
                            span: spec.positions.group
                                ?? SourceSpan(file: file.path, start: SourcePosition(line: 1, column: 1))))
                }
            }
        }
        var scrapeJobs: [ScrapeJob] = []
        for settings in config.scrapeConfigs {
            do throws(ConfigLoadError) {
                scrapeJobs.append(try settings.scrapeJob())
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ConfigLoadError(diagnostics: diagnostics) }
        let notifier = Self.notifier(config, extraWebhooks: extraWebhooks, externalURL: externalURL)
        return LoadedConfiguration(
            config: config, groups: groups, ruleFiles: files.map(\.path), notifier: notifier, scrapeJobs: scrapeJobs,
            warnings: diagnostics.filter { $0.severity != .error })
    }

    /// KlaxonNotify's configuration: every Alertmanager entry, then the webhooks (command line first).
    static func notifier(_ config: ServerConfig, extraWebhooks: [String], externalURL: String) -> NotifierConfiguration
    {
        let hooks = extraWebhooks.map { WebhookSettings(url: $0) } + config.webhooks
        return NotifierConfiguration(
            alertmanagers: config.alertmanagers.map { am in
                KlaxonNotify.AlertmanagerConfig(
                    targets: am.staticConfigs.flatMap(\.targets), scheme: am.scheme, pathPrefix: am.pathPrefix,
                    timeout: .milliseconds(am.timeout), httpConfig: httpConfig(am.http))
            },
            webhooks: hooks.map { hook in
                KlaxonNotify.WebhookConfig(
                    url: hook.url, sendResolved: hook.sendResolved, maxAlerts: UInt64(max(0, hook.maxAlerts)),
                    timeout: .milliseconds(hook.timeout), httpConfig: httpConfig(hook.http),
                    retry: KlaxonNotify.RetryPolicy(
                        maxAttempts: hook.retry.maxAttempts, initialBackoff: .milliseconds(hook.retry.initialBackoff),
                        maxBackoff: .milliseconds(hook.retry.maxBackoff)))
            },
            externalLabels: config.global.externalLabels, externalURL: externalURL)
    }

    static func httpConfig(_ settings: HTTPClientSettings) -> KlaxonNotify.HTTPClientConfig {
        KlaxonNotify.HTTPClientConfig(
            authorization: settings.authorization.map {
                KlaxonNotify.HTTPClientConfig.Authorization(type: $0.type, credentials: $0.credentials)
            },
            basicAuth: settings.basicAuth.map {
                KlaxonNotify.HTTPClientConfig.BasicAuth(username: $0.username, password: $0.password)
            },
            tlsConfig: KlaxonNotify.HTTPClientConfig.TLSConfig(
                caFile: settings.tls.caFile ?? "", certFile: settings.tls.certFile ?? "",
                keyFile: settings.tls.keyFile ?? "", serverName: settings.tls.serverName ?? "",
                insecureSkipVerify: settings.tls.insecureSkipVerify))
    }
}

extension EmbeddedDefaults {
    /// A Prometheus-style YAML rendering of the embedded configuration, for `/api/v1/status/config`.
    static func describe(_ config: ServerConfig) -> String {
        var lines = [
            "# klaxon serve without --config: the embedded default",
            "global:",
            "  evaluation_interval: \(PromDuration.format(config.global.evaluationInterval))",
            "rule_files:",
        ]
        lines += config.ruleFiles.map { "  - \(GoQuote.quote($0))" }
        if !config.webhooks.isEmpty {
            lines.append("webhooks:")
            lines += config.webhooks.map { _ in "  - url: <secret>" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Finds the bundled rules: `$KLAXON_RULES` if set, else the first directory named `rules` containing
    /// `platform-critical.yml` found walking up from the current directory, then from the executable's.
    public static func locateRules(environment: [String: String], currentDirectory: String, executablePath: String?)
        -> String?
    {
        if let explicit = environment["KLAXON_RULES"], !explicit.isEmpty { return explicit }
        var starts = [currentDirectory]
        if let executablePath { starts.append(ConfigPaths.directory(of: executablePath)) }
        for start in starts {
            var directory = start
            while true {
                let candidate = directory.hasSuffix("/") ? directory + "rules" : directory + "/rules"
                if FileManager.default.fileExists(atPath: candidate + "/platform-critical.yml") { return candidate }
                let parent = ConfigPaths.directory(of: directory)
                if parent == directory || directory == "/" || parent == "." { break }
                directory = parent
            }
        }
        return nil
    }
}
