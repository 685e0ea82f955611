extension ExpositionFormat {
    /// Picks the format for a scrape from its `Accept` header value (nil when the header is absent).
    ///
    /// Clauses are tried from the highest `q` down (ties: concrete types before wildcards, then header
    /// order); a clause with `q=0` is refused. Within a clause the server's preference is OpenMetrics 1.0.0,
    /// then OpenMetrics 0.0.1, then text 0.0.4, as in client_golang's `NegotiateAccept`:
    /// - `application/openmetrics-text` matches version 1.0.0 or 0.0.1 (no version means 0.0.1); other
    ///   versions (2.0.0) do not match;
    /// - `text/plain` matches version 0.0.4 (no version means 0.0.4); other versions (1.0.0) do not match;
    /// - `application/*` matches OpenMetrics 1.0.0, `text/*` the text format;
    /// - `*/*` matches the **text** format. (client_golang answers OpenMetrics here when it is enabled;
    ///   Klaxon keeps curl and browsers, which send `*/*`, on the format people read.)
    /// Parameters other than `version` and `q` (`charset`, `escaping`, `encoding`) are ignored: Klaxon's
    /// names are always legacy-valid, so every escaping scheme renders them identically.
    /// Nothing matching, or no header at all, gives the text format.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        for clause in AcceptClause.parse(accept) {
            if let format = clause.match() { return format }
        }
        return .prometheusText
    }
}

/// One media range of an `Accept` header.
struct AcceptClause {
    var type: String
    var subtype: String
    var version: String?
    var quality: Double
    var position: Int

    /// The clauses of `header` with q > 0, best first.
    static func parse(_ header: String) -> [AcceptClause] {
        var clauses: [AcceptClause] = []
        for (position, part) in header.split(separator: ",", omittingEmptySubsequences: true).enumerated() {
            let pieces = part.split(separator: ";", omittingEmptySubsequences: false)
            guard let mediaRange = pieces.first else { continue }
            let media = mediaRange.trimmingSpaces().lowercased()
            let slash = media.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard slash.count == 2, !slash[0].isEmpty, !slash[1].isEmpty else { continue }
            var clause = AcceptClause(
                type: String(slash[0]), subtype: String(slash[1]), version: nil, quality: 1, position: position
            )
            for parameter in pieces.dropFirst() {
                let keyValue = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard keyValue.count == 2 else { continue }
                let key = keyValue[0].trimmingSpaces().lowercased()
                var value = keyValue[1].trimmingSpaces()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                switch key {
                case "q": clause.quality = Double(value).map { $0.isNaN ? 0 : min(max($0, 0), 1) } ?? 1
                case "version": clause.version = value
                default: break
                }
            }
            if clause.quality > 0 { clauses.append(clause) }
        }
        clauses.sort { a, b in
            if a.quality != b.quality { return a.quality > b.quality }
            if a.specificity != b.specificity { return a.specificity > b.specificity }
            return a.position < b.position
        }
        return clauses
    }

    /// 2 for `type/subtype`, 1 for `type/*`, 0 for `*/*`.
    var specificity: Int { type == "*" ? 0 : (subtype == "*" ? 1 : 2) }

    /// The best format this clause accepts, in the server's preference order.
    func match() -> ExpositionFormat? {
        switch (type, subtype) {
        case ("*", "*"), ("text", "*"):
            return .prometheusText
        case ("application", "*"):
            return .openMetrics1
        case ("application", "openmetrics-text"):
            switch version ?? "0.0.1" {
            case "1.0.0": return .openMetrics1
            case "0.0.1": return .openMetrics0
            default: return nil
            }
        case ("text", "plain"):
            return (version ?? "0.0.4") == "0.0.4" ? .prometheusText : nil
        default:
            return nil
        }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var view = self[...]
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
