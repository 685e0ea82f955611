public import KlaxonModel

/// Why a target could not be created from its discovered labels; `message` is Prometheus's wording.
public struct TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension ScrapeTarget {
    /// Prometheus's `PopulateDiscoveredLabels`: target labels, then group labels not already set, then the job's
    /// `job`, `__scrape_interval__`, `__scrape_timeout__`, `__metrics_path__`, `__scheme__` and `__param_*`
    /// where not set.
    public static func discoveredLabels(targetLabels: Labels, groupLabels: Labels, config: ScrapeConfig) -> Labels {
        var labels = targetLabels
        for label in groupLabels where !targetLabels.has(label.name) { labels.set(label.name, label.value) }
        let defaults: [(String, String)] = [
            (TargetLabels.job, config.jobName),
            (TargetLabels.scrapeInterval, PromDuration.format(config.scrapeInterval.milliseconds)),
            (TargetLabels.scrapeTimeout, PromDuration.format(config.scrapeTimeout.milliseconds)),
            (TargetLabels.metricsPath, config.metricsPath),
            (TargetLabels.scheme, config.scheme),
        ]
        for (name, value) in defaults where labels[name].isEmpty { labels.set(name, value) }
        for (key, values) in config.params {
            let name = TargetLabels.paramPrefix + key
            if let first = values.first, labels[name].isEmpty { labels.set(name, first) }
        }
        return labels
    }

    /// Prometheus's `PopulateLabels`: relabels the discovered labels, checks address, interval and timeout,
    /// drops `__meta_*` labels and defaults `instance` to the address. Returns nil when relabelling drops the
    /// target.
    public static func make(
        discoveredLabels: Labels,
        config: ScrapeConfig,
        relabeler: Relabeler
    ) throws(TargetError) -> ScrapeTarget? {
        guard var labels = relabeler.process(discoveredLabels) else { return nil }
        let address = labels[TargetLabels.address]
        if address.isEmpty { throw TargetError("no address") }
        if address.contains("/") { throw TargetError("\(GoQuote.quote(address)) is not a valid hostname") }

        let intervalText = labels[TargetLabels.scrapeInterval]
        let interval: Int64
        do { interval = try PromDuration.parse(intervalText) } catch {
            throw TargetError("error parsing scrape interval: \(error)")
        }
        if interval == 0 { throw TargetError("scrape interval cannot be 0") }
        let timeoutText = labels[TargetLabels.scrapeTimeout]
        let timeout: Int64
        do { timeout = try PromDuration.parse(timeoutText) } catch {
            throw TargetError("error parsing scrape timeout: \(error)")
        }
        if timeout == 0 { throw TargetError("scrape timeout cannot be 0") }
        if timeout > interval {
            throw TargetError(
                "scrape timeout cannot be greater than scrape interval "
                    + "(\(GoQuote.quote(timeoutText)) > \(GoQuote.quote(intervalText)))")
        }
        for label in labels where label.name.hasPrefix(TargetLabels.metaPrefix) { labels.remove(label.name) }
        if labels[TargetLabels.instance].isEmpty { labels.set(TargetLabels.instance, address) }

        return ScrapeTarget(
            scrapePool: config.jobName, labels: labels, discoveredLabels: discoveredLabels,
            scrapeURL: scrapeURL(labels: labels, params: config.params),
            scrapeInterval: .milliseconds(interval), scrapeTimeout: .milliseconds(timeout))
    }

    /// Prometheus's `Target.URL().String()`: scheme, address, escaped path, and the query from `params` with
    /// `__param_<name>` labels replacing the first value, keys sorted.
    static func scrapeURL(labels: Labels, params: [String: [String]]) -> String {
        var query = params
        for label in labels where label.name.hasPrefix(TargetLabels.paramPrefix) {
            let key = String(label.name.dropFirst(TargetLabels.paramPrefix.count))
            if var values = query[key], !values.isEmpty {
                values[0] = label.value
                query[key] = values
            } else {
                query[key] = [label.value]
            }
        }
        var url = labels[TargetLabels.scheme] + "://" + URLEscaping.escape(labels[TargetLabels.address], mode: .host)
        var path = labels[TargetLabels.metricsPath]
        if !path.isEmpty && !path.hasPrefix("/") { path = "/" + path }
        url += URLEscaping.escape(path, mode: .path)
        var pairs: [String] = []
        for key in query.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let escapedKey = URLEscaping.escape(key, mode: .query)
            for value in query[key] ?? [] { pairs.append(escapedKey + "=" + URLEscaping.escape(value, mode: .query)) }
        }
        if !pairs.isEmpty { url += "?" + pairs.joined(separator: "&") }
        return url
    }
}

/// Go's `net/url` escaping for the three places Klaxon builds URLs from labels.
enum URLEscaping {
    enum Mode { case host, path, query }

    static func escape(_ s: String, mode: Mode) -> String {
        var out = ""
        for byte in s.utf8 {
            if mode == .query && byte == UInt8(ascii: " ") {
                out += "+"
            } else if shouldEscape(byte, mode: mode) {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    private static func shouldEscape(_ c: UInt8, mode: Mode) -> Bool {
        let lower = c | 0x20
        if (lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) { return false }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return false
        default: break
        }
        switch mode {
        case .host:
            // Go keeps sub-delims, ':' and brackets in hosts; non-ASCII bytes are kept too.
            return !(c >= 0x80 || "!$&'()*+,;=:[]<>\"".utf8.contains(c))
        case .path:
            return !"$&+,/:;=@".utf8.contains(c)
        case .query:
            return true
        }
    }
}
