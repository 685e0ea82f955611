import KlaxonModel

/// Renders metric families as Prometheus text 0.0.4 or OpenMetrics 1.0 text, byte for byte as client_golang's
/// expfmt does (families in the given order, series in the given order, `le` last among a bucket's labels).
///
/// Families without series are skipped (client_golang's gatherer drops them too). In OpenMetrics, a counter
/// whose name ends in `_total` is announced without the suffix and its samples carry it; a counter without
/// the suffix is typed `unknown`, as client_golang does; `# UNIT` is written only when the announced name
/// ends with `_<unit>`, which OpenMetrics requires; `_created` lines (counters and histograms, Unix seconds)
/// only when asked for.
public enum Exposition {
    /// The exposition text for `families`.
    public static func render(_ families: [MetricFamilySnapshot], format: ExpositionFormat, includeCreated: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(families.count * 256)
        for family in families where !family.series.isEmpty {
            if format.isOpenMetrics {
                renderOpenMetrics(family, includeCreated: includeCreated, into: &out)
            } else {
                renderText(family, into: &out)
            }
        }
        if format.isOpenMetrics { out += "# EOF\n" }
        return out
    }

    // MARK: Prometheus text 0.0.4

    private static func renderText(_ family: MetricFamilySnapshot, into out: inout String) {
        let name = family.name
        if !family.help.isEmpty { out += "# HELP \(name) \(escapeHelp(family.help, quotes: false))\n" }
        out += "# TYPE \(name) \(family.type.rawValue)\n"
        for series in family.series {
            switch series.value {
            case .counter(let value), .gauge(let value):
                sampleLine(name, series.labels, value: ExpositionFloat.text(value), into: &out)
            case .histogram(let histogram):
                for bucket in histogram.buckets {
                    sampleLine(
                        name + "_bucket", series.labels, le: ExpositionFloat.text(bucket.upperBound),
                        value: String(bucket.cumulativeCount), into: &out
                    )
                }
                sampleLine(name + "_sum", series.labels, value: ExpositionFloat.text(histogram.sum), into: &out)
                sampleLine(name + "_count", series.labels, value: String(histogram.count), into: &out)
            }
        }
    }

    // MARK: OpenMetrics 1.0

    private static func renderOpenMetrics(_ family: MetricFamilySnapshot, includeCreated: Bool, into out: inout String) {
        let isTotalCounter = family.type == .counter && family.name.hasSuffix("_total")
        let name = isTotalCounter ? String(family.name.dropLast(6)) : family.name
        let type = family.type == .counter && !isTotalCounter ? "unknown" : family.type.rawValue
        if !family.help.isEmpty { out += "# HELP \(name) \(escapeHelp(family.help, quotes: true))\n" }
        out += "# TYPE \(name) \(type)\n"
        if !family.unit.isEmpty, name.hasSuffix("_" + family.unit) {
            out += "# UNIT \(name) \(escapeHelp(family.unit, quotes: true))\n"
        }
        for series in family.series {
            let created = includeCreated ? series.created.map { ExpositionFloat.openMetrics(Double($0) / 1000) } : nil
            switch series.value {
            case .counter(let value):
                sampleLine(family.name, series.labels, value: ExpositionFloat.openMetrics(value), into: &out)
                if isTotalCounter, let created { sampleLine(name + "_created", series.labels, value: created, into: &out) }
            case .gauge(let value):
                sampleLine(name, series.labels, value: ExpositionFloat.openMetrics(value), into: &out)
            case .histogram(let histogram):
                for bucket in histogram.buckets {
                    sampleLine(
                        name + "_bucket", series.labels, le: ExpositionFloat.openMetrics(bucket.upperBound),
                        value: String(bucket.cumulativeCount), into: &out
                    )
                }
                sampleLine(name + "_sum", series.labels, value: ExpositionFloat.openMetrics(histogram.sum), into: &out)
                sampleLine(name + "_count", series.labels, value: String(histogram.count), into: &out)
                if let created { sampleLine(name + "_created", series.labels, value: created, into: &out) }
            }
        }
    }

    // MARK: Lines and escaping

    private static func sampleLine(_ name: String, _ labels: Labels, le: String? = nil, value: String, into out: inout String) {
        out += name
        if !labels.isEmpty || le != nil {
            var separator = "{"
            for label in labels {
                out += separator
                out += label.name
                out += "=\""
                out += escapeLabelValue(label.value)
                out += "\""
                separator = ","
            }
            if let le {
                out += separator
                out += "le=\""
                out += le
                out += "\""
            }
            out += "}"
        }
        out += " "
        out += value
        out += "\n"
    }

    /// A label value with `\`, `"` and newline escaped (both formats).
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 4)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// HELP text with `\` and newline escaped; OpenMetrics also escapes `"`.
    static func escapeHelp(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || (quotes && $0 == 0x22) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 4)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
