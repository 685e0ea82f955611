import KlaxonModel

/// Decodes chunk bytes (sealed, or an open chunk's snapshot) back into samples.
enum ChunkDecoder {
    /// Appends the samples of `bytes` whose timestamps lie in `mint...maxt` to `out`.
    /// A malformed chunk (which the encoder never produces) yields no samples rather than trapping.
    static func decode(
        _ bytes: UnsafeRawBufferPointer,
        mint: Int64 = .min,
        maxt: Int64 = .max,
        into out: inout [FPoint]
    ) {
        guard let (h, streamOffset) = ChunkHeader.parse(bytes), h.count > 0 else { return }
        var reader = BitReader(bytes, bitOffset: streamOffset * 8)
        var t = h.t0
        if h.isDecimal {
            let scale = h.scale
            var m = h.m0
            if t > maxt { return }
            if t >= mint { out.append(FPoint(t: t, v: DecimalValue.value(m, scale: scale))) }
            var delta: Int64 = 0
            var mDelta: Int64 = 0
            for i in 1..<max(h.count, 1) {
                if h.timestampGrid {
                    t = h.t0 &+ Int64(i) &* h.gridStep &+ h.timestampCode.read(from: &reader)
                } else {
                    if h.timestampDoD {
                        delta = i == 1 ? h.firstDelta : delta &+ h.timestampCode.read(from: &reader)
                    } else {
                        delta = h.timestampCode.read(from: &reader)
                    }
                    t = t &+ delta
                }
                if h.valueDoD {
                    mDelta = i == 1 ? h.firstValueDelta : mDelta &+ h.valueCode.read(from: &reader)
                } else {
                    mDelta = h.valueCode.read(from: &reader)
                }
                m = m &+ mDelta
                if t > maxt { return }
                if t >= mint { out.append(FPoint(t: t, v: DecimalValue.value(m, scale: scale))) }
            }
        } else {
            var xor = XORCoder(first: h.v0Bits)
            if t > maxt { return }
            if t >= mint { out.append(FPoint(t: t, v: Double(bitPattern: h.v0Bits))) }
            var delta: Int64 = 0
            for i in 1..<max(h.count, 1) {
                if h.timestampGrid {
                    t = h.t0 &+ Int64(i) &* h.gridStep &+ h.timestampCode.read(from: &reader)
                } else {
                    if h.timestampDoD {
                        delta = i == 1 ? h.firstDelta : delta &+ h.timestampCode.read(from: &reader)
                    } else {
                        delta = h.timestampCode.read(from: &reader)
                    }
                    t = t &+ delta
                }
                let bits = xor.read(from: &reader)
                if t > maxt { return }
                if t >= mint { out.append(FPoint(t: t, v: Double(bitPattern: bits))) }
            }
        }
    }

    /// All samples of `bytes`.
    static func decode(_ bytes: [UInt8]) -> [FPoint] {
        var out: [FPoint] = []
        bytes.withUnsafeBytes { decode($0, into: &out) }
        return out
    }
}
