// The only file in the package that imports CYAML: libyaml's event API in, Swift values out.
internal import CYAML
import KlaxonModel

/// A libyaml event, copied out of C memory so nothing past this file sees a libyaml type.
enum ParserEvent {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String)
    case scalar(value: String, anchor: String?, tag: String?, style: YAMLScalarStyle)
    case sequenceStart(anchor: String?, tag: String?, style: YAMLCollectionStyle)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?, style: YAMLCollectionStyle)
    case mappingEnd
}

enum YAMLReader {
    /// How much of the stream to read.
    enum Extent {
        /// Every document.
        case all
        /// The first document; the rest of the stream is not scanned (as Go's `yaml.Decoder.Decode`).
        case first
        /// The first document, then one more event to learn whether another document follows.
        case firstAndPeek
    }

    /// Parses the documents of `source` into node trees. `moreDocuments` is only meaningful for `.firstAndPeek`:
    /// true when something other than the end of the stream follows the first document (a second document,
    /// or text libyaml rejects).
    static func read(_ source: YAMLSourceText, limits: YAMLLimits, extent: Extent) throws(YAMLError)
        -> (documents: [YAMLNode], moreDocuments: Bool)
    {
        guard source.bytes.count <= limits.maxDocumentBytes else {
            throw YAMLError(
                .limitExceeded,
                message:
                    "document of \(source.bytes.count) bytes exceeds the limit of \(limits.maxDocumentBytes) bytes",
                file: source.file, position: SourcePosition(line: 1, column: 1))
        }
        // libyaml keeps a pointer to the parser inside the parser (read_handler_data), so the parser must never
        // move: it gets its own heap allocation instead of living in a Swift variable.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(
                .outOfMemory, message: "cannot initialize the YAML parser", file: source.file,
                position: SourcePosition(line: 1, column: 1))
        }
        defer { yaml_parser_delete(parser) }

        var builder = TreeBuilder(source: source, limits: limits)
        let result: Result<Bool, YAMLError> = source.bytes.withUnsafeBufferPointer { input in
            // libyaml reads `input` lazily, so every yaml_parser_parse call stays inside this closure.
            yaml_parser_set_input_string(parser, input.baseAddress, input.count)
            do throws(YAMLError) {
                while true {
                    var event = yaml_event_t()
                    guard yaml_parser_parse(parser, &event) == 1 else { throw makeError(parser.pointee, source) }
                    defer { yaml_event_delete(&event) }
                    let converted = try convert(event, source: source, limits: limits)
                    try builder.consume(
                        converted, start: position(event.start_mark), end: position(event.end_mark))
                    if event.type == YAML_STREAM_END_EVENT { return .success(false) }
                    if extent != .all, event.type == YAML_DOCUMENT_END_EVENT {
                        return .success(extent == .firstAndPeek && nextIsNotStreamEnd(parser))
                    }
                }
            } catch {
                return .failure(error)
            }
        }
        let moreDocuments = try result.get()
        return (builder.documents, moreDocuments)
    }

    /// Whether the next event is anything but the end of the stream; a syntax error counts as more content.
    private static func nextIsNotStreamEnd(_ parser: UnsafeMutablePointer<yaml_parser_t>) -> Bool {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { return true }
        defer { yaml_event_delete(&event) }
        return event.type != YAML_STREAM_END_EVENT
    }

    private static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// libyaml reports the non-specific tag `!` like a tag; Klaxon treats it as no tag, as yaml.v3 does.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer), tag != "!" else { return nil }
        return tag
    }

    private static func convert(_ event: yaml_event_t, source: YAMLSourceText, limits: YAMLLimits) throws(YAMLError)
        -> ParserEvent
    {
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.length <= limits.maxScalarBytes else {
                throw YAMLError(
                    .limitExceeded,
                    message: "scalar of \(scalar.length) bytes exceeds the limit of \(limits.maxScalarBytes) bytes",
                    file: source.file, position: position(event.start_mark))
            }
            let value =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                }
                ?? ""
            let style: YAMLScalarStyle =
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            return .scalar(value: value, anchor: string(scalar.anchor), tag: tag(scalar.tag), style: style)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return .sequenceStart(
                anchor: string(start.anchor), tag: tag(start.tag),
                style: start.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return .mappingStart(
                anchor: string(start.anchor), tag: tag(start.tag),
                style: start.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default:
            throw YAMLError(
                .syntax, message: "unexpected libyaml event \(event.type.rawValue)", file: source.file,
                position: position(event.start_mark))
        }
    }

    private static func makeError(_ parser: yaml_parser_t, _ source: YAMLSourceText) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(
                .outOfMemory, message: problem, file: source.file, position: SourcePosition(line: 1, column: 1))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset into the input instead of a mark.
            var error = YAMLError(
                .encoding, message: problem, file: source.file,
                position: source.position(ofOffset: Int(parser.problem_offset)))
            error.goLines = .init(v2: nil, v3: nil)
            return error
        default:
            let context = parser.context.map { String(cString: $0) }
            var error = YAMLError(
                .syntax, message: problem, file: source.file, position: position(parser.problem_mark),
                context: context, contextPosition: context == nil ? nil : position(parser.context_mark))
            // Go's yaml.v2/v3 print a 0-based mark line, plus one for scanner errors, and prefer different marks.
            let scanner = parser.error == YAML_SCANNER_ERROR ? 1 : 0
            let problemLine = Int(parser.problem_mark.line)
            let contextLine = Int(parser.context_mark.line)
            let v3 = contextLine != 0 ? contextLine + scanner : problemLine != 0 ? problemLine + scanner : nil
            let v2 = problemLine != 0 ? problemLine + scanner : contextLine != 0 ? contextLine : nil
            error.goLines = .init(v2: v2, v3: v3)
            return error
        }
    }
}
