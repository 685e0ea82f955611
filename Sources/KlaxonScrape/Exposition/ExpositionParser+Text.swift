/// The Prometheus text format grammar (Prometheus's `PromParser.Next`).
extension ExpositionParser {
    /// The next token, skipping blanks.
    @inline(__always) mutating func nextTextToken() -> Token {
        while true {
            let token = lexText()
            if token != .whitespace { return token }
        }
    }

    mutating func nextTextEntry() throws(ExpositionParseError) -> ExpositionEntry? {
        while true {
            entryStart = i
            resetSeries()
            let token = nextTextToken()
            switch token {
            case .eof:
                return nil
            case .linebreak:
                continue  // blank lines are allowed
            case .help, .type:
                return try textMetadata(token)
            case .comment:
                let next = nextTextToken()
                guard next == .linebreak else { throw tokenError("linebreak expected after comment", next) }
                return .comment
            case .braceOpen:
                try textLabels()
                seriesEnd = i
                return try textSampleSuffix(nextTextToken())
            case .metricName:
                nameStart = tokenStart
                nameEnd = i
                seriesEnd = i
                var next = nextTextToken()
                if next == .braceOpen {
                    try textLabels()
                    seriesEnd = i
                    next = nextTextToken()
                }
                return try textSampleSuffix(next)
            default:
                throw tokenError("expected a valid start token", token)
            }
        }
    }

    private mutating func textMetadata(_ keyword: Token) throws(ExpositionParseError) -> ExpositionEntry {
        let nameToken = nextTextToken()
        guard nameToken == .metricName else {
            throw tokenError("expected metric name after \(keyword.name)", nameToken)
        }
        let family = familyName(tokenStart, i)
        let textToken = nextTextToken()
        guard textToken == .text else {
            throw error("expected text in \(keyword.name), got \(textToken.name)", at: tokenStart)
        }
        // The text token starts with the blank after the name; Prometheus drops exactly one byte.
        let text = i - tokenStart > 1 ? (tokenStart + 1)..<i : i..<i
        let entry: ExpositionEntry
        if keyword == .type {
            let type = try metricType(text, openMetrics: false)
            metricType = type
            entry = .type(metricFamily: family, type: type)
        } else {
            guard UTF8Validation.isValid(b, text) else {
                throw error("help text \(quoted(text)) is not a valid utf8 string", at: text.lowerBound)
            }
            entry = .help(metricFamily: family, text: unescaped(text, help: true))
        }
        let next = nextTextToken()
        guard next == .linebreak else { throw tokenError("linebreak expected after metadata", next) }
        return entry
    }

    /// The inside of `{…}` (Prometheus's `parseLVals`): labels, optionally the quoted metric name, commas optional.
    private mutating func textLabels() throws(ExpositionParseError) {
        var token = nextTextToken()
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
            token = nextTextToken()
            if isQuoted && (token == .comma || token == .braceClose) {
                guard nameStart == -1 else {
                    throw error("metric name already set while parsing: \(quoted(entryStart..<i))", at: start)
                }
                nameStart = start + 1
                nameEnd = stop - 1
                if token == .braceClose { return }
                token = nextTextToken()
                continue
            }
            let nameRange = isQuoted ? (start + 1)..<(stop - 1) : start..<stop
            guard token == .equal else { throw tokenError("expected equal", token) }
            let valueToken = nextTextToken()
            guard valueToken == .labelValue else { throw tokenError("expected label value", valueToken) }
            guard UTF8Validation.isValid(b, tokenStart..<i) else {
                throw error("invalid UTF-8 label value: \(quoted(tokenStart..<i))", at: tokenStart)
            }
            labelOffsets.append(nameRange.lowerBound)
            labelOffsets.append(nameRange.upperBound)
            labelOffsets.append(tokenStart + 1)
            labelOffsets.append(i - 1)
            token = nextTextToken()
            if token == .comma { token = nextTextToken() }
        }
    }

    /// Value, optional millisecond timestamp, end of line (Prometheus's `parseMetricSuffix`).
    private mutating func textSampleSuffix(_ token: Token) throws(ExpositionParseError) -> ExpositionEntry {
        guard nameStart != -1 else {
            throw error("metric name not set while parsing: \(quoted(entryStart..<i))", at: entryStart)
        }
        guard token == .value else { throw tokenError("expected value after metric", token) }
        let value = try parseValue(tokenStart..<i)
        var timestamp: Int64?
        let next = nextTextToken()
        switch next {
        case .linebreak:
            break
        case .timestamp:
            guard let parsed = GoNumberParser.parseDigits(b, tokenStart..<i) else {
                let text = quoted(tokenStart..<i)
                throw error(
                    "strconv.ParseInt: parsing \(text): value out of range while parsing: \(quoted(entryStart..<i))",
                    at: tokenStart)
            }
            timestamp = parsed
            let after = nextTextToken()
            guard after == .linebreak else { throw tokenError("expected next entry after timestamp", after) }
        default:
            throw tokenError("expected timestamp or new record", next)
        }
        return .sample(SampleLine(series: entryStart..<seriesEnd, value: value, timestamp: timestamp))
    }
}
