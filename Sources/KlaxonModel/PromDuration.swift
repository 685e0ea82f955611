/// Prometheus durations (`model.Duration`): `1h30m`, `5m`, `250ms`, `2w`, `1y`, as in PromQL and YAML files.
public enum PromDuration {
    /// Unit suffixes with their length in milliseconds, longest first, as Prometheus orders them.
    static let units: [(suffix: String, ms: Int64)] = [
        ("y", 365 * 24 * 3600 * 1000), ("w", 7 * 24 * 3600 * 1000), ("d", 24 * 3600 * 1000),
        ("h", 3600 * 1000), ("m", 60 * 1000), ("s", 1000), ("ms", 1),
    ]

    /// Errors from `parse`.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case invalid(String)
        case overflow(String)

        public var description: String {
            switch self {
            case .empty: "empty duration string"
            case .invalid(let s): "not a valid duration string: \(GoQuote.quote(s))"
            case .overflow(let s): "duration out of range: \(GoQuote.quote(s))"
            }
        }
    }

    /// Parses a duration in milliseconds. Units must appear in decreasing order, each at most once
    /// (`1h30m` is valid, `30m1h` is not); `0` alone is allowed, as in Prometheus.
    public static func parse(_ text: String) throws(ParseError) -> Int64 {
        if text.isEmpty { throw .empty }
        if text == "0" { return 0 }
        let bytes = Array(text.utf8)
        var i = 0
        var total: Int64 = 0
        var lastUnitIndex = -1
        while i < bytes.count {
            var number: Int64 = 0
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] - 48))
                if o1 || o2 { throw .overflow(text) }
                number = a
                i += 1
            }
            if i == start { throw .invalid(text) }
            // unit: "ms" must be checked before "m"
            var unitIndex: Int?
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "m"), bytes[i + 1] == UInt8(ascii: "s") {
                unitIndex = 6
                i += 2
            } else if i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "y"): unitIndex = 0
                case UInt8(ascii: "w"): unitIndex = 1
                case UInt8(ascii: "d"): unitIndex = 2
                case UInt8(ascii: "h"): unitIndex = 3
                case UInt8(ascii: "m"): unitIndex = 4
                case UInt8(ascii: "s"): unitIndex = 5
                default: unitIndex = nil
                }
                if unitIndex != nil { i += 1 }
            }
            guard let u = unitIndex, u > lastUnitIndex else { throw .invalid(text) }
            lastUnitIndex = u
            let (product, o1) = number.multipliedReportingOverflow(by: units[u].ms)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { throw .overflow(text) }
            total = sum
        }
        return total
    }

    /// Prometheus's canonical text for a duration (`model.Duration.String`): `1h30m`, `0s`, `90d`, `1y`.
    /// Years and weeks are used only when they divide the duration exactly (`90d`, not `12w6d`).
    public static func format(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var out = ""
        var ms = milliseconds
        if ms < 0 {
            out = "-"
            ms = ms == Int64.min ? Int64.max : -ms
        }
        for (index, unit) in units.enumerated() {
            let exactOnly = index < 2  // y, w
            if exactOnly && ms % unit.ms != 0 { continue }
            let count = ms / unit.ms
            if count > 0 {
                out += String(count) + unit.suffix
                ms -= count * unit.ms
            }
        }
        return out
    }
}
