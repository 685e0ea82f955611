import KlaxonModel

/// promtool's `parseTime` for `start_timestamp`: Unix seconds (a float) or RFC 3339 with optional fractional
/// seconds (`2024-01-01T00:00:00Z`, `2024-01-01T02:00:00.5+02:00`), to milliseconds.
enum StartTimestamp {
    static func parse(_ text: String) -> Timestamp? {
        if let seconds = Double(text) {
            guard seconds.isFinite, abs(seconds) < 9.2e15 else { return nil }
            return Timestamp((seconds * 1000).rounded(.down))
        }
        return parseRFC3339(text)
    }

    /// `time.Parse(time.RFC3339Nano, s)`.
    static func parseRFC3339(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ count: Int) -> Int64? {
            guard i + count <= b.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
                i += 1
            }
            return value
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("T"), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }
        var millis: Int64 = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < b.count && b[i] >= 48 && b[i] <= 57 {
                if count < 3 { millis = millis * 10 + Int64(b[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0 && count <= 9 else { return nil }
            if count < 3 { for _ in count..<3 { millis *= 10 } }
        }
        var offsetSeconds: Int64 = 0
        if expect("Z") {
            offsetSeconds = 0
        } else if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            let negative = b[i] == UInt8(ascii: "-")
            i += 1
            guard let hours = digits(2), expect(":"), let minutes = digits(2), hours < 24, minutes < 60 else {
                return nil
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (negative ? -1 : 1)
        } else {
            return nil
        }
        guard i == b.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1000 + millis
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
