import Foundation

/// `EVAL_INDEX.tsv` of the shared conformance data: one row per eval with a heuristic native-histogram flag.
/// Used only to cross-check the runner's own classification.
public struct EvalIndex: Sendable {
    /// One eval statement as the index describes it.
    public struct Row: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var kind: String
        public var nativeHistograms: Bool
        public var reason: String
        /// Expected-result lines of the eval (series rows or a scalar line).
        public var resultLines: Int
        public var expr: String
    }

    public var rows: [Row]

    /// Reads the index; comment lines (`#`) and the header are skipped, malformed rows are ignored.
    public init(contentsOf path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        self.init(text: text)
    }

    public init(text: String) {
        rows = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 9, let number = Int(cols[1]) else { continue }  // the header row has no number
            rows.append(
                Row(file: cols[0], line: number, kind: cols[2], nativeHistograms: cols[4] == "yes", reason: cols[5],
                    resultLines: Int(cols[7]) ?? 0, expr: cols[8]))
        }
    }

    /// The row of `file:line`, if any.
    public func row(file: String, line: Int) -> Row? {
        rows.first { $0.file == file && $0.line == line }
    }
}
