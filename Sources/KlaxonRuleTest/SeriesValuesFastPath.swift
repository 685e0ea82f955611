import KlaxonModel
import KlaxonPromQL

/// Expands the common forms of a series' `values` directly into points, without the general PromQL series
/// parser: items separated by spaces, each `_`, `_xN`, `stale`, a decimal number `a`, `axN` or `a+bxN` /
/// `a-bxN` (N + 1 values a, a+b, a+2b… accumulated by repeated addition, as Prometheus does). Anything else
/// (tabs, `Inf`, hexadecimal, histograms, malformed items) returns nil and the caller uses the general
/// parser, which also words the errors; the two agree on every input the fast path accepts (tested).
enum SeriesValuesFastPath {
    /// Appends the points of `values` (the k-th value at `start + k × interval`) to `points`; returns false,
    /// leaving `points` unchanged, when the text needs the general parser.
    static func expand(_ values: String, start: Int64, interval: Int64, into points: inout [FPoint]) -> Bool {
        var copy = values
        return copy.withUTF8 { bytes in
            let before = points.count
            var t = start
            var i = 0
            let n = bytes.count
            while true {
                while i < n && bytes[i] == UInt8(ascii: " ") { i += 1 }
                guard i < n else { return true }
                var end = i
                while end < n && bytes[end] != UInt8(ascii: " ") { end += 1 }
                // Past the general parser's bound on expanded steps, hand over to it: it reports the error.
                guard item(bytes, i, end, &t, interval, &points),
                    interval <= 0 || (t &- start) / interval <= Int64(SeriesValue.maxExpandedValues)
                else {
                    points.removeSubrange(before...)
                    return false
                }
                i = end
            }
        }
    }

    /// One item `bytes[from..<to]`.
    private static func item(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ t: inout Int64, _ interval: Int64,
        _ points: inout [FPoint]
    ) -> Bool {
        if bytes[from] == UInt8(ascii: "_") {
            if to == from + 1 {
                t &+= interval
                return true
            }
            guard bytes[from + 1] == UInt8(ascii: "x"), let count = count(bytes, from + 2, to) else { return false }
            t &+= interval &* Int64(count)
            return true
        }
        if to - from == 5 && bytes[from] == UInt8(ascii: "s") {
            guard bytes[from + 1] == UInt8(ascii: "t"), bytes[from + 2] == UInt8(ascii: "a"),
                bytes[from + 3] == UInt8(ascii: "l"), bytes[from + 4] == UInt8(ascii: "e")
            else { return false }
            points.append(FPoint(t: t, v: StaleMarker.value))
            t &+= interval
            return true
        }
        guard let (first, afterFirst) = number(bytes, from, to, signed: true) else { return false }
        if afterFirst == to {
            points.append(FPoint(t: t, v: first))
            t &+= interval
            return true
        }
        var step: Double?
        var position = afterFirst
        if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            guard let (offset, afterOffset) = number(bytes, position, to, signed: true), afterOffset < to else {
                return false
            }
            step = offset
            position = afterOffset
        }
        guard bytes[position] == UInt8(ascii: "x"), let count = count(bytes, position + 1, to) else { return false }
        var value = first
        points.reserveCapacity(points.count + count + 1)
        for _ in 0...count {
            points.append(FPoint(t: t, v: value))
            if let step { value += step }  // `axN` repeats `a` itself (-0 stays -0)
            t &+= interval
        }
        return true
    }

    /// `[+-]?digits(.digits)?([eE][+-]?digits)?` starting at `from`, valued as Prometheus values it: the sign
    /// applies to the unsigned number (so `-0` is negative zero), an integer goes through Go's
    /// `ParseInt(s, 0, 64)` (so a leading `0` would mean octal: left to the general parser), anything else
    /// through `ParseFloat`, which rounds as Swift does. Nil when the general parser is needed.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, signed: Bool)
        -> (Double, Int)?
    {
        var i = from
        var negative = false
        if signed && i < to && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let unsignedStart = i
        var nonZero = false
        var integer: Int64 = 0
        while i < to && isDigit(bytes[i]) {
            nonZero = nonZero || bytes[i] != UInt8(ascii: "0")
            integer = integer &* 10 &+ Int64(bytes[i] - UInt8(ascii: "0"))
            i += 1
        }
        let integerDigits = i - unsignedStart
        guard integerDigits > 0 else { return nil }
        var isFloat = false
        if i < to && bytes[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            let fraction = i
            while i < to && isDigit(bytes[i]) {
                nonZero = nonZero || bytes[i] != UInt8(ascii: "0")
                i += 1
            }
            guard i > fraction else { return nil }
        }
        if i < to && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isFloat = true
            i += 1
            if i < to && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            let exponent = i
            while i < to && isDigit(bytes[i]) { i += 1 }
            guard i > exponent, i - exponent <= 3 else { return nil }
        }
        var value: Double
        if isFloat {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[unsignedStart..<i]), as: UTF8.self)
            guard let parsed = Double(text), parsed.isFinite, !parsed.isSubnormal, parsed != 0 || !nonZero else {
                return nil
            }
            value = parsed
        } else {
            // Octal (`010`) and integers that could overflow are the general parser's.
            guard integerDigits <= 18, integerDigits == 1 || bytes[unsignedStart] != UInt8(ascii: "0") else { return nil }
            value = Double(integer)
        }
        return (negative ? -value : value, i)
    }

    /// Decimal digits up to `to`, as a repetition count.
    private static func count(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        guard from < to, to - from <= 8 else { return nil }
        var value = 0
        for i in from..<to {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
        }
        return value <= 10_000_000 ? value : nil  // the general parser's limit, with its error
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
