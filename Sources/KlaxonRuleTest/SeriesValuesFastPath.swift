import KlaxonModel
import KlaxonPromQL

/// Reads the common forms of a series' `values` directly into a `SeriesProgram`, without the general PromQL
/// series parser: items separated by spaces, each `_`, `_xN`, `stale`, a decimal number `a`, `axN` or `a+bxN` /
/// `a-bxN` (N + 1 values a, a+b, a+2b… accumulated by repeated addition, as Prometheus does). Anything else
/// (tabs, `Inf`, hexadecimal, histograms, malformed items) returns nil and the caller uses the general
/// parser, which also words the errors; the two agree on every input the fast path accepts (tested).
enum SeriesValuesFastPath {
    /// The program of `values`, or nil when the text needs the general parser.
    static func program(_ values: String) -> SeriesProgram? {
        var copy = values
        return copy.withUTF8 { bytes in
            var program = SeriesProgram()
            var i = 0
            let n = bytes.count
            while true {
                while i < n && bytes[i] == UInt8(ascii: " ") { i += 1 }
                guard i < n else { return program }
                var end = i
                while end < n && bytes[end] != UInt8(ascii: " ") { end += 1 }
                guard item(bytes, i, end, &program) else { return nil }
                // Past the general parser's bound on expanded steps, hand over to it: it reports the error.
                guard program.stepCount <= SeriesValue.maxExpandedValues else { return nil }
                i = end
            }
        }
    }

    /// The points of `values` (the k-th step at `start + k × interval`), or nil when the general parser is needed.
    static func expand(_ values: String, start: Int64, interval: Int64) -> [FPoint]? {
        program(values)?.points(start: start, interval: interval)
    }

    /// One item `bytes[from..<to]`.
    private static func item(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ program: inout SeriesProgram
    ) -> Bool {
        if bytes[from] == UInt8(ascii: "_") {
            if to == from + 1 {
                program.appendValue(SeriesProgram.omitted)
                return true
            }
            guard bytes[from + 1] == UInt8(ascii: "x"), let count = count(bytes, from + 2, to) else { return false }
            program.appendGap(count)
            return true
        }
        if to - from == 5 && bytes[from] == UInt8(ascii: "s") {
            guard bytes[from + 1] == UInt8(ascii: "t"), bytes[from + 2] == UInt8(ascii: "a"),
                bytes[from + 3] == UInt8(ascii: "l"), bytes[from + 4] == UInt8(ascii: "e")
            else { return false }
            program.appendValue(StaleMarker.value)
            return true
        }
        guard let (first, afterFirst) = number(bytes, from, to, signed: true) else { return false }
        if afterFirst == to {
            program.appendValue(first)
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
        program.appendRamp(first: first, step: step, count: count + 1)  // `axN` repeats `a` itself (-0 stays -0)
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
            guard integerDigits <= 18, integerDigits == 1 || bytes[unsignedStart] != UInt8(ascii: "0") else {
                return nil
            }
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
