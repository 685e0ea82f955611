import KlaxonModel

/// Text with position markers (`1️⃣` … `9️⃣`, as swift-syntax tests write them): the text without the markers
/// and each marker's 1-based line and column (in Unicode scalars) in that text.
struct Marked {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    var text = ""
    var positions: [Int: SourcePosition] = [:]

    init(_ marked: String) {
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for (index, marker) in Self.markers.enumerated() where rest.hasPrefix(marker) {
                positions[index + 1] = SourcePosition(line: line, column: column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            let scalar = rest.unicodeScalars.first ?? " "
            rest = Substring(rest.unicodeScalars.dropFirst())
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
    }

    /// The position of marker `n` (1 for `1️⃣`); 0:0 when the marker is missing, which fails any comparison.
    subscript(_ n: Int) -> SourcePosition { positions[n] ?? SourcePosition(line: 0, column: 0) }
}
