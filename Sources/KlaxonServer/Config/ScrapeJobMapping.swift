import KlaxonModel
import KlaxonScrape

extension ScrapeJobSettings {
    /// The job as KlaxonScrape runs it; relabel rules that KlaxonScrape refuses are reported.
    func scrapeJob() throws(ConfigLoadError) -> ScrapeJob {
        var config = ScrapeConfig(
            jobName: jobName, scrapeInterval: .milliseconds(scrapeInterval),
            scrapeTimeout: .milliseconds(scrapeTimeout),
            metricsPath: metricsPath, scheme: scheme, params: params, honorLabels: honorLabels,
            honorTimestamps: honorTimestamps, relabelConfigs: try Self.rules(relabelConfigs, job: jobName),
            metricRelabelConfigs: try Self.rules(metricRelabelConfigs, job: jobName), sampleLimit: sampleLimit)
        if let auth = http.basicAuth { config.basicAuth = BasicAuth(username: auth.username, password: auth.password) }
        if let auth = http.authorization {
            config.authorization = Authorization(type: auth.type, credentials: auth.credentials)
        }
        if http.tls.isCustomized {
            config.tls = ScrapeTLS(
                caFile: http.tls.caFile ?? "", certFile: http.tls.certFile ?? "", keyFile: http.tls.keyFile ?? "",
                serverName: http.tls.serverName ?? "", insecureSkipVerify: http.tls.insecureSkipVerify)
        }
        return ScrapeJob(
            config: config,
            staticConfigs: staticConfigs.map { StaticTargetGroup(targets: $0.targets, labels: $0.labels) })
    }

    private static func rules(_ rules: [RelabelRule], job: String) throws(ConfigLoadError) -> [RelabelConfig] {
        var out: [RelabelConfig] = []
        for rule in rules {
            guard let action = RelabelConfig.Action(rawValue: rule.action) else {
                throw ConfigLoadError(job: job, "unknown relabel action \(GoQuote.quote(rule.action))")
            }
            out.append(
                RelabelConfig(
                    sourceLabels: rule.sourceLabels, separator: rule.separator, regex: rule.regex,
                    modulus: rule.modulus,
                    targetLabel: rule.targetLabel, replacement: rule.replacement, action: action))
        }
        return out
    }
}

extension ConfigLoadError {
    init(job: String, _ message: String) {
        self.init(diagnostics: [
            Diagnostic(
                .error, code: "config.invalid-scrape-config", message: "scrape job \(GoQuote.quote(job)): \(message)",
                span: SourceSpan(file: "", start: SourcePosition(line: 1, column: 1)))
        ])
    }
}
