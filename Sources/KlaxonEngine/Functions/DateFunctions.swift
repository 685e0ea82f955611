import KlaxonPromQL

/// Calendar fields of a Unix time in UTC (Go's `time.Unix(s, 0).UTC()`), proleptic Gregorian calendar.
enum DateFunctions {
    struct Civil {
        var year: Int64
        var month: Int64  // 1...12
        var day: Int64  // 1...31
        var dayOfYear: Int64  // 1...366
        var weekday: Int64  // 0 = Sunday
        var hour: Int64
        var minute: Int64
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func civil(_ seconds: Int64) -> Civil {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        let cumulative: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        var dayOfYear = cumulative[Int(m - 1)] + d
        if m > 2 && isLeap(y) { dayOfYear += 1 }
        let weekday = ((days % 7) + 7 + 4) % 7
        return Civil(
            year: y, month: m, day: d, dayOfYear: dayOfYear, weekday: weekday, hour: secondOfDay / 3600,
            minute: (secondOfDay % 3600) / 60)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func apply(_ fn: FunctionID, seconds: Int64) -> Double {
        // Keep the arithmetic in range; such dates are far outside anything Go can represent meaningfully.
        let s = Swift.max(Swift.min(seconds, 1 << 60), -(1 << 60))
        let c = civil(s)
        switch fn {
        case .year: return Double(c.year)
        case .month: return Double(c.month)
        case .dayOfMonth: return Double(c.day)
        case .dayOfYear: return Double(c.dayOfYear)
        case .dayOfWeek: return Double(c.weekday)
        case .hour: return Double(c.hour)
        case .minute: return Double(c.minute)
        case .daysInMonth: return Double(daysInMonth(year: c.year, month: c.month))
        default: return .nan
        }
    }
}
