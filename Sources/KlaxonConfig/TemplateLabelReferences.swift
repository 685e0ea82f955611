/// Finds the result labels a label or annotation template reads: `$labels.NAME`, `.Labels.NAME` and
/// `index $labels "NAME"` (also with `.Labels`), with the UTF-8 offset of each reference in the text.
enum TemplateLabelReferences {
    struct Reference: Equatable {
        var name: String
        /// Where the reference starts in the template text (UTF-8 offset).
        var offset: Int
        var length: Int
    }

    static func find(in text: String) -> [Reference] {
        let bytes = Array(text.utf8)
        var references: [Reference] = []
        var i = 0
        // Only inside actions: between `{{` and `}}`.
        while let open = find([UInt8(ascii: "{"), UInt8(ascii: "{")], in: bytes, from: i) {
            let close = find([UInt8(ascii: "}"), UInt8(ascii: "}")], in: bytes, from: open + 2) ?? bytes.count
            scanAction(bytes, open + 2, close, into: &references)
            i = close + 2
        }
        return references
    }

    private static func scanAction(_ bytes: [UInt8], _ start: Int, _ end: Int, into references: inout [Reference]) {
        var i = start
        while i < end {
            // Skip string literals, so `"$labels.x"` in text is not a reference.
            if bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "`") {
                let quote = bytes[i]
                i += 1
                while i < end && bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { i += 1 }
                    i += 1
                }
                i += 1
                continue
            }
            for prefix in ["$labels", ".Labels"] {
                let p = Array(prefix.utf8)
                guard matches(p, bytes, at: i, end: end), !isIdentifier(before: i, bytes, start) else { continue }
                var j = i + p.count
                guard j >= end || !isIdentifierByte(bytes[j]) else { continue }
                if j < end && bytes[j] == UInt8(ascii: ".") {
                    j += 1
                    let nameStart = j
                    while j < end && isIdentifierByte(bytes[j]) { j += 1 }
                    if j > nameStart {
                        let name = String(decoding: bytes[nameStart..<j], as: UTF8.self)
                        references.append(Reference(name: name, offset: i, length: j - i))
                    }
                } else if let (name, length) = indexCall(bytes, before: i, start: start, after: j, end: end) {
                    references.append(Reference(name: name, offset: i, length: length))
                }
                i = j - 1
                break
            }
            i += 1
        }
    }

    /// `index $labels "name"`: the word before must be `index`, the argument after a string literal.
    private static func indexCall(_ bytes: [UInt8], before i: Int, start: Int, after j: Int, end: Int)
        -> (String, Int)?
    {
        var k = i - 1
        while k >= start && bytes[k] == UInt8(ascii: " ") { k -= 1 }
        let word = Array("index".utf8)
        guard k - word.count + 1 >= start, matches(word, bytes, at: k - word.count + 1, end: end) else { return nil }
        var m = j
        while m < end && bytes[m] == UInt8(ascii: " ") { m += 1 }
        guard m < end, bytes[m] == UInt8(ascii: "\"") else { return nil }
        let nameStart = m + 1
        var n = nameStart
        while n < end && bytes[n] != UInt8(ascii: "\"") && bytes[n] != UInt8(ascii: "\\") { n += 1 }
        guard n < end, bytes[n] == UInt8(ascii: "\"") else { return nil }
        return (String(decoding: bytes[nameStart..<n], as: UTF8.self), n + 1 - i)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= bytes.count {
            if matches(needle, bytes, at: i, end: bytes.count) { return i }
            i += 1
        }
        return nil
    }

    private static func matches(_ needle: [UInt8], _ bytes: [UInt8], at i: Int, end: Int) -> Bool {
        guard i >= 0, i + needle.count <= end else { return false }
        for k in 0..<needle.count where bytes[i + k] != needle[k] { return false }
        return true
    }

    private static func isIdentifier(before i: Int, _ bytes: [UInt8], _ start: Int) -> Bool {
        i > start && (isIdentifierByte(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: "$"))
    }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95
    }
}
