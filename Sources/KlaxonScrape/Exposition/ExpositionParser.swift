import KlaxonModel

/// A fast parser for the Prometheus text format (0.0.4, plus 1.0.0's quoted UTF-8 names) and OpenMetrics 1.0,
/// following Prometheus's `textparse` package rule for rule: the same tokens, the same accepted inputs and the
/// same error wording, with a line and column added.
///
/// `next()` walks the entries. A sample line is reported as byte ranges plus the parsed value, so a caller that
/// caches series by their text (as the scrape loop does) never builds strings for a series it has seen;
/// `labels()` builds the label set of the last sample on demand. Exemplars are checked and skipped. In
/// OpenMetrics, `_created` series of counters, histograms and summaries are skipped when
/// `skipCreatedSeries` is set, and the body must end with `# EOF`. `le` labels of histograms and `quantile`
/// labels of summaries are normalised to OpenMetrics float text (`1` becomes `1.0`), as Prometheus 3 does.
///
/// The parser copies its input once; it is a value type but not `Sendable` (it holds a buffer pointer).
public struct ExpositionParser {
    let buffer: ExpositionBuffer
    let b: UnsafePointer<UInt8>
    let end: Int
    /// The format being parsed.
    public let format: ScrapeFormat
    let skipCreatedSeries: Bool

    // Lexer state, Prometheus's `l.i`, `l.start` and `l.state`.
    var i = 0
    var tokenStart = 0
    var state = LexState.initial

    // Parser state.
    var entryStart = 0
    var nameStart = -1
    var nameEnd = -1
    /// Four offsets per label: name start, name end, value start, value end (quotes stripped).
    var labelOffsets: [Int] = []
    var seriesEnd = 0
    var failure: ExpositionParseError?
    var finished = false
    /// The type of the current metric family (from the last `# TYPE` line), used for `le`/`quantile`
    /// normalisation and `_created` handling.
    public internal(set) var metricType = ScrapedMetricType.unknown
    var unit = ""

    /// Prepares to parse `bytes` in `format`. With `skipCreatedSeries`, OpenMetrics `_created` series of
    /// counters, histograms and summaries are not reported (the text format has no such rule).
    public init(_ bytes: some Collection<UInt8>, format: ScrapeFormat, skipCreatedSeries: Bool = true) {
        let appendNewline = format == .prometheusText
        let made: ExpositionBuffer? = bytes.withContiguousStorageIfAvailable {
            ExpositionBuffer($0, appendingNewline: appendNewline)
        }
        buffer = made ?? Array(bytes).withUnsafeBufferPointer { ExpositionBuffer($0, appendingNewline: appendNewline) }
        b = UnsafePointer(buffer.base)
        end = buffer.count
        self.format = format
        self.skipCreatedSeries = skipCreatedSeries
        labelOffsets.reserveCapacity(32)
    }

    /// The next entry, nil at the end of the input. After an error, every call throws the same error.
    public mutating func next() throws(ExpositionParseError) -> ExpositionEntry? {
        if let failure { throw failure }
        if finished { return nil }
        do throws(ExpositionParseError) {
            let entry = try format == .prometheusText ? nextTextEntry() : nextOpenMetricsEntry()
            if entry == nil { finished = true }
            return entry
        } catch {
            failure = error
            throw error
        }
    }

    /// The input bytes of `range` (for example a `SampleLine.series`) as a string.
    public func text(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<end)
        return String(decoding: UnsafeBufferPointer(start: b + clamped.lowerBound, count: clamped.count), as: UTF8.self)
    }

    /// Parses a whole exposition into samples with their labels (convenient; the scrape loop uses `next()`).
    public static func parseAll(
        _ bytes: some Collection<UInt8>,
        format: ScrapeFormat,
        skipCreatedSeries: Bool = true
    ) throws(ExpositionParseError) -> [ParsedSample] {
        var parser = ExpositionParser(bytes, format: format, skipCreatedSeries: skipCreatedSeries)
        var out: [ParsedSample] = []
        while let entry = try parser.next() {
            if case .sample(let line) = entry {
                out.append(ParsedSample(labels: parser.labels(), value: line.value, timestamp: line.timestamp))
            }
        }
        return out
    }

    // MARK: Errors

    /// Prometheus's `parseError`: `<expected>, got "<token text>" ("<TOKEN>") while parsing: "<line so far>"`.
    func tokenError(_ expectation: String, _ token: Token) -> ExpositionParseError {
        let stop = min(end, i + 1)
        let got = quoted(tokenStart..<max(tokenStart, stop))
        let context = quoted(entryStart..<max(entryStart, stop))
        return error("\(expectation), got \(got) (\"\(token.name)\") while parsing: \(context)", at: tokenStart)
    }

    /// An error with a plain message at byte `offset`.
    func error(_ message: String, at offset: Int) -> ExpositionParseError {
        let offset = min(max(offset, 0), end)
        var line = 1
        var lineStart = 0
        for k in 0..<offset where b[k] == UInt8(ascii: "\n") {
            line += 1
            lineStart = k + 1
        }
        var column = 1
        for k in lineStart..<offset where b[k] & 0xC0 != 0x80 { column += 1 }
        return ExpositionParseError(message: message, line: line, column: column, offset: offset)
    }

    /// Go's `%q` of the input bytes in `range`.
    func quoted(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<end)
        return GoByteQuote.quote(UnsafeBufferPointer(start: b + clamped.lowerBound, count: clamped.count))
    }

    // MARK: Shared pieces of both grammars

    /// The metric family name of a HELP/TYPE/UNIT line: the name token without its quotes, unescaped.
    func familyName(_ start: Int, _ end: Int) -> String {
        var s = start
        var e = end
        if e - s >= 2 && b[s] == UInt8(ascii: "\"") && b[e - 1] == UInt8(ascii: "\"") {
            s += 1
            e -= 1
        }
        return unescaped(s..<e, help: false)
    }

    /// Parses the value token `range`, with Prometheus's error wording.
    func parseValue(_ range: Range<Int>) throws(ExpositionParseError) -> Double {
        switch GoNumberParser.parseFloat(b, range) {
        case .success(let value): return value.isNaN ? GoNumberParser.normalNaN : value
        case .failure(let failure):
            throw error(
                failure.message(quoted: quoted(range)) + " while parsing: " + quoted(entryStart..<i),
                at: range.lowerBound)
        }
    }

    /// The metric type named by a TYPE line's text.
    func metricType(_ text: Range<Int>, openMetrics: Bool) throws(ExpositionParseError) -> ScrapedMetricType {
        let word = self.text(text)
        switch word {
        case "counter": return .counter
        case "gauge": return .gauge
        case "histogram": return .histogram
        case "summary": return .summary
        case "untyped" where !openMetrics: return .unknown
        case "unknown" where openMetrics: return .unknown
        case "gaugehistogram" where openMetrics: return .gaugeHistogram
        case "info" where openMetrics: return .info
        case "stateset" where openMetrics: return .stateset
        default: throw error("invalid metric type \(quoted(text))", at: text.lowerBound)
        }
    }

    /// True when the current series is an OpenMetrics `_created` series that should be skipped.
    func isSkippedCreatedSeries() -> Bool {
        guard skipCreatedSeries, metricType.hasStartTimestamp, nameEnd - nameStart >= 8 else { return false }
        let suffix: StaticString = "_created"
        let p = suffix.utf8Start
        for k in 0..<8 where b[nameEnd - 8 + k] != p[k] { return false }
        return true
    }

    mutating func resetSeries() {
        nameStart = -1
        nameEnd = -1
        labelOffsets.removeAll(keepingCapacity: true)
    }
}
