/// How one stream of integers (timestamp deltas or delta-of-deltas, decimal mantissa deltas) is written:
/// each integer `x` becomes `zigzag(x - bias)` (or plain `x - bias` when the stream is unsigned: no value
/// lies below the bias), stored in the first of four classes wide enough for it.
/// The classes have the prefixes `0`, `10`, `110`, `111` and per-chunk widths (the last is always 64 bits),
/// so a chunk of regular samples spends one bit per integer, and a jittery one a handful.
struct StreamCode: Sendable, Equatable {
    /// Widths a class may have, addressed by a 4-bit index in the chunk header.
    static let widthTable: [Int] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32]

    var bias: Int64
    /// Values are stored as `x - bias` without zigzag (every `x` is at least `bias`).
    var unsigned: Bool
    /// Every value fits the first class: values are written in `w0` bits with no class prefix.
    var single: Bool
    /// Indices into `widthTable` of the first three classes, ascending.
    private(set) var indices: (UInt8, UInt8, UInt8)
    private(set) var w0: Int
    private(set) var w1: Int
    private(set) var w2: Int

    init(bias: Int64, indices: (UInt8, UInt8, UInt8), unsigned: Bool = false, single: Bool = false) {
        self.bias = bias
        self.unsigned = unsigned
        self.single = single
        self.indices = (indices.0 & 15, indices.1 & 15, indices.2 & 15)
        w0 = StreamCode.widthTable[Int(indices.0 & 15)]
        w1 = StreamCode.widthTable[Int(indices.1 & 15)]
        w2 = StreamCode.widthTable[Int(indices.2 & 15)]
    }

    /// The code open chunks use before anything is known about the data: exact repeats cost 1 bit,
    /// small jitter 7 bits, anything up to 14 bits 17.
    static let openDefault = StreamCode(bias: 0, indices: (0, 5, 11))

    static func == (a: StreamCode, b: StreamCode) -> Bool {
        a.bias == b.bias && a.unsigned == b.unsigned && a.single == b.single && a.indices.0 == b.indices.0
            && a.indices.1 == b.indices.1
            && a.indices.2 == b.indices.2
    }

    /// The three class widths packed in 12 bits, the unsigned flag in bit 12 and the single-class flag in
    /// bit 13, as stored in the header.
    var packedIndices: UInt16 {
        (single ? 1 << 13 : 0) | (unsigned ? 1 << 12 : 0) | UInt16(indices.0) << 8 | UInt16(indices.1) << 4
            | UInt16(indices.2)
    }

    init(bias: Int64, packed: UInt16) {
        self.init(
            bias: bias,
            indices: (UInt8((packed >> 8) & 15), UInt8((packed >> 4) & 15), UInt8(packed & 15)),
            unsigned: packed & (1 << 12) != 0,
            single: packed & (1 << 13) != 0
        )
    }

    @inline(__always)
    private func mapped(_ x: Int64) -> UInt64 {
        unsigned ? UInt64(bitPattern: x &- bias) : ZigZag.encode(x &- bias)
    }

    @inline(__always)
    func write(_ x: Int64, to writer: inout BitWriter) {
        let u = mapped(x)
        if single {
            writer.write(u, bits: w0)
            return
        }
        let length = 64 &- u.leadingZeroBitCount
        if length <= w0 {
            writer.write(u, bits: 1 &+ w0)
        } else if length <= w1 {
            writer.write((0b10 &<< UInt64(w1)) | u, bits: 2 &+ w1)
        } else if length <= w2 {
            writer.write((0b110 &<< UInt64(w2)) | u, bits: 3 &+ w2)
        } else {
            writer.write(0b111, bits: 3)
            writer.write(u, bits: 64)
        }
    }

    @inline(__always)
    func read(from reader: inout BitReader) -> Int64 {
        if single {
            let u = reader.read(w0)
            return unsigned ? Int64(bitPattern: u) &+ bias : ZigZag.decode(u) &+ bias
        }
        let ones = (~reader.window()).leadingZeroBitCount
        let u: UInt64
        switch ones {
        case 0:
            reader.skip(1)
            u = reader.read(w0)
        case 1:
            reader.skip(2)
            u = reader.read(w1)
        case 2:
            reader.skip(3)
            u = reader.read(w2)
        default:
            reader.skip(3)
            u = reader.read(64)
        }
        return unsigned ? Int64(bitPattern: u) &+ bias : ZigZag.decode(u) &+ bias
    }

    /// Bits `x` costs under this code.
    @inline(__always)
    func cost(_ x: Int64) -> Int {
        let length = 64 &- mapped(x).leadingZeroBitCount
        if single { return w0 }
        if length <= w0 { return 1 &+ w0 }
        if length <= w1 { return 2 &+ w1 }
        if length <= w2 { return 3 &+ w2 }
        return 67
    }

    /// The cheapest code for `values`: zigzag around their median, or unsigned above their minimum, with
    /// class widths searched over the widths the values' bit lengths call for. Returns the code and the
    /// stream's total bits (header fields included).
    static func optimal(for values: UnsafeMutableBufferPointer<Int64>) -> (code: StreamCode, bits: Int) {
        guard !values.isEmpty else { return (StreamCode(bias: 0, indices: (0, 1, 2)), 0) }
        var minimum = values[0]
        var maximum = values[0]
        for x in values {
            if x < minimum { minimum = x }
            if x > maximum { maximum = x }
        }
        // Zigzag around the median suits the four-class code; around the middle of the range it narrows the
        // widest value, which is what a single-class code pays for; unsigned above the minimum suits skewed data.
        var best = fit(values, bias: approximateMedian(values), unsigned: false)
        let middle = fit(
            values, bias: minimum &+ Int64(bitPattern: UInt64(bitPattern: maximum &- minimum) / 2), unsigned: false)
        if middle.bits < best.bits { best = middle }
        let unsigned = fit(values, bias: minimum, unsigned: true)
        if unsigned.bits < best.bits { best = unsigned }
        return best
    }

    /// The median of `values`, or of 32 of them evenly spread when there are more: any bias is valid (it is
    /// stored), so a cheap, robust centre is all the codes need. Does not reorder `values`.
    static func approximateMedian(_ values: UnsafeMutableBufferPointer<Int64>) -> Int64 {
        let n = min(values.count, 32)
        guard n > 0 else { return 0 }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: n) { sample in
            let stride = values.count / n
            for i in 0..<n { sample[i] = values[i * stride] }
            return kthSmallest(sample, n / 2)
        }
    }

    /// The `k`-th smallest value (quickselect, in place).
    static func kthSmallest(_ values: UnsafeMutableBufferPointer<Int64>, _ k: Int) -> Int64 {
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = values[(low + high) >> 1]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }

    private static func fit(
        _ values: UnsafeMutableBufferPointer<Int64>,
        bias: Int64,
        unsigned: Bool
    ) -> (code: StreamCode, bits: Int) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 50) { scratch in
            // histogram of bit lengths folded onto the width table (index 16: needs the 64-bit class),
            // its running sums, and the table indices present
            let perIndex = UnsafeMutableBufferPointer(rebasing: scratch[0..<17])
            let cumulative = UnsafeMutableBufferPointer(rebasing: scratch[17..<34])
            let list = UnsafeMutableBufferPointer(rebasing: scratch[34..<50])
            perIndex.initialize(repeating: 0)
            for x in values {
                let u = unsigned ? UInt64(bitPattern: x &- bias) : ZigZag.encode(x &- bias)
                perIndex[indexFor(length: 64 &- u.leadingZeroBitCount)] += 1
            }
            var running = 0
            for i in 0..<17 {
                running += perIndex[i]
                cumulative[i] = running
            }
            let total = values.count
            let header = 8 * VarInt.size(ZigZag.encode(bias)) + 16
            var widest = -1
            var count = 0
            for i in 0..<16 where perIndex[i] > 0 {
                list[count] = i
                count += 1
                widest = i
            }
            // at least three classes to choose from: pad with the narrowest widths not present
            var filler = 0
            while count < 3 {
                if !list[0..<count].contains(filler) {
                    list[count] = filler
                    count += 1
                }
                filler += 1
            }
            list[0..<count].sort()  // only fillers can be out of order
            var best = (cost: Int.max, i0: 0, i1: 1, i2: 2)
            for a in 0..<count {
                for b in (a + 1)..<max(count, a + 1) {
                    for c in (b + 1)..<max(count, b + 1) {
                        let (i0, i1, i2) = (list[a], list[b], list[c])
                        let n0 = cumulative[i0]
                        let n1 = cumulative[i1] - n0
                        let n2 = cumulative[i2] - cumulative[i1]
                        let n3 = total - cumulative[i2]
                        let cost =
                            n0 * (1 + widthTable[i0]) + n1 * (2 + widthTable[i1])
                            + n2 * (3 + widthTable[i2]) + n3 * 67
                        if cost < best.cost { best = (cost, i0, i1, i2) }
                    }
                }
            }
            // One class without prefixes, when the widest value fits the table.
            if perIndex[16] == 0 && widest >= 0 && total * widthTable[widest] <= best.cost {
                let code = StreamCode(bias: bias, indices: (UInt8(widest), 0, 0), unsigned: unsigned, single: true)
                return (code, total * widthTable[widest] + header)
            }
            let code = StreamCode(
                bias: bias, indices: (UInt8(best.i0), UInt8(best.i1), UInt8(best.i2)), unsigned: unsigned
            )
            return (code, best.cost + header)
        }
    }

    /// The smallest table index whose width holds `length` bits, or 16 when none does.
    @inline(__always)
    static func indexFor(length: Int) -> Int {
        if length <= 8 { return length }
        switch length {
        case 9...10: return 9
        case 11...12: return 10
        case 13...14: return 11
        case 15...16: return 12
        case 17...20: return 13
        case 21...24: return 14
        case 25...32: return 15
        default: return 16
        }
    }
}

/// Maps signed integers to unsigned ones so that small magnitudes of either sign stay small.
enum ZigZag {
    @inline(__always)
    static func encode(_ x: Int64) -> UInt64 { UInt64(bitPattern: (x &<< 1) ^ (x &>> 63)) }

    @inline(__always)
    static func decode(_ u: UInt64) -> Int64 { Int64(bitPattern: u &>> 1) ^ -Int64(bitPattern: u & 1) }
}

/// Unsigned LEB128 variable-length integers for chunk headers.
enum VarInt {
    static func size(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 {
            v &>>= 7
            n += 1
        }
        return n
    }

    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    static func appendSigned(_ value: Int64, to out: inout [UInt8]) { append(ZigZag.encode(value), to: &out) }

    /// Reads a varint at `offset`, advancing it; nil when the buffer ends first or the value overflows.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if shift >= 64 { return nil }
            result |= UInt64(byte & 0x7f) &<< shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    static func readSigned(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> Int64? {
        read(bytes, at: &offset).map(ZigZag.decode)
    }
}
