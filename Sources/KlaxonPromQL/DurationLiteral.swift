import KlaxonModel

/// `model.ParseDuration` with its exact error texts (`unknown unit "hs" in duration "5y1hs"`), for
/// duration tokens in expressions. The result is in milliseconds.
enum DurationLiteral {
    private static let units: [String: (position: Int, nanoseconds: UInt64)] = [
        "y": (1, 365 * 24 * 3_600_000_000_000), "w": (2, 7 * 24 * 3_600_000_000_000),
        "d": (3, 24 * 3_600_000_000_000), "h": (4, 3_600_000_000_000), "m": (5, 60_000_000_000),
        "s": (6, 1_000_000_000), "ms": (7, 1_000_000),
    ]

    static func parse(_ text: String) -> Result<Int64, DurationError> {
        if text == "0" { return .success(0) }
        if text.isEmpty { return .failure(DurationError(message: "empty duration string")) }
        let invalid = DurationError(message: "not a valid duration string: \(GoQuote.quote(text))")
        let s = Array(text.utf8)
        var i = 0
        var total: UInt64 = 0
        var lastPosition = 0
        while i < s.count {
            guard isDigit(s[i]) else { return .failure(invalid) }
            var value: UInt64 = 0
            while i < s.count, isDigit(s[i]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(s[i] - UInt8(ascii: "0")))
                if o1 || o2 { return .failure(invalid) }
                value = a
                i += 1
            }
            let unitStart = i
            while i < s.count, !isDigit(s[i]) { i += 1 }
            if i == unitStart { return .failure(invalid) }
            let unit = String(decoding: s[unitStart..<i], as: UTF8.self)
            guard let (position, nanoseconds) = units[unit] else {
                return .failure(
                    DurationError(message: "unknown unit \(GoQuote.quote(unit)) in duration \(GoQuote.quote(text))"))
            }
            if position <= lastPosition { return .failure(invalid) }
            lastPosition = position
            let outOfRange = DurationError(message: "duration out of range")
            if value > (UInt64(1) << 63) / nanoseconds { return .failure(outOfRange) }
            total += value * nanoseconds
            if total > UInt64(Int64.max) { return .failure(outOfRange) }
        }
        return .success(Int64(total / 1_000_000))
    }

    /// Why a duration literal is invalid.
    struct DurationError: Error {
        var message: String
    }
}
