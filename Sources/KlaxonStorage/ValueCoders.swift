import KlaxonModel

/// Values that are a decimal mantissa over a power of ten, such as counters (scale 0) and gauges with a
/// few significant digits (`23.7` is 237 at scale 1). A value qualifies only when `Double(m) / 10^scale`
/// gives back its exact bit pattern, so decoding is bit-exact by construction; `-0.0`, NaNs (including
/// the staleness marker) and infinities never qualify and send the chunk to the XOR encoding.
enum DecimalValue {
    static let maxScale = 15
    /// Powers of ten, all exactly representable.
    static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
    /// Mantissas stay within ±2^53 so that they are exact doubles too.
    static let limit: Double = 9_007_199_254_740_992

    /// The mantissa of `v` at `scale`, or nil when `v` is not exactly such a decimal.
    @inline(__always)
    static func mantissa(_ v: Double, scale: Int) -> Int64? {
        let scaled = (v * powers[scale]).rounded()
        guard abs(scaled) <= limit else { return nil }  // false for NaN as well
        let m = Int64(scaled)
        guard (Double(m) / powers[scale]).bitPattern == v.bitPattern else { return nil }
        return m
    }

    /// The smallest scale at or above `from` at which `v` is a decimal.
    static func minimalScale(of v: Double, from: Int = 0) -> Int? {
        guard v.isFinite else { return nil }
        var k = from
        while k <= maxScale {
            if mantissa(v, scale: k) != nil { return k }
            k += 1
        }
        return nil
    }

    @inline(__always)
    static func value(_ m: Int64, scale: Int) -> Double { Double(m) / powers[scale] }

    /// The common scale of `points`, or nil when some value is not a decimal at any scale.
    static func commonScale(of points: some Collection<FPoint>) -> Int? {
        var scale = 0
        for p in points {
            guard let k = minimalScale(of: p.v, from: scale) else { return nil }
            scale = k
        }
        // A larger scale may push an earlier mantissa past 2^53: check them all at the final scale.
        for p in points where mantissa(p.v, scale: scale) == nil { return nil }
        return scale
    }
}

/// Prometheus's Gorilla value encoding: the XOR with the previous value, written as its meaningful bits
/// inside a leading/trailing-zero window that is reused while it still fits.
struct XORCoder: Sendable {
    var previous: UInt64
    var leading: UInt8 = 0xff
    var trailing: UInt8 = 0

    init(first: UInt64) { previous = first }

    @inline(__always)
    mutating func write(_ bits: UInt64, to writer: inout BitWriter) {
        let x = bits ^ previous
        previous = bits
        if x == 0 {
            writer.write(0, bits: 1)
            return
        }
        let lead = UInt8(min(x.leadingZeroBitCount, 31))
        let trail = UInt8(x.trailingZeroBitCount)
        if leading != 0xff && lead >= leading && trail >= trailing {
            let significant = 64 &- Int(leading) &- Int(trailing)
            writer.write(0b10, bits: 2)
            writer.write(x &>> UInt64(trailing), bits: significant)
            return
        }
        leading = lead
        trailing = trail
        let significant = 64 &- Int(lead) &- Int(trail)
        // '11', 5 bits of leading zeros, 6 bits of significant length (64 is written as 0)
        writer.write(0b11 << 11 | UInt64(lead) << 6 | UInt64(significant & 63), bits: 13)
        writer.write(x &>> UInt64(trail), bits: significant)
    }

    @inline(__always)
    mutating func read(from reader: inout BitReader) -> UInt64 {
        let w = reader.window()
        if w & (1 << 63) == 0 {
            reader.skip(1)
            return previous
        }
        if w & (1 << 62) == 0 {
            reader.skip(2)
        } else {
            let header = reader.read(13)
            leading = UInt8((header >> 6) & 31)
            var significant = Int(header & 63)
            if significant == 0 { significant = 64 }
            trailing = UInt8(max(0, 64 - Int(leading) - significant))
        }
        let significant = 64 &- Int(leading) &- Int(trailing)
        let x = reader.read(significant) &<< UInt64(trailing)
        previous ^= x
        return previous
    }

    /// Bits `write` would spend on `bits`; advances the state the same way.
    @inline(__always)
    mutating func cost(_ bits: UInt64) -> Int {
        let x = bits ^ previous
        previous = bits
        if x == 0 { return 1 }
        let lead = UInt8(min(x.leadingZeroBitCount, 31))
        let trail = UInt8(x.trailingZeroBitCount)
        if leading != 0xff && lead >= leading && trail >= trailing {
            return 2 &+ 64 &- Int(leading) &- Int(trailing)
        }
        leading = lead
        trailing = trail
        return 13 &+ 64 &- Int(lead) &- Int(trail)
    }
}
