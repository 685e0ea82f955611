/// Prometheus's number and duration humanizers (`humanize`, `humanize1024`, `humanizeDuration`) and its
/// duration parser (`parseDuration`, i.e. `model.ParseDurationAllowNegative`).
enum Humanize {
    /// `fmt.Sprintf("%.4g", v)`.
    static func g4(_ v: Double) -> String { GoFloatFormat.format(v, "g", 4) }

    static func humanize(_ value: Double) -> String {
        var v = value
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        if abs(v) >= 1 {
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p
                v /= 1000
            }
        } else {
            for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
                if abs(v) >= 1 { break }
                prefix = p
                v *= 1000
            }
        }
        return g4(v) + prefix
    }

    static func humanize1024(_ value: Double) -> String {
        var v = value
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p
            v /= 1024
        }
        return g4(v) + prefix
    }

    /// `common/helpers/templates.HumanizeDuration`.
    static func duration(_ value: Double) -> String {
        var v = value
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v) + "s" }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 {
                sign = "-"
                v = -v
            }
            let d = PrometheusFunctions.goInt64(v)
            let seconds = d % 60
            let minutes = (d / 60) % 60
            let hours = (d / 60 / 60) % 24
            let days = d / 60 / 60 / 24
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v) + "s"
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix + "s"
    }

    /// `model.ParseDurationAllowNegative`, in nanoseconds.
    static func parseDuration(_ text: String) -> Result<Int64, TemplateFunctionError> {
        if let first = text.first, first == "-" {
            return parseUnsigned(String(text.dropFirst())).map { 0 &- $0 }
        }
        return parseUnsigned(text)
    }

    private static let units: [String: (order: Int, nanoseconds: UInt64)] = [
        "ms": (7, 1_000_000), "s": (6, 1_000_000_000), "m": (5, 60_000_000_000), "h": (4, 3_600_000_000_000),
        "d": (3, 86_400_000_000_000), "w": (2, 604_800_000_000_000), "y": (1, 31_536_000_000_000_000),
    ]

    private static func parseUnsigned(_ text: String) -> Result<Int64, TemplateFunctionError> {
        if text == "0" { return .success(0) }
        if text.isEmpty { return .failure(TemplateFunctionError("empty duration string")) }
        let invalid = TemplateFunctionError("not a valid duration string: \(GoStrconv.quote(text))")
        let bytes = Array(text.utf8)
        var i = 0
        var total: UInt64 = 0
        var lastOrder = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        while i < bytes.count {
            guard isDigit(bytes[i]) else { return .failure(invalid) }
            var value: UInt64 = 0
            while i < bytes.count && isDigit(bytes[i]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 48))
                if o1 || o2 { return .failure(invalid) }
                value = a
                i += 1
            }
            let unitStart = i
            while i < bytes.count && !isDigit(bytes[i]) { i += 1 }
            if i == unitStart { return .failure(invalid) }
            let unitText = String(decoding: bytes[unitStart..<i], as: UTF8.self)
            guard let unit = units[unitText] else {
                return .failure(
                    TemplateFunctionError(
                        "unknown unit \(GoStrconv.quote(unitText)) in duration \(GoStrconv.quote(text))"))
            }
            if unit.order <= lastOrder { return .failure(invalid) }
            lastOrder = unit.order
            if value > (1 << 63) / unit.nanoseconds { return .failure(TemplateFunctionError("duration out of range")) }
            total = total &+ value &* unit.nanoseconds
            if total > UInt64(Int64.max) { return .failure(TemplateFunctionError("duration out of range")) }
        }
        return .success(Int64(total))
    }
}
