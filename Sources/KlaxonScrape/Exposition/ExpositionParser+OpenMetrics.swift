/// The OpenMetrics 1.0 grammar (Prometheus's `OpenMetricsParser.Next`).
extension ExpositionParser {
    mutating func nextOpenMetricsEntry() throws(ExpositionParseError) -> ExpositionEntry? {
        while true {
            entryStart = i
            resetSeries()
            let token = lexOpenMetrics()
            switch token {
            case .eofWord:
                let after = lexOpenMetrics()
                guard after == .eof else { throw error("unexpected data after # EOF", at: tokenStart) }
                return nil
            case .eof:
                throw error("data does not end with # EOF", at: end)
            case .help, .type, .unit:
                return try openMetricsMetadata(token)
            case .braceOpen:
                try openMetricsLabels(exemplar: false)
                seriesEnd = i
                let line = try openMetricsSampleSuffix(lexOpenMetrics())
                if isSkippedCreatedSeries() { continue }
                return .sample(line)
            case .metricName:
                nameStart = tokenStart
                nameEnd = i
                seriesEnd = i
                var next = lexOpenMetrics()
                if next == .braceOpen {
                    try openMetricsLabels(exemplar: false)
                    seriesEnd = i
                    next = lexOpenMetrics()
                }
                let line = try openMetricsSampleSuffix(next)
                if isSkippedCreatedSeries() { continue }
                return .sample(line)
            default:
                throw tokenError("expected a valid start token", token)
            }
        }
    }

    private mutating func openMetricsMetadata(_ keyword: Token) throws(ExpositionParseError) -> ExpositionEntry {
        let nameToken = lexOpenMetrics()
        guard nameToken == .metricName else {
            throw tokenError("expected metric name after \(keyword.name)", nameToken)
        }
        var nameRange = tokenStart..<i
        if nameRange.count >= 2 && b[nameRange.lowerBound] == UInt8(ascii: "\"") && b[i - 1] == UInt8(ascii: "\"") {
            nameRange = (nameRange.lowerBound + 1)..<(i - 1)
        }
        let family = familyName(tokenStart, i)
        let textToken = lexOpenMetrics()
        guard textToken == .text else { throw error("expected text in \(keyword.name)", at: tokenStart) }
        // The token is ` text\n`: drop the leading space and the newline.
        let text = i - tokenStart > 1 ? (tokenStart + 1)..<(i - 1) : i..<i
        switch keyword {
        case .type:
            let type = try metricType(text, openMetrics: true)
            metricType = type
            return .type(metricFamily: family, type: type)
        case .help:
            guard UTF8Validation.isValid(b, text) else {
                throw error("help text \(quoted(text)) is not a valid utf8 string", at: text.lowerBound)
            }
            return .help(metricFamily: family, text: unescaped(text, help: false))
        default:
            unit = self.text(text)
            if !unit.isEmpty {
                let unitBytes = Array(unit.utf8)
                let count = nameRange.count
                var isSuffix = count >= unitBytes.count + 1 && b[nameRange.upperBound - unitBytes.count - 1] == 95
                if isSuffix {
                    for (k, byte) in unitBytes.enumerated() where b[nameRange.upperBound - unitBytes.count + k] != byte
                    {
                        isSuffix = false
                    }
                }
                guard isSuffix else {
                    throw error(
                        "unit \(quoted(text)) not a suffix of metric \(quoted(nameRange))", at: text.lowerBound)
                }
            }
            return .unit(metricFamily: family, unit: unit)
        }
    }

    /// The inside of `{…}` of a sample or an exemplar; OpenMetrics requires a comma or `}` after each value.
    private mutating func openMetricsLabels(exemplar: Bool) throws(ExpositionParseError) {
        var token = lexOpenMetrics()
        while true {
            let start = tokenStart
            let stop = i
            let isQuoted: Bool
            switch token {
            case .braceClose: return
            case .labelName: isQuoted = false
            case .quotedString: isQuoted = true
            default: throw tokenError("expected label name", token)
            }
            token = lexOpenMetrics()
            if isQuoted && (token == .comma || token == .braceClose) {
                if exemplar { throw tokenError("expected label name", token) }
                guard nameStart == -1 else {
                    throw error("metric name already set while parsing: \(quoted(entryStart..<i))", at: start)
                }
                nameStart = start + 1
                nameEnd = stop - 1
                if token == .braceClose { return }
                token = lexOpenMetrics()
                continue
            }
            let nameRange = isQuoted ? (start + 1)..<(stop - 1) : start..<stop
            guard token == .equal else { throw tokenError("expected equal", token) }
            let valueToken = lexOpenMetrics()
            guard valueToken == .labelValue else { throw tokenError("expected label value", valueToken) }
            guard UTF8Validation.isValid(b, tokenStart..<i) else {
                throw error("invalid UTF-8 label value: \(quoted(tokenStart..<i))", at: tokenStart)
            }
            if !exemplar {
                labelOffsets.append(nameRange.lowerBound)
                labelOffsets.append(nameRange.upperBound)
                labelOffsets.append(tokenStart + 1)
                labelOffsets.append(i - 1)
            }
            token = lexOpenMetrics()
            if token == .comma {
                token = lexOpenMetrics()
            } else if token != .braceClose {
                throw tokenError("expected comma or brace close", token)
            }
        }
    }

    /// A value token (` 1.5`) after `after`, parsed.
    private mutating func openMetricsFloat(_ token: Token, after: String) throws(ExpositionParseError) -> Double {
        guard token == .value else { throw tokenError("expected value after \(after)", token) }
        return try parseValue((tokenStart + 1)..<i)
    }

    /// A timestamp token (` 1520879607.789`) as milliseconds; `what` is "timestamp" or "exemplar timestamp".
    private func openMetricsTimestamp(_ what: String) throws(ExpositionParseError) -> Int64 {
        let range = (tokenStart + 1)..<i
        switch GoNumberParser.parseFloat(b, range) {
        case .success(let seconds):
            guard seconds.isFinite else {
                let text = seconds.isNaN ? "NaN" : seconds < 0 ? "-Inf" : "+Inf"
                throw error("invalid \(what) \(text)", at: range.lowerBound)
            }
            return GoNumberParser.truncatingToInt64(seconds * 1000)
        case .failure(let failure):
            throw error(
                failure.message(quoted: quoted(range)) + " while parsing: " + quoted(entryStart..<i),
                at: range.lowerBound)
        }
    }

    /// Value, optional timestamp in seconds, optional exemplar, end of line (`parseSeriesEndOfLine`).
    private mutating func openMetricsSampleSuffix(_ token: Token) throws(ExpositionParseError) -> SampleLine {
        guard nameStart != -1 else {
            throw error("metric name not set while parsing: \(quoted(entryStart..<i))", at: entryStart)
        }
        let value = try openMetricsFloat(token, after: "metric")
        var timestamp: Int64?
        let next = lexOpenMetrics()
        switch next {
        case .eof:
            throw error("data does not end with # EOF", at: end)
        case .linebreak:
            break
        case .comment:
            try openMetricsExemplar()
        case .timestamp:
            timestamp = try openMetricsTimestamp("timestamp")
            let after = lexOpenMetrics()
            switch after {
            case .linebreak: break
            case .comment: try openMetricsExemplar()
            default: throw tokenError("expected next entry after timestamp", after)
            }
        default:
            throw tokenError("expected timestamp or new record", next)
        }
        return SampleLine(series: entryStart..<seriesEnd, value: value, timestamp: timestamp)
    }

    /// ` # {labels} value [timestamp]`: checked, then dropped (Klaxon stores no exemplars).
    private mutating func openMetricsExemplar() throws(ExpositionParseError) {
        try openMetricsLabels(exemplar: true)
        _ = try openMetricsFloat(lexOpenMetrics(), after: "exemplar labels")
        let next = lexOpenMetrics()
        switch next {
        case .eof:
            throw error("data does not end with # EOF", at: end)
        case .linebreak:
            break
        case .timestamp:
            _ = try openMetricsTimestamp("exemplar timestamp")
            let after = lexOpenMetrics()
            guard after == .linebreak else { throw tokenError("expected next entry after exemplar timestamp", after) }
        default:
            throw tokenError("expected timestamp or comment", next)
        }
    }
}
