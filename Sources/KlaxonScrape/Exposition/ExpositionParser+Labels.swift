public import KlaxonModel

extension ExpositionParser {
    /// The labels of the sample `next()` returned last: `__name__` plus the exposed labels, escapes resolved,
    /// `le` (histograms) and `quantile` (summaries) normalised to OpenMetrics float text, empty values dropped.
    public func labels() -> Labels {
        var pairs: [Label] = []
        pairs.reserveCapacity(labelOffsets.count / 4 + 1)
        pairs.append(Label(WellKnown.metricName, unescaped(nameStart..<nameEnd, help: false)))
        var k = 0
        while k + 3 < labelOffsets.count {
            let name = unescaped(labelOffsets[k]..<labelOffsets[k + 1], help: false)
            var value = unescaped(labelOffsets[k + 2]..<labelOffsets[k + 3], help: false)
            if (metricType == .histogram && name == WellKnown.bucketLabel)
                || (metricType == .summary && name == WellKnown.quantileLabel)
            {
                value = ExpositionParser.normalizedFloatLabel(value)
            }
            pairs.append(Label(name, value))
            k += 4
        }
        return Labels(pairs)
    }

    /// The number of labels the current sample exposes (without `__name__`).
    public var exposedLabelCount: Int { labelOffsets.count / 4 }

    /// The bytes of `range` with Prometheus's escapes resolved: `\\`, `\n` and (except in text-format HELP) `\"`.
    /// Other backslashes stay as they are.
    func unescaped(_ range: Range<Int>, help: Bool) -> String {
        guard range.lowerBound >= 0, range.upperBound <= end, !range.isEmpty else { return "" }
        var hasEscape = false
        for k in range where b[k] == UInt8(ascii: "\\") {
            hasEscape = true
            break
        }
        let raw = UnsafeBufferPointer(start: b + range.lowerBound, count: range.count)
        guard hasEscape else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var k = 0
        while k < raw.count {
            let c = raw[k]
            if c == UInt8(ascii: "\\") && k + 1 < raw.count {
                let n = raw[k + 1]
                if n == UInt8(ascii: "\\") {
                    out.append(n)
                    k += 2
                    continue
                }
                if n == UInt8(ascii: "n") {
                    out.append(UInt8(ascii: "\n"))
                    k += 2
                    continue
                }
                if n == UInt8(ascii: "\"") && !help {
                    out.append(n)
                    k += 2
                    continue
                }
            }
            out.append(c)
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Prometheus's `normalizeFloatsInLabelValues`: a value that parses as a float is rewritten with
    /// `FormatOpenMetricsFloat` (`1` → `1.0`, `1e3` → `1000.0`, `+inf` → `+Inf`); anything else is kept.
    static func normalizedFloatLabel(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            if case .success(let f) = GoNumberParser.parseFloat(base, 0..<buffer.count) { return f }
            return nil
        }
        guard let f = parsed else { return value }
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Inf" : "+Inf" }
        if f == 0 { return "0.0" }
        let text = GoFloat.formatG(f)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }
}
