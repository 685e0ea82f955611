import KlaxonModel
import KlaxonYAML

extension ServerConfigDecoder {
    /// Keys of Prometheus's `HTTPClientConfig`, inlined into scrape and Alertmanager configs.
    static let httpClientKeys = [
        "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config", "proxy_url",
        "no_proxy", "proxy_from_environment", "proxy_connect_header", "follow_redirects", "enable_http2",
        "http_headers",
    ]
    static let unimplementedHTTPClientKeys = [
        "oauth2", "no_proxy", "proxy_from_environment", "proxy_connect_header", "enable_http2", "http_headers",
        "proxy_url",
    ]

    mutating func decodeScrape(_ value: YAMLValue, global: GlobalConfig) -> ScrapeJobSettings? {
        let implemented =
            [
                "job_name", "honor_labels", "honor_timestamps", "params", "scrape_interval", "scrape_timeout",
                "metrics_path", "scheme", "sample_limit", "static_configs", "relabel_configs", "metric_relabel_configs",
            ] + Self.httpClientKeys
        let unimplemented =
            [
                "track_timestamps_staleness", "scrape_protocols", "fallback_scrape_protocol",
                "scrape_native_histograms",
                "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb", "scrape_failure_log_file",
                "enable_compression", "body_size_limit", "target_limit", "label_limit", "label_name_length_limit",
                "label_value_length_limit", "native_histogram_bucket_limit", "native_histogram_min_bucket_factor",
                "keep_dropped_targets", "metric_name_validation_scheme", "metric_name_escaping_scheme",
                "extra_scrape_metrics",
            ] + Self.serviceDiscoveryKeys
        guard let map = value.mapping("config.ScrapeConfig", keys: implemented + unimplemented) else { return nil }
        warnUnimplemented(map, unimplemented, section: "scrape_configs[].")
        warnUnimplemented(map, Self.unimplementedHTTPClientKeys, section: "scrape_configs[].")
        guard let name = map.required("job_name")?.string() else { return nil }
        guard !name.isEmpty else {
            value.report("job_name is empty")
            return nil
        }
        var scrape = ScrapeJobSettings(
            jobName: name, scrapeInterval: global.scrapeInterval, scrapeTimeout: global.scrapeTimeout)
        if let v = positiveDuration(map["scrape_interval"]) {
            scrape.scrapeInterval = v
            if map["scrape_timeout"] == nil { scrape.scrapeTimeout = min(global.scrapeTimeout, v) }
        }
        if let v = positiveDuration(map["scrape_timeout"]) { scrape.scrapeTimeout = v }
        if scrape.scrapeTimeout > scrape.scrapeInterval {
            (map["scrape_timeout"] ?? map["scrape_interval"] ?? value).report(
                "scrape timeout greater than scrape interval for scrape config with job name \(GoQuote.quote(name))")
        }
        if let v = map["honor_labels"]?.bool() { scrape.honorLabels = v }
        if let v = map["honor_timestamps"]?.bool() { scrape.honorTimestamps = v }
        if let path = map["metrics_path"]?.string() { scrape.metricsPath = path.isEmpty ? "/metrics" : path }
        if let scheme = map["scheme"]?.string() { scrape.scheme = checkScheme(scheme, map["scheme"]) }
        if let node = map["sample_limit"], let v = node.int(typeName: "uint") { scrape.sampleLimit = max(0, v) }
        if let node = map["params"],
            let pairs = node.decode({ node, path throws(YAMLDecodingError) in
                try node.pairs(at: path, typeName: "url.Values", dialect: .goYAMLv2)
            })
        {
            for pair in pairs {
                guard let key = context.value(pair.key, at: node.path).string() else { continue }
                let values = context.value(pair.value, at: node.path.appending(key)).strings() ?? []
                scrape.params[key, default: []] += values
            }
        }
        if let statics = map["static_configs"] { scrape.staticConfigs = staticConfigs(statics) }
        if let relabel = map["relabel_configs"] { scrape.relabelConfigs = relabelConfigs(relabel) }
        if let relabel = map["metric_relabel_configs"] { scrape.metricRelabelConfigs = relabelConfigs(relabel) }
        scrape.http = httpClient(map, section: "scrape_configs[]", component: "scraper")
        return scrape
    }

    /// The `tls_config` keys that Klaxon's HTTP client (scrapes, Alertmanagers, webhooks) does not honour, with
    /// what happens instead. `ca_file`, `cert_file`, `key_file` and `insecure_skip_verify` are honoured.
    static let unhonouredTLSKeys: [(key: String, instead: String)] = [
        ("server_name", "the certificate is verified against the target's host, which is also sent as SNI"),
        ("ca", "use ca_file"), ("ca_ref", "use ca_file"), ("cert", "use cert_file"),
        ("cert_ref", "use cert_file"), ("key", "use key_file"), ("key_ref", "use key_file"),
        ("min_version", "the TLS library's default versions are accepted"),
        ("max_version", "the TLS library's default versions are accepted"),
    ]

    /// Warns, once per key and section and at the key, about `tls_config` fields the client does not honour.
    mutating func warnUnhonouredTLS(_ value: YAMLValue, section: String, component: String) {
        guard let pairs = value.node.mapping?.pairs else { return }
        for (key, instead) in Self.unhonouredTLSKeys {
            guard let pair = pairs.first(where: { $0.key.scalar?.value == key }), !pair.value.isNull,
                pair.value.scalar?.value != ""
            else { continue }
            let name = section + ".tls_config." + key
            guard warnedKeys.insert(name).inserted else { continue }
            warnings.append(
                Diagnostic(
                    .warning, code: "config.not-implemented",
                    message: "\(name) is not implemented by Klaxon's \(component) and is ignored: \(instead)",
                    span: pair.key.span))
        }
    }

    /// `static_configs[]`: `targets` must be `host:port`.
    mutating func staticConfigs(_ value: YAMLValue) -> [StaticTargets] {
        guard let items = value.sequence("discovery.StaticConfig") else { return [] }
        var out: [StaticTargets] = []
        for item in items {
            guard let map = item.mapping("targetgroup.Group", keys: ["targets", "labels"]) else { continue }
            var group = StaticTargets()
            if let targets = map["targets"] {
                for (index, target) in (targets.strings() ?? []).enumerated() {
                    guard Self.isHostPort(target) else {
                        let node = targets.sequence()?[safe: index] ?? targets
                        node.report("\(GoQuote.quote(target)) is not a valid hostname")
                        continue
                    }
                    group.targets.append(target)
                }
            }
            if let labels = map["labels"] { group.labels = labelSet(labels) }
            out.append(group)
        }
        return out
    }

    mutating func relabelConfigs(_ value: YAMLValue) -> [RelabelRule] {
        let actions = [
            "replace", "keep", "drop", "keepequal", "dropequal", "hashmod", "labelmap", "labeldrop", "labelkeep",
            "lowercase", "uppercase",
        ]
        let keys = ["source_labels", "separator", "target_label", "regex", "modulus", "replacement", "action"]
        return value.sequence("[]*relabel.Config") { item -> RelabelRule? in
            guard let map = item.mapping("relabel.Config", keys: keys) else { return nil }
            var config = RelabelRule()
            if let v = map["source_labels"]?.strings(typeName: "model.LabelNames") { config.sourceLabels = v }
            if let v = map["separator"]?.string() { config.separator = v }
            if let v = map["target_label"]?.string() { config.targetLabel = v }
            if let node = map["regex"], let v = node.string() {
                config.regex = v
                do {
                    _ = try PromRegex(v)
                } catch {
                    node.report("\(error)")
                }
            }
            if let v = map["modulus"]?.int(typeName: "uint64") { config.modulus = UInt64(max(0, v)) }
            if let v = map["replacement"]?.string() { config.replacement = v }
            if let node = map["action"], let v = node.string() {
                let action = v.lowercased()
                if !actions.contains(action) { node.report("unknown relabel action \(GoQuote.quote(v))") }
                config.action = action
            }
            if ["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"].contains(config.action),
                config.targetLabel.isEmpty
            {
                item.report("relabel configuration for \(config.action) action requires 'target_label' value")
            }
            if config.action == "hashmod" && config.modulus == 0 {
                item.report("relabel configuration for hashmod requires non-zero modulus")
            }
            return config
        } ?? []
    }

    /// The inlined `HTTPClientConfig` keys of `map`.
    /// `section` and `component` name the place in warnings (`scrape_configs[]`, "scraper").
    mutating func httpClient(_ map: YAMLMappingValue, section: String, component: String) -> HTTPClientSettings {
        var settings = HTTPClientSettings()
        if let node = map["basic_auth"] { settings.basicAuth = basicAuth(node) }
        if let node = map["authorization"] { settings.authorization = authorization(node) }
        if let node = map["bearer_token"], let token = node.string(), !token.isEmpty {
            secretSpans.append(node.span)
            if settings.authorization != nil || settings.basicAuth != nil {
                node.report("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
            }
            settings.authorization = AuthorizationCredentials(credentials: token)
        }
        if let node = map["bearer_token_file"], let file = node.string(), !file.isEmpty {
            if settings.authorization != nil || settings.basicAuth != nil {
                node.report("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
            }
            if let token = readSecretFile(file, at: node) {
                settings.authorization = AuthorizationCredentials(credentials: token)
            }
        }
        if let node = map["tls_config"] {
            settings.tls = tls(node)
            warnUnhonouredTLS(node, section: section, component: component)
        }
        if let v = map["follow_redirects"]?.bool() { settings.followRedirects = v }
        return settings
    }

    /// A standalone `http_config:` (webhooks).
    mutating func httpClientConfig(_ value: YAMLValue) -> HTTPClientSettings {
        guard let map = value.mapping("config.HTTPClientConfig", keys: Self.httpClientKeys) else {
            return HTTPClientSettings()
        }
        warnUnimplemented(map, Self.unimplementedHTTPClientKeys, section: "http_config.")
        return httpClient(map, section: "webhooks[].http_config", component: "notifier")
    }

    private mutating func basicAuth(_ value: YAMLValue) -> BasicAuthCredentials? {
        guard
            let map = value.mapping(
                "config.BasicAuth",
                keys: ["username", "username_file", "username_ref", "password", "password_file", "password_ref"])
        else { return nil }
        var username = map["username"]?.string() ?? ""
        if let node = map["username_file"], let file = node.string(), !file.isEmpty {
            username = readSecretFile(file, at: node) ?? ""
        }
        var password = ""
        if let node = map["password"], let text = node.string(), !text.isEmpty {
            secretSpans.append(node.span)
            password = text
        }
        if let node = map["password_file"], let file = node.string(), !file.isEmpty {
            if !password.isEmpty {
                node.report("at most one of basic_auth password & password_file must be configured")
            }
            password = readSecretFile(file, at: node) ?? ""
        }
        return BasicAuthCredentials(username: username, password: password)
    }

    private mutating func authorization(_ value: YAMLValue) -> AuthorizationCredentials? {
        guard
            let map = value.mapping(
                "config.Authorization", keys: ["type", "credentials", "credentials_file", "credentials_ref"])
        else { return nil }
        let type = map["type"]?.string().flatMap { $0.isEmpty ? nil : $0 } ?? "Bearer"
        if type.lowercased() == "basic" {
            map["type"]?.report("authorization type cannot be set to \"basic\", use \"basic_auth\" instead")
        }
        var credentials = ""
        if let node = map["credentials"], let text = node.string(), !text.isEmpty {
            secretSpans.append(node.span)
            credentials = text
        }
        if let node = map["credentials_file"], let file = node.string(), !file.isEmpty {
            if !credentials.isEmpty {
                node.report("at most one of authorization credentials & credentials_file must be configured")
            }
            credentials = readSecretFile(file, at: node) ?? ""
        }
        return AuthorizationCredentials(type: type, credentials: credentials)
    }

    private mutating func tls(_ value: YAMLValue) -> TLSSettings {
        let keys = [
            "ca", "ca_file", "ca_ref", "cert", "cert_file", "cert_ref", "key", "key_file", "key_ref", "server_name",
            "insecure_skip_verify", "min_version", "max_version",
        ]
        guard let map = value.mapping("config.TLSConfig", keys: keys) else { return TLSSettings() }
        var tls = TLSSettings()
        // Files are relative to the configuration file's directory, as in Prometheus.
        let directory = self.directory
        func file(_ key: String) -> String? {
            map[key]?.string().flatMap { $0.isEmpty ? nil : ConfigPaths.resolve($0, relativeTo: directory) }
        }
        tls.caFile = file("ca_file")
        tls.certFile = file("cert_file")
        tls.keyFile = file("key_file")
        tls.serverName = map["server_name"]?.string().flatMap { $0.isEmpty ? nil : $0 }
        tls.insecureSkipVerify = map["insecure_skip_verify"]?.bool() ?? false
        if let node = map["key"], let text = node.string(), !text.isEmpty {
            secretSpans.append(node.span)
            tls.keyFile = tls.keyFile ?? "<inline>"
        }
        return tls
    }

    /// `host:port`, `[v6]:port` or a bare host (Prometheus adds the scheme's default port).
    static func isHostPort(_ target: String) -> Bool {
        guard !target.isEmpty, !target.contains("/"), !target.contains(" ") else { return false }
        return true
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
