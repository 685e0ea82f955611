/// Go's reference-time layouts (`time.Time.Format`), for UTC times.
extension GoTime {
    private enum Chunk {
        case literal(String)
        case longMonth, month, numMonth, zeroMonth
        case longWeekday, weekday
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12
        case minute, zeroMinute, second, zeroSecond
        case longYear, year
        case pm(upper: Bool)
        case zoneName
        /// Numeric zone offsets; `iso` prints `Z` for UTC.
        case zone(iso: Bool, colon: Bool, seconds: Bool, short: Bool)
        /// Fractional seconds: `digits` of them, `trim` for `9`s, `separator` `.` or `,`.
        case fraction(digits: Int, trim: Bool, separator: Character)
    }

    /// `time.Time.Format(layout)`.
    func format(_ layout: String) -> String {
        let c = civil
        var out = ""
        for chunk in GoTime.chunks(layout) {
            switch chunk {
            case .literal(let s): out += s
            case .longMonth: out += GoTime.monthNames[Int(c.month - 1)]
            case .month: out += String(GoTime.monthNames[Int(c.month - 1)].prefix(3))
            case .numMonth: out += pad(c.month, 0)
            case .zeroMonth: out += pad(c.month, 2)
            case .longWeekday: out += GoTime.dayNames[Int(c.weekday)]
            case .weekday: out += String(GoTime.dayNames[Int(c.weekday)].prefix(3))
            case .day: out += pad(c.day, 0)
            case .underDay: out += (c.day < 10 ? " " : "") + pad(c.day, 0)
            case .zeroDay: out += pad(c.day, 2)
            case .underYearDay:
                out += (c.yearDay < 100 ? " " : "") + (c.yearDay < 10 ? " " : "") + pad(c.yearDay, 0)
            case .zeroYearDay: out += pad(c.yearDay, 3)
            case .hour: out += pad(c.hour, 2)
            case .hour12: out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 0)
            case .zeroHour12: out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2)
            case .minute: out += pad(c.minute, 0)
            case .zeroMinute: out += pad(c.minute, 2)
            case .second: out += pad(c.second, 0)
            case .zeroSecond: out += pad(c.second, 2)
            case .longYear: out += pad(c.year, 4)
            case .year: out += pad(c.year % 100 < 0 ? -(c.year % 100) : c.year % 100, 2)
            case .pm(let upper): out += c.hour >= 12 ? (upper ? "PM" : "pm") : (upper ? "AM" : "am")
            case .zoneName: out += "UTC"
            case .zone(let iso, let colon, let seconds, let short):
                if iso {
                    out += "Z"
                } else if short {
                    out += "+00"
                } else {
                    out += colon ? (seconds ? "+00:00:00" : "+00:00") : (seconds ? "+000000" : "+0000")
                }
            case .fraction(let digits, let trim, let separator):
                if trim && (digits == 0 || nanoseconds == 0) { break }
                var frac = pad(nanoseconds, 9)
                if digits < 9 { frac = String(frac.prefix(digits)) }
                if trim { while frac.last == "0" { frac.removeLast() } }
                if !frac.isEmpty || !trim { out += String(separator) + frac }
            }
        }
        return out
    }

    /// Go's `appendInt(b, x, width)`: zero-padded to `width`, sign first.
    private func pad(_ x: Int64, _ width: Int) -> String {
        let digits = String(x.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (x < 0 ? "-" : "") + zeros + digits
    }

    /// Splits a layout into literal text and standard chunks, following Go's `nextStdChunk`.
    private static func chunks(_ layout: String) -> [Chunk] {
        let b = Array(layout.utf8)
        var result: [Chunk] = []
        var literalStart = 0
        var i = 0
        func has(_ s: String, at j: Int) -> Bool {
            let u = Array(s.utf8)
            return j + u.count <= b.count && Array(b[j..<(j + u.count)]) == u
        }
        func startsWithLower(_ j: Int) -> Bool { j < b.count && b[j] >= 97 && b[j] <= 122 }
        func isDigit(_ j: Int) -> Bool { j < b.count && b[j] >= 48 && b[j] <= 57 }
        while i < b.count {
            var chunk: Chunk?
            var length = 0
            var literalExtra = 0  // bytes of the match that stay literal ("_2006" keeps its "_")
            switch b[i] {
            case UInt8(ascii: "J"):
                if has("January", at: i) {
                    (chunk, length) = (.longMonth, 7)
                } else if has("Jan", at: i) && !startsWithLower(i + 3) {
                    (chunk, length) = (.month, 3)
                }
            case UInt8(ascii: "M"):
                if has("Monday", at: i) {
                    (chunk, length) = (.longWeekday, 6)
                } else if has("Mon", at: i) && !startsWithLower(i + 3) {
                    (chunk, length) = (.weekday, 3)
                } else if has("MST", at: i) {
                    (chunk, length) = (.zoneName, 3)
                }
            case UInt8(ascii: "0"):
                if i + 1 < b.count, b[i + 1] >= 49, b[i + 1] <= 54 {
                    let table: [Chunk] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    (chunk, length) = (table[Int(b[i + 1] - 49)], 2)
                } else if has("002", at: i) {
                    (chunk, length) = (.zeroYearDay, 3)
                }
            case UInt8(ascii: "1"):
                (chunk, length) = has("15", at: i) ? (.hour, 2) : (.numMonth, 1)
            case UInt8(ascii: "2"):
                (chunk, length) = has("2006", at: i) ? (.longYear, 4) : (.day, 1)
            case UInt8(ascii: "_"):
                if has("_2", at: i) {
                    if has("_2006", at: i) {
                        (chunk, length, literalExtra) = (.longYear, 5, 1)
                    } else {
                        (chunk, length) = (.underDay, 2)
                    }
                } else if has("__2", at: i) {
                    (chunk, length) = (.underYearDay, 3)
                }
            case UInt8(ascii: "3"): (chunk, length) = (.hour12, 1)
            case UInt8(ascii: "4"): (chunk, length) = (.minute, 1)
            case UInt8(ascii: "5"): (chunk, length) = (.second, 1)
            case UInt8(ascii: "P"): if has("PM", at: i) { (chunk, length) = (.pm(upper: true), 2) }
            case UInt8(ascii: "p"): if has("pm", at: i) { (chunk, length) = (.pm(upper: false), 2) }
            case UInt8(ascii: "-"), UInt8(ascii: "Z"):
                let iso = b[i] == UInt8(ascii: "Z")
                let p = iso ? "Z" : "-"
                if has(p + "070000", at: i) {
                    (chunk, length) = (.zone(iso: iso, colon: false, seconds: true, short: false), 7)
                } else if has(p + "07:00:00", at: i) {
                    (chunk, length) = (.zone(iso: iso, colon: true, seconds: true, short: false), 9)
                } else if has(p + "0700", at: i) {
                    (chunk, length) = (.zone(iso: iso, colon: false, seconds: false, short: false), 5)
                } else if has(p + "07:00", at: i) {
                    (chunk, length) = (.zone(iso: iso, colon: true, seconds: false, short: false), 6)
                } else if has(p + "07", at: i) {
                    (chunk, length) = (.zone(iso: iso, colon: false, seconds: false, short: true), 3)
                }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "0") || b[i + 1] == UInt8(ascii: "9") {
                    let ch = b[i + 1]
                    var j = i + 1
                    while j < b.count && b[j] == ch { j += 1 }
                    if !isDigit(j) {
                        let separator: Character = b[i] == UInt8(ascii: ".") ? "." : ","
                        chunk = .fraction(digits: j - i - 1, trim: ch == UInt8(ascii: "9"), separator: separator)
                        length = j - i
                    }
                }
            default: break
            }
            if let chunk {
                let literalEnd = i + literalExtra
                if literalEnd > literalStart {
                    result.append(.literal(String(decoding: b[literalStart..<literalEnd], as: UTF8.self)))
                }
                result.append(chunk)
                i += length
                literalStart = i
            } else {
                i += 1
            }
        }
        if literalStart < b.count { result.append(.literal(String(decoding: b[literalStart...], as: UTF8.self))) }
        return result
    }
}
