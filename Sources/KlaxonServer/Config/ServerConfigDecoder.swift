import Foundation
public import KlaxonModel
import KlaxonYAML

/// Decodes `klaxon serve --config FILE`: Prometheus's configuration format (yaml.v2, strict: unknown keys are
/// errors, as in Prometheus) plus Klaxon's `webhooks:`. Keys Prometheus knows but Klaxon does not implement
/// are warnings, each reported once per file at its first occurrence; every problem is a `Diagnostic` with
/// file:line:col. Files named inside the configuration (`password_file`, `url_file`, …) are read relative to
/// the configuration file's directory.
public struct ServerConfigDecoder {
    /// The outcome: a configuration when there was no error, and every diagnostic.
    public struct Result: Sendable {
        public var config: ServerConfig?
        public var diagnostics: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    let path: String
    let directory: String
    let context = YAMLDecodingContext(options: YAMLDecodingOptions(dialect: .goYAMLv2))
    var warnings: [Diagnostic] = []
    var warnedKeys: Set<String> = []
    var extraErrors: [Diagnostic] = []
    var secretSpans: [SourceSpan] = []

    static let serviceDiscoveryKeys = [
        "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
        "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "file_sd_configs",
        "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs", "kubernetes_sd_configs",
        "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs", "nerve_sd_configs",
        "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs",
        "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs", "triton_sd_configs",
        "uyuni_sd_configs", "vultr_sd_configs",
    ]

    /// Reads and decodes the file at `path` (as the user spelled it).
    public static func load(path: String) -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            return Result(
                config: nil,
                diagnostics: [
                    Diagnostic(
                        .error, code: "config.unreadable",
                        message: "open \(path): no such file or directory",
                        span: SourceSpan(file: path, start: SourcePosition(line: 1, column: 1)))
                ])
        }
        return decode(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Decodes `text`; `path` names it in diagnostics and anchors relative file names.
    public static func decode(_ text: String, path: String) -> Result {
        var decoder = ServerConfigDecoder(path: path, directory: ConfigPaths.directory(of: path))
        return decoder.run(text)
    }

    private mutating func run(_ text: String) -> Result {
        var config = ServerConfig()
        config.path = path
        config.text = text
        let root: YAMLNode?
        do {
            root = try YAML.parse(text, file: path)
        } catch {
            return Result(config: nil, diagnostics: [error.diagnostic])
        }
        if let root {
            decodeRoot(context.value(root), into: &config)
        }
        config.secretSpans = secretSpans
        let errors = context.diagnostics + extraErrors
        let all = (errors + warnings).sorted { ($0.span.start, $0.severity) < ($1.span.start, $1.severity) }
        return Result(config: errors.isEmpty ? config : nil, diagnostics: all)
    }

    private mutating func decodeRoot(_ value: YAMLValue, into config: inout ServerConfig) {
        let implemented = ["global", "rule_files", "scrape_configs", "alerting", "webhooks"]
        let unimplemented = [
            "runtime", "scrape_config_files", "storage", "tracing", "remote_write", "remote_read", "otlp",
        ]
        guard let root = value.mapping("config.Config", keys: implemented + unimplemented) else { return }
        warnUnimplemented(root, unimplemented, section: "")
        if let global = root["global"] { decodeGlobal(global, into: &config.global) }
        if let files = root["rule_files"]?.strings() { config.ruleFiles = files.filter { !$0.isEmpty } }
        if let scrapes = root["scrape_configs"]?.sequence("[]*config.ScrapeConfig") {
            var names = Set<String>()
            for item in scrapes {
                guard let scrape = decodeScrape(item, global: config.global) else { continue }
                if !names.insert(scrape.jobName).inserted {
                    item.report("found multiple scrape configs with job name \(GoQuote.quote(scrape.jobName))")
                    continue
                }
                config.scrapeConfigs.append(scrape)
            }
        }
        if let alerting = root["alerting"] { decodeAlerting(alerting, into: &config) }
        if let hooks = root["webhooks"]?.sequence("[]config.WebhookConfig") {
            config.webhooks = hooks.compactMap { decodeWebhook($0) }
        }
    }

    private mutating func decodeGlobal(_ value: YAMLValue, into global: inout GlobalConfig) {
        let implemented = [
            "scrape_interval", "scrape_timeout", "evaluation_interval", "rule_query_offset", "external_labels",
        ]
        let unimplemented = [
            "scrape_protocols", "query_log_file", "scrape_failure_log_file", "body_size_limit", "sample_limit",
            "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
            "keep_dropped_targets", "metric_name_validation_scheme", "metric_name_escaping_scheme",
            "scrape_native_histograms", "convert_classic_histograms_to_nhcb", "always_scrape_classic_histograms",
            "extra_scrape_metrics",
        ]
        guard let map = value.mapping("config.GlobalConfig", keys: implemented + unimplemented) else { return }
        warnUnimplemented(map, unimplemented, section: "global.")
        if let v = positiveDuration(map["scrape_interval"]) { global.scrapeInterval = v }
        if let v = positiveDuration(map["scrape_timeout"]) { global.scrapeTimeout = v }
        if let v = positiveDuration(map["evaluation_interval"]) { global.evaluationInterval = v }
        if let v = map["rule_query_offset"]?.duration() { global.ruleQueryOffset = v }
        if map["scrape_timeout"] == nil { global.scrapeTimeout = min(global.scrapeTimeout, global.scrapeInterval) }
        if global.scrapeTimeout > global.scrapeInterval, let node = map["scrape_timeout"] ?? map["scrape_interval"] {
            node.report("global scrape timeout greater than scrape interval")
        }
        if let labels = map["external_labels"] { global.externalLabels = labelSet(labels) }
    }

    private mutating func decodeAlerting(_ value: YAMLValue, into config: inout ServerConfig) {
        guard let map = value.mapping("config.AlertingConfig", keys: ["alertmanagers", "alert_relabel_configs"]) else {
            return
        }
        warnUnimplemented(map, ["alert_relabel_configs"], section: "alerting.")
        guard let items = map["alertmanagers"]?.sequence("[]*config.AlertmanagerConfig") else { return }
        for item in items {
            let implemented =
                ["scheme", "path_prefix", "timeout", "api_version", "static_configs"]
                + Self.httpClientKeys
            let unimplemented = ["sigv4", "relabel_configs", "alert_relabel_configs"] + Self.serviceDiscoveryKeys
            guard let am = item.mapping("config.AlertmanagerConfig", keys: implemented + unimplemented) else {
                continue
            }
            warnUnimplemented(am, unimplemented, section: "alerting.alertmanagers[].")
            var out = AlertmanagerSettings()
            if let scheme = am["scheme"]?.string() { out.scheme = checkScheme(scheme, am["scheme"]) }
            if let prefix = am["path_prefix"]?.string() { out.pathPrefix = prefix }
            if let timeout = positiveDuration(am["timeout"]) { out.timeout = timeout }
            if let version = am["api_version"]?.string(), !version.isEmpty, version != "v2" {
                am["api_version"]?.report("expected Alertmanager api version to be one of [v2] but got \(version)")
            }
            if let statics = am["static_configs"] { out.staticConfigs = staticConfigs(statics) }
            out.http = httpClient(am, section: "alerting.alertmanagers[]", component: "notifier")
            config.alertmanagers.append(out)
        }
    }

    private mutating func decodeWebhook(_ value: YAMLValue) -> WebhookSettings? {
        let keys = ["url", "url_file", "send_resolved", "max_alerts", "timeout", "http_config", "retry"]
        guard let map = value.mapping("config.WebhookConfig", keys: keys) else { return nil }
        var url: String?
        if let node = map["url"], let text = node.string(), !text.isEmpty {
            secretSpans.append(node.span)
            url = text
        }
        if let node = map["url_file"], let file = node.string(), !file.isEmpty {
            if url != nil {
                node.report("at most one of url & url_file must be configured")
                return nil
            }
            guard let text = readSecretFile(file, at: node) else { return nil }
            url = text
        }
        guard let url else {
            value.report("one of url or url_file must be configured")
            return nil
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            (map["url"] ?? map["url_file"] ?? value).report("unsupported scheme \"\" for URL")
            return nil
        }
        var hook = WebhookSettings(url: url)
        if let v = map["send_resolved"]?.bool() { hook.sendResolved = v }
        if let node = map["max_alerts"], let v = node.int(typeName: "uint64") {
            if v < 0 { node.report("cannot unmarshal !!int `\(v)` into uint64", kind: .typeMismatch) }
            hook.maxAlerts = max(0, v)
        }
        if let v = positiveDuration(map["timeout"]) { hook.timeout = v }
        if let http = map["http_config"] { hook.http = httpClientConfig(http) }
        if let retry = map["retry"] { hook.retry = retryPolicy(retry) }
        return hook
    }

    private mutating func retryPolicy(_ value: YAMLValue) -> RetrySettings {
        guard let map = value.mapping("config.RetryConfig", keys: ["max_attempts", "initial_backoff", "max_backoff"])
        else { return RetrySettings() }
        var policy = RetrySettings()
        if let node = map["max_attempts"], let v = node.int() {
            if v < 1 { node.report("max_attempts must be at least 1") }
            policy = RetrySettings(maxAttempts: v, initialBackoff: policy.initialBackoff, maxBackoff: policy.maxBackoff)
        }
        if let v = map["initial_backoff"]?.duration() {
            policy = RetrySettings(
                maxAttempts: policy.maxAttempts, initialBackoff: v, maxBackoff: max(v, policy.maxBackoff))
        }
        if let node = map["max_backoff"], let v = node.duration() {
            if v < policy.initialBackoff { node.report("max_backoff must not be less than initial_backoff") }
            policy = RetrySettings(
                maxAttempts: policy.maxAttempts, initialBackoff: policy.initialBackoff, maxBackoff: v)
        }
        return policy
    }

    // MARK: Helpers

    /// Warns once per key name about keys Prometheus knows but Klaxon does not implement.
    mutating func warnUnimplemented(_ map: YAMLMappingValue, _ keys: [String], section: String) {
        for key in keys where map.contains(key) {
            let name = section + key
            guard warnedKeys.insert(name).inserted, let node = map.keyNode(key) else { continue }
            warnings.append(
                Diagnostic(
                    .warning, code: "config.not-implemented",
                    message: "\(name) is not implemented by Klaxon and is ignored", span: node.span))
        }
    }

    /// A duration that must be positive when given.
    mutating func positiveDuration(_ value: YAMLValue?) -> Int64? {
        guard let value, let ms = value.duration() else { return nil }
        if ms <= 0 {
            value.report("duration must be greater than 0")
            return nil
        }
        return ms
    }

    /// A `map[string]string` of labels with valid names.
    mutating func labelSet(_ value: YAMLValue) -> Labels {
        guard let pairs = value.stringMap(typeName: "model.LabelSet") else { return Labels() }
        var labels = Labels()
        for (name, text) in pairs {
            if name.isEmpty {
                value.report("\(GoQuote.quote(name)) is not a valid label name")
                continue
            }
            labels.set(name, text)
        }
        return labels
    }

    mutating func checkScheme(_ scheme: String, _ node: YAMLValue?) -> String {
        if scheme == "http" || scheme == "https" { return scheme }
        node?.report("unsupported scheme \(GoQuote.quote(scheme))")
        return "http"
    }

    /// Reads a file named in the configuration (relative to the configuration's directory), trimmed of
    /// surrounding whitespace as Prometheus does for secrets.
    mutating func readSecretFile(_ file: String, at node: YAMLValue) -> String? {
        let full = ConfigPaths.resolve(file, relativeTo: directory)
        guard let data = FileManager.default.contents(atPath: full) else {
            node.report("unable to read file \(GoQuote.quote(file)): open \(full): no such file or directory")
            return nil
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Path helpers for files named in configuration files.
enum ConfigPaths {
    /// The directory part of `path` ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `file` unchanged when absolute, else joined to `directory`.
    static func resolve(_ file: String, relativeTo directory: String) -> String {
        if file.hasPrefix("/") || directory == "." { return file }
        return directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
}
