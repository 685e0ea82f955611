import KlaxonModel
import KlaxonPromQL

extension TestScript {
    /// Parses a script leniently: a malformed block becomes `.invalid` (or an eval with a `problem`) and parsing
    /// goes on with the next block. Never traps.
    public init(parsing text: String, file: String) {
        var parser = TestScriptParser(text: text, file: file)
        self.init(file: file, commands: parser.parseAll())
    }

    /// Parses a script strictly: throws the first problem.
    public static func parseStrict(_ text: String, file: String) throws(ScriptError) -> TestScript {
        let script = TestScript(parsing: text, file: file)
        if let first = script.problems.first { throw first }
        return script
    }
}

/// One line of a script after trimming, with what is needed to report columns in the original file.
struct ScriptLine {
    /// 1-based line number.
    var number: Int
    /// The trimmed text; empty for blank and comment lines.
    var text: String
    /// Unicode scalars removed from the start by trimming.
    var indent: Int

    /// The 1-based file column of a UTF-8 offset into `text`.
    func column(ofOffset offset: Int) -> Int {
        let utf8 = text.utf8
        let clamped = Swift.max(0, Swift.min(offset, utf8.count))
        let end = utf8.index(utf8.startIndex, offsetBy: clamped)
        return indent + text.unicodeScalars[..<end].count + 1
    }
}

/// The block-structured reader of section 1.1: a header line plus the non-blank lines after it.
struct TestScriptParser {
    let file: String
    let lines: [ScriptLine]
    var index = 0

    init(text: String, file: String) {
        self.file = file
        var out: [ScriptLine] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let rawText = String(raw)
            let trimmed = rawText.trimmingSpaces
            if trimmed.hasPrefix("#") || trimmed.isEmpty {
                out.append(ScriptLine(number: number, text: "", indent: 0))
                continue
            }
            let leading = rawText.unicodeScalars.prefix { $0 == " " || $0 == "\t" || $0 == "\r" }.count
            out.append(ScriptLine(number: number, text: trimmed, indent: leading))
        }
        lines = out
    }

    mutating func parseAll() -> [ScriptCommand] {
        var commands: [ScriptCommand] = []
        while index < lines.count {
            let line = lines[index]
            guard !line.text.isEmpty else {
                index += 1
                continue
            }
            let word = line.text.words.first?.text.lowercased() ?? ""
            if word == "clear" {
                commands.append(.clear(line: line.number))
                index += 1
            } else if word.hasPrefix("load") {
                commands.append(parseLoad())
            } else if word.hasPrefix("eval") {
                commands.append(.eval(parseEval()))
            } else {
                commands.append(.invalid(error(line, "invalid command \(GoQuote.quote(line.text))", code: "script.unknown-command")))
                skipBlock()
            }
        }
        return commands
    }

    // MARK: - Helpers

    func error(_ line: ScriptLine, _ message: String, code: String, offset: Int? = nil) -> ScriptError {
        ScriptError(file: file, line: line.number, column: offset.map { line.column(ofOffset: $0) }, code: code, message: message)
    }

    /// Moves past the current header and its body lines.
    mutating func skipBlock() {
        index += 1
        while index < lines.count, !lines[index].text.isEmpty { index += 1 }
    }

    /// The body lines of the block whose header is at `index`; moves `index` past them.
    mutating func takeBody() -> [ScriptLine] {
        var body: [ScriptLine] = []
        index += 1
        while index < lines.count, !lines[index].text.isEmpty {
            body.append(lines[index])
            index += 1
        }
        return body
    }

    static func duration(_ text: String) -> Int64? {
        try? PromDuration.parse(text)  // nil is reported by the caller with its own wording
    }

    // MARK: - load

    mutating func parseLoad() -> ScriptCommand {
        let header = lines[index]
        let words = header.text.words
        let keyword = words[0].text.lowercased()
        guard keyword == "load" || keyword == "load_with_nhcb" else {
            skipBlock()
            return .invalid(error(header, "invalid load command (load[_with_nhcb] <step:duration>)", code: "script.invalid-load"))
        }
        guard words.count == 2 else {
            skipBlock()
            return .invalid(error(header, "invalid load command (load[_with_nhcb] <step:duration>)", code: "script.invalid-load"))
        }
        guard let interval = Self.duration(words[1].text) else {
            skipBlock()
            return .invalid(
                error(header, "invalid step definition \(GoQuote.quote(words[1].text))", code: "script.invalid-duration",
                      offset: words[1].offset))
        }
        var series: [LoadedSeries] = []
        var pendingStart: (line: ScriptLine, labels: Labels, offsets: [Int64?])?
        for line in takeBody() {
            if let st = Self.startTimestampParts(line.text) {
                if let pending = pendingStart {
                    return .invalid(error(pending.line, "@st line has no following sample line", code: "script.invalid-st"))
                }
                do {
                    let labels = try SeriesLineParser.parseMetricOnly(st.metric)
                    let offsets = try SeriesLineParser.parseStartTimestamps(st.values)
                    pendingStart = (line, labels, offsets)
                } catch {
                    return .invalid(self.error(line, "invalid @st line: \(error.message)", code: "script.invalid-st"))
                }
                continue
            }
            let parsed: SeriesLine
            do {
                parsed = try SeriesLineParser.parse(line.text)
            } catch {
                return .invalid(
                    self.error(line, "invalid series: \(error.message)", code: "script.invalid-series", offset: error.offset))
            }
            var loaded = LoadedSeries(line: line.number, labels: parsed.labels, values: parsed.values)
            if let pending = pendingStart {
                guard pending.labels == parsed.labels else {
                    return .invalid(
                        error(pending.line, "@st metric does not match the following sample line metric", code: "script.invalid-st"))
                }
                guard pending.offsets.count == parsed.values.count else {
                    return .invalid(
                        error(
                            pending.line,
                            "@st line has \(pending.offsets.count) values but sample line has \(parsed.values.count)",
                            code: "script.invalid-st"))
                }
                loaded.startTimestampOffsets = pending.offsets
                pendingStart = nil
            }
            if let existing = series.firstIndex(where: { $0.labels == loaded.labels }) {
                series[existing] = loaded  // a later line for the same series replaces the earlier one
            } else {
                series.append(loaded)
            }
        }
        if let pending = pendingStart {
            return .invalid(error(pending.line, "@st line has no following sample line", code: "script.invalid-st"))
        }
        return .load(LoadCommand(line: header.number, interval: interval, withNHCB: keyword == "load_with_nhcb", series: series))
    }

    /// Splits `metric{…}@st <items>` into its metric and items, or nil when the line is not an `@st` line.
    static func startTimestampParts(_ text: String) -> (metric: String, values: String)? {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let head = text[..<space]
        guard head.hasSuffix("@st") else { return nil }
        return (String(head.dropLast(3)), String(text[space...]))
    }
}

/// A whitespace-separated word of a line and its UTF-8 offset.
struct LineWord {
    var text: String
    var offset: Int
}

extension String {
    /// The words of the line (separated by spaces and tabs), with their UTF-8 offsets.
    var words: [LineWord] {
        var out: [LineWord] = []
        var current: [UInt8] = []
        var start = 0
        for (i, byte) in utf8.enumerated() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if !current.isEmpty { out.append(LineWord(text: String(decoding: current, as: UTF8.self), offset: start)) }
                current = []
            } else {
                if current.isEmpty { start = i }
                current.append(byte)
            }
        }
        if !current.isEmpty { out.append(LineWord(text: String(decoding: current, as: UTF8.self), offset: start)) }
        return out
    }

    /// The text from UTF-8 offset `offset` to the end.
    func suffix(fromUTF8Offset offset: Int) -> String {
        let utf8 = self.utf8
        let i = utf8.index(utf8.startIndex, offsetBy: Swift.min(offset, utf8.count))
        return String(self[i...])
    }
}
