/// Recognises the plain scalars Go's YAML decoders resolve to `time.Time` (`!!timestamp`). Only the shape and
/// field ranges are checked: Klaxon never needs the instant, only the tag Go would print in an error.
/// Layouts (Go reference time): `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (also lowercase `t`) and
/// `2006-1-2 15:4:5.999999999`.
enum GoTimestampSyntax {
    static func isTimestamp(_ text: String.UTF8View) -> Bool {
        let b = Array(text)
        var i = 0
        func number(minDigits: Int, maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while i < b.count, count < maxDigits, b[i] >= 0x30, b[i] <= 0x39 {
                value = value * 10 + Int(b[i] - 0x30)
                i += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(minDigits: 4, maxDigits: 4), expect(UInt8(ascii: "-")),
            let month = number(minDigits: 1, maxDigits: 2), (1...12).contains(month), expect(UInt8(ascii: "-")),
            let day = number(minDigits: 1, maxDigits: 2), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if i == b.count { return true }
        let separator = b[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return false }
        i += 1
        guard let hour = number(minDigits: 1, maxDigits: 2), hour < 24, expect(UInt8(ascii: ":")),
            let minute = number(minDigits: 1, maxDigits: 2), minute < 60, expect(UInt8(ascii: ":")),
            let second = number(minDigits: 1, maxDigits: 2), second < 60
        else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard number(minDigits: 1, maxDigits: 9) != nil else { return false }
        }
        if separator == UInt8(ascii: " ") { return i == b.count }
        if expect(UInt8(ascii: "Z")) { return i == b.count }
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let zoneHour = number(minDigits: 2, maxDigits: 2), zoneHour < 24, expect(UInt8(ascii: ":")),
            let zoneMinute = number(minDigits: 2, maxDigits: 2), zoneMinute < 60
        else { return false }
        return i == b.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
