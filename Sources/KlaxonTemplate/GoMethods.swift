/// The methods templates can call on the Go values Prometheus's functions return: `time.Time` (from `toTime`,
/// e.g. `(now | toTime).Format "2006"`) and `time.Duration` (from `toDuration`, e.g. `.String`).
enum GoMethods {
    static func method(_ name: String, on receiver: TemplateValue) -> TemplateFunction? {
        switch receiver {
        case .time(let t, _): return timeMethod(name, t)
        case .int(let d, .duration), .durationPointer(let d): return durationMethod(name, d)
        case .int(let m, .month): return name == "String" ? constant(.string(TemplateValue.int(m, type: .month).stringerText ?? "")) : nil
        case .int(let w, .weekday):
            return name == "String" ? constant(.string(TemplateValue.int(w, type: .weekday).stringerText ?? "")) : nil
        default: return nil
        }
    }

    private static func constant(_ value: TemplateValue) -> TemplateFunction {
        TemplateFunction([]) { _, _ in value }
    }

    private static func timeArgument(_ v: TemplateValue) -> GoTime {
        if case .time(let t, _) = v { return t }
        return GoTime(seconds: 0, nanoseconds: 0)
    }

    private static func durationArgument(_ v: TemplateValue) -> Int64 {
        if case .int(let d, _) = v { return d }
        return 0
    }

    private static func timeMethod(_ name: String, _ t: GoTime) -> TemplateFunction? {
        let c = { t.civil }
        switch name {
        case "String": return constant(.string(t.description))
        case "Format":
            return TemplateFunction([.string]) { args, _ in
                guard case .string(let layout) = args[0] else { return .string("") }
                return .string(t.format(layout))
            }
        case "Unix": return constant(.int(t.seconds, type: .int64))
        case "UnixMilli": return constant(.int(t.seconds &* 1000 &+ t.nanoseconds / 1_000_000, type: .int64))
        case "UnixMicro": return constant(.int(t.seconds &* 1_000_000 &+ t.nanoseconds / 1000, type: .int64))
        case "UnixNano": return constant(.int(t.unixNano, type: .int64))
        case "Year": return constant(.int(c().year))
        case "Month": return constant(.int(c().month, type: .month))
        case "Day": return constant(.int(c().day))
        case "Hour": return constant(.int(c().hour))
        case "Minute": return constant(.int(c().minute))
        case "Second": return constant(.int(c().second))
        case "Nanosecond": return constant(.int(t.nanoseconds))
        case "YearDay": return constant(.int(c().yearDay))
        case "Weekday": return constant(.int(c().weekday, type: .weekday))
        case "UTC": return constant(.time(t, pointer: false))
        case "IsZero": return constant(.bool(t.seconds == -62_135_596_800 && t.nanoseconds == 0))
        case "Add":
            return TemplateFunction([.duration]) { args, _ in .time(t.adding(nanoseconds: durationArgument(args[0])), pointer: false) }
        case "Sub":
            return TemplateFunction([.time]) { args, _ in .int(t.sub(timeArgument(args[0])), type: .duration) }
        case "Before":
            return TemplateFunction([.time]) { args, _ in
                let u = timeArgument(args[0])
                return .bool(t.seconds < u.seconds || (t.seconds == u.seconds && t.nanoseconds < u.nanoseconds))
            }
        case "After":
            return TemplateFunction([.time]) { args, _ in
                let u = timeArgument(args[0])
                return .bool(t.seconds > u.seconds || (t.seconds == u.seconds && t.nanoseconds > u.nanoseconds))
            }
        case "Equal":
            return TemplateFunction([.time]) { args, _ in .bool(t == timeArgument(args[0])) }
        case "Compare":
            return TemplateFunction([.time]) { args, _ in
                let u = timeArgument(args[0])
                if t == u { return .int(0) }
                let before = t.seconds < u.seconds || (t.seconds == u.seconds && t.nanoseconds < u.nanoseconds)
                return .int(before ? -1 : 1)
            }
        default: return nil
        }
    }

    private static func durationMethod(_ name: String, _ d: Int64) -> TemplateFunction? {
        func fraction(_ unit: Int64) -> Double { Double(d / unit) + Double(d % unit) / Double(unit) }
        switch name {
        case "String": return constant(.string(GoTime.durationString(d)))
        case "Seconds": return constant(.float(fraction(1_000_000_000)))
        case "Minutes": return constant(.float(fraction(60_000_000_000)))
        case "Hours": return constant(.float(fraction(3_600_000_000_000)))
        case "Milliseconds": return constant(.int(d / 1_000_000, type: .int64))
        case "Microseconds": return constant(.int(d / 1000, type: .int64))
        case "Nanoseconds": return constant(.int(d, type: .int64))
        case "Abs": return constant(.int(d >= 0 ? d : (d == Int64.min ? Int64.max : -d), type: .duration))
        case "Truncate":
            return TemplateFunction([.duration]) { args, _ in
                let m = durationArgument(args[0])
                return .int(m <= 0 ? d : d - d % m, type: .duration)
            }
        case "Round":
            return TemplateFunction([.duration]) { args, _ in .int(round(d, durationArgument(args[0])), type: .duration) }
        default: return nil
        }
    }

    /// `time.Duration.Round`, saturating on overflow.
    private static func round(_ d: Int64, _ m: Int64) -> Int64 {
        if m <= 0 { return d }
        var r = d % m
        func lessThanHalf(_ x: Int64, _ y: Int64) -> Bool { UInt64(bitPattern: x) &+ UInt64(bitPattern: x) < UInt64(bitPattern: y) }
        if d < 0 {
            r = -r
            if lessThanHalf(r, m) { return d + r }
            let d1 = d &- m &+ r
            return d1 < d ? d1 : Int64.min
        }
        if lessThanHalf(r, m) { return d - r }
        let d1 = d &+ m &- r
        return d1 > d ? d1 : Int64.max
    }
}
