public import KlaxonModel

/// Time and duration parameters of the HTTP API, read as Prometheus reads them (`parseTime`, `parseDuration`):
/// Unix seconds with an optional fraction, or RFC 3339 (`2024-05-01T12:00:00.5Z`, `…+02:00`); durations
/// as float seconds or Prometheus durations (`5m`, `1h30m`).
public enum APITime {
    /// A parameter that did not parse; `message` is Prometheus's text.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Prometheus's `MinTime` (the default `start` of metadata queries), in milliseconds.
    public static let minTime: Timestamp = (Int64.min / 1000 + 62_135_596_801) * 1000
    /// Prometheus's `MaxTime` (the default `end`), in milliseconds.
    public static let maxTime: Timestamp = (Int64.max / 1000 - 62_135_596_801) * 1000 + 999

    /// `parseTime`.
    public static func parseTime(_ text: String) throws(ParseError) -> Timestamp {
        if let seconds = Double(text), !text.isEmpty, isGoFloatSyntax(text) {
            guard let t = Timestamp(unixSeconds: seconds) else {
                throw ParseError(message: "cannot parse \(GoQuote.quote(text)) to a valid timestamp")
            }
            return t
        }
        if let t = parseRFC3339(text) { return t }
        switch text {
        case "-292273086-05-16T16:47:06Z": return minTime
        case "292277025-08-18T07:12:54.999999999Z": return maxTime
        default: throw ParseError(message: "cannot parse \(GoQuote.quote(text)) to a valid timestamp")
        }
    }

    /// `parseTimeParam`: the default when the value is empty, `invalid time value for '<name>': …` otherwise.
    public static func parseTimeParameter(_ text: String, name: String, default value: Timestamp) throws(ParseError)
        -> Timestamp
    {
        if text.isEmpty { return value }
        do {
            return try parseTime(text)
        } catch {
            throw ParseError(message: "invalid time value for '\(name)': \(error.message)")
        }
    }

    /// `parseDuration`, in milliseconds (sub-millisecond parts are truncated, as the engine does).
    public static func parseDuration(_ text: String) throws(ParseError) -> Int64 {
        if let seconds = Double(text), !text.isEmpty, isGoFloatSyntax(text) {
            let nanoseconds = seconds * 1e9
            guard nanoseconds.isFinite, nanoseconds < 9.223372036854775807e18, nanoseconds >= -9.223372036854775808e18
            else {
                throw ParseError(message: "cannot parse \(GoQuote.quote(text)) to a valid duration. It overflows int64")
            }
            return Int64(nanoseconds) / 1_000_000
        }
        if let ms = try? PromDuration.parse(text) { return ms }  // not a Prometheus duration either: the error below
        throw ParseError(message: "cannot parse \(GoQuote.quote(text)) to a valid duration")
    }

    /// Swift's `Double(String)` accepts a few spellings Go's `ParseFloat` does not (and the reverse is rare):
    /// refuse leading `+` followed by nothing numeric and whitespace.
    private static func isGoFloatSyntax(_ text: String) -> Bool {
        !text.contains(where: \.isWhitespace)
    }

    /// RFC 3339 with optional fractional seconds (Go's `time.RFC3339Nano` layout), truncated to milliseconds.
    static func parseRFC3339(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let day = digits(8, 2), b[10] == UInt8(ascii: "T"), let hour = digits(11, 2),
            b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var i = 19
        var millis: Int64 = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if count < 3 { millis = millis * 10 + Int64(b[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            if count < 3 { for _ in count..<3 { millis *= 10 } }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == UInt8(ascii: "Z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return seconds * 1000 + millis
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil (proleptic Gregorian), days since 1970-01-01.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
