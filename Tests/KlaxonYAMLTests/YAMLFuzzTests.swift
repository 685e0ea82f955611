import KlaxonModel
import Testing

@testable import KlaxonYAML

@Suite struct YAMLFuzzTests {
    @Test("the promtool fixtures are all present")
    func fixturesPresent() {
        #expect(Corpus.promtoolFixtures.count == 25, "conformance data not found under \(Corpus.sharedDirectory)")
    }

    @Test("every scalar of the corpus maps exactly, and each mapped character is the one written there")
    func corpusMapsExactly() throws {
        var scalars = 0
        for document in Corpus.all {
            let lines = Self.lines(document.bytes)
            for root in try YAML.parseAll(document.bytes, file: document.name) {
                try Self.walk(root) { node in
                    guard let scalar = node.scalar, let map = node.sourceMap else { return }
                    scalars += 1
                    if !map.isExact { Issue.record("inexact source map for \(node)") }
                    var offset = 0
                    for character in scalar.value.unicodeScalars {
                        defer { offset += String(character).utf8.count }
                        guard character != " ", character != "\n", character != "\t" else { continue }
                        let position = map.position(ofUTF8Offset: offset)
                        let written = Self.character(at: position, lines: lines)
                        let allowed: Set<Unicode.Scalar?> =
                            scalar.style == .doubleQuoted
                            ? [character, "\\"]
                            : scalar.style == .singleQuoted ? [character, "'"] : [character]
                        if !allowed.contains(written) {
                            let found = String(describing: written)
                            Issue.record("\(document.name):\(position) has \(found), value has \(character)")
                        }
                    }
                }
            }
        }
        #expect(scalars > 500)
    }

    /// 8 seeds × 4,000 mutated documents = 32,000 documents.
    @Test("mutated documents never crash and every error has a position inside the file", arguments: 1...8)
    func mutations(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let corpus = Corpus.all
        try #require(!corpus.isEmpty)
        var outcomes = (parsed: 0, rejected: 0, inexactMaps: 0)
        for iteration in 0..<4_000 {
            var bytes = corpus[Int.random(in: 0..<corpus.count, using: &random)].bytes
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                Self.mutate(&bytes, corpus: corpus, using: &random)
            }
            let name = "fuzz-\(seed)-\(iteration).yaml"
            let lineCount = YAMLSourceText(file: name, bytes: bytes).lineStarts.count
            let documents: [YAMLNode]
            do {
                documents = try YAML.parseAll(bytes, file: name)
            } catch {
                outcomes.rejected += 1
                let located = (1...lineCount + 1).contains(error.position.line) && error.position.column >= 1
                if error.file != name || !located || error.message.isEmpty { Issue.record("bad error: \(error)") }
                continue
            }
            outcomes.parsed += 1
            for root in documents {
                // Strict decoding throws on most fuzzed values, and Swift Testing records a backtrace for every
                // thrown error, so it runs on every fourth document to keep the suite fast.
                try Self.check(
                    root, file: name, lineCount: lineCount, decode: iteration % 4 == 0, inexact: &outcomes.inexactMaps)
            }
        }
        #expect(outcomes.parsed > 0 && outcomes.rejected > 0)
        print(
            "fuzz seed \(seed): \(outcomes.parsed) parsed, \(outcomes.rejected) rejected,",
            "\(outcomes.inexactMaps) inexact source maps")
    }

    // MARK: Helpers

    private static let tokens: [[UInt8]] =
        [
            ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "&b [*b]", "*missing", "!!str ", "!!int ", "!x ",
            "|",
            "|-", ">+", "|2", "'", "''", "\"", "\\", "\\u00e9", "\\x4", "#", " #c", "\n", "\n  ", "  ", "\t", "<<: ",
            "<<: *a",
            "? ", "---\n", "...\n", "%YAML 1.1\n", "\u{FEFF}", "é", "\r\n", "\r", "\u{85}", "\u{2028}", "~", "0x",
            ".inf",
            "\u{0}", "\u{1}", "\u{7F}",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80]]

    private static func mutate(_ bytes: inout [UInt8], corpus: [Corpus.Document], using random: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0 where !bytes.isEmpty && position < bytes.count:
            bytes[position] = tokens.randomElement(using: &random)?.first ?? 0x20
        case 1:
            bytes.insert(contentsOf: tokens.randomElement(using: &random) ?? [], at: position)
        case 2:
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
            bytes.removeSubrange(position..<end)
        case 3:
            let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
        case 4:
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.count > 1 {
                let a = Int.random(in: 0..<lines.count, using: &random)
                let b = Int.random(in: 0..<lines.count, using: &random)
                lines.swapAt(a, b)
                bytes = Array(lines.joined(separator: [0x0A]))
            }
        case 5:
            bytes.removeSubrange(position...)
        default:
            let donor = corpus[Int.random(in: 0..<corpus.count, using: &random)].bytes
            let donorLines = donor.split(separator: 0x0A)
            if let line = donorLines.randomElement(using: &random) {
                bytes.insert(contentsOf: Array(line) + [0x0A], at: position)
            }
        }
    }

    /// Positions are inside the file, source maps give positions inside the file, and strict decoding of
    /// every node records errors with positions instead of crashing.
    private static func check(_ root: YAMLNode, file: String, lineCount: Int, decode: Bool, inexact: inout Int) throws {
        let context = YAMLDecodingContext(
            options: YAMLDecodingOptions(dialect: file.count % 2 == 0 ? .goYAMLv2 : .goYAMLv3))
        func inFile(_ p: SourcePosition) -> Bool { (1...lineCount + 1).contains(p.line) && p.column >= 1 }
        try walk(root) { node in
            if node.file != file || !(node.start <= node.end) || !inFile(node.start) || !inFile(node.end) {
                Issue.record("bad node position: \(node) ends at \(node.end)")
            }
            let value = context.value(node, at: ["x"])
            switch node.content {
            case .scalar(let scalar):
                if decode { _ = (value.string(), value.bool(), value.int(), value.double(), value.duration()) }
                guard let map = node.sourceMap else {
                    Issue.record("no source map for \(node)")
                    return
                }
                if !map.isExact { inexact += 1 }
                let count = scalar.value.utf8.count
                for offset in [0, count / 3, count / 2, count] where !inFile(map.position(ofUTF8Offset: offset)) {
                    Issue.record("\(node) maps offset \(offset) outside the file")
                }
            case .sequence:
                if decode { _ = (value.strings(), value.int()) }
            case .mapping:
                if decode { _ = (value.stringMap(), value.mapping("T", keys: ["a", "b"])) }
            }
        }
        for error in context.errors where error.span.file != file || !inFile(error.span.start) {
            Issue.record("bad decoding error position: \(error)")
        }
    }

    static func walk(_ node: YAMLNode, _ visit: (YAMLNode) throws -> Void) throws {
        try visit(node)
        switch node.content {
        case .scalar: break
        case .sequence(let sequence): for item in sequence.items { try walk(item, visit) }
        case .mapping(let mapping):
            for pair in mapping.pairs {
                try walk(pair.key, visit)
                try walk(pair.value, visit)
            }
        }
    }

    /// The file's lines as libyaml counts them, each as Unicode scalars.
    static func lines(_ bytes: [UInt8]) -> [[Unicode.Scalar]] {
        let source = YAMLSourceText(file: "", bytes: bytes)
        return source.lineStarts.indices.map { index in
            let start = source.lineStarts[index]
            var end = index + 1 < source.lineStarts.count ? source.lineStarts[index + 1] : bytes.count
            while end > start, YAMLSourceText.lineBreakWidth(bytes, at: end - 1) > 0 || bytes[end - 1] == 0x0D {
                end -= 1
            }
            return Array(String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars)
        }
    }

    static func character(at position: SourcePosition, lines: [[Unicode.Scalar]]) -> Unicode.Scalar? {
        guard lines.indices.contains(position.line - 1) else { return nil }
        let line = lines[position.line - 1]
        return line.indices.contains(position.column - 1) ? line[position.column - 1] : nil
    }
}
