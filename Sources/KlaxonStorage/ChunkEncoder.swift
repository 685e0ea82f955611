import KlaxonModel

/// Encodes a finished run of samples (a chunk being sealed) with the cheapest of the available layouts:
/// timestamps as deltas around their median or as delta-of-deltas, values as XOR (Gorilla) or, when every
/// value is an exact decimal, as mantissa deltas or delta-of-deltas; stream class widths fitted to the data.
enum ChunkEncoder {
    /// The encoded bytes of `points`, which must be sorted by strictly increasing timestamp.
    static func encode(_ points: UnsafeBufferPointer<FPoint>) -> [UInt8] {
        let n = points.count
        var header = ChunkHeader()
        header.count = n
        guard n > 0 else {
            var out: [UInt8] = []
            header.append(to: &out)
            return out
        }
        header.t0 = points[0].t

        // Timestamps.
        var tsDeltas = [Int64](repeating: 0, count: max(n - 1, 0))
        for i in 1..<max(n, 1) { tsDeltas[i - 1] = points[i].t &- points[i - 1].t }
        var timestamps = chooseStream(tsDeltas)
        // Grid mode: offsets from t0 + i * step, where step is the mean interval. Regular scrapes with
        // jitter cost only the jitter itself, not the difference of two jitters. (Not tried when the
        // intervals are all equal: nothing beats a stream of zero-bit codes.)
        var gridResiduals: [Int64] = []
        var gridStep: Int64 = 0
        if n >= 3 && !(timestamps.code.single && timestamps.code.w0 == 0) {
            // the mean interval, rounded: exact for regular scrapes with jitter, where a step off by even
            // 1 ms would make the offsets drift across the chunk
            let span = Double(points[n - 1].t) - Double(points[0].t)
            let mean = (span / Double(n - 1)).rounded()
            gridStep = abs(mean) < 9e18 ? Int64(mean) : 0
            gridResiduals = (1..<n).map { points[$0].t &- points[0].t &- Int64($0) &* gridStep }
            var scratch = gridResiduals
            let grid = scratch.withUnsafeMutableBufferPointer { StreamCode.optimal(for: $0) }
            let gridBits = grid.bits + 8 * VarInt.size(ZigZag.encode(gridStep))
            if gridBits < timestamps.bits { timestamps = (grid.code, false, gridBits) } else { gridResiduals = [] }
        }
        header.timestampCode = timestamps.code
        if !gridResiduals.isEmpty {
            header.flags |= ChunkHeader.timestampGridFlag
            header.gridStep = gridStep
        } else if timestamps.dod {
            header.flags |= ChunkHeader.timestampDoDFlag
            header.firstDelta = tsDeltas.first ?? 0
        }

        // Values.
        var mantissas: [Int64] = []
        var decimalBits = Int.max
        var decimalChoice = (code: StreamCode.openDefault, dod: false, bits: 0)
        if let scale = DecimalValue.commonScale(of: points) {
            mantissas = points.map { DecimalValue.mantissa($0.v, scale: scale) ?? 0 }
            var deltas = [Int64](repeating: 0, count: max(n - 1, 0))
            for i in 1..<max(n, 1) { deltas[i - 1] = mantissas[i] &- mantissas[i - 1] }
            decimalChoice = chooseStream(deltas)
            decimalBits = decimalChoice.bits + 8 * (1 + VarInt.size(ZigZag.encode(mantissas[0])))
            header.scale = scale
            header.m0 = mantissas[0]
            header.firstValueDelta = deltas.first ?? 0
        }
        var xor = XORCoder(first: points[0].v.bitPattern)
        var xorBits = 64
        for i in 1..<max(n, 1) { xorBits += xor.cost(points[i].v.bitPattern) }

        let useDecimal = decimalBits < xorBits
        if useDecimal {
            header.flags |= ChunkHeader.decimalFlag
            header.valueCode = decimalChoice.code
            if decimalChoice.dod { header.flags |= ChunkHeader.valueDoDFlag }
        } else {
            header.v0Bits = points[0].v.bitPattern
        }

        var out: [UInt8] = []
        out.reserveCapacity(32 + (timestamps.bits + min(decimalBits, xorBits)) / 8)
        header.append(to: &out)
        var writer = BitWriter()
        var xorWriter = XORCoder(first: points[0].v.bitPattern)
        var lastDelta: Int64 = 0
        var lastMDelta: Int64 = 0
        for i in 1..<max(n, 1) {
            let delta = tsDeltas[i - 1]
            if !gridResiduals.isEmpty {
                header.timestampCode.write(gridResiduals[i - 1], to: &writer)
            } else if timestamps.dod {
                if i > 1 { header.timestampCode.write(delta &- lastDelta, to: &writer) }
            } else {
                header.timestampCode.write(delta, to: &writer)
            }
            lastDelta = delta
            if useDecimal {
                let mDelta = mantissas[i] &- mantissas[i - 1]
                if decimalChoice.dod {
                    if i > 1 { header.valueCode.write(mDelta &- lastMDelta, to: &writer) }
                } else {
                    header.valueCode.write(mDelta, to: &writer)
                }
                lastMDelta = mDelta
            } else {
                xorWriter.write(points[i].v.bitPattern, to: &writer)
            }
        }
        writer.appendBytes(to: &out)
        return out
    }

    static func encode(_ points: [FPoint]) -> [UInt8] {
        points.withUnsafeBufferPointer { encode($0) }
    }

    /// Chooses between coding `deltas` directly and coding their successive differences (the first delta
    /// then travels in the header), whichever takes fewer bits.
    private static func chooseStream(_ deltas: [Int64]) -> (code: StreamCode, dod: Bool, bits: Int) {
        guard !deltas.isEmpty else { return (StreamCode.openDefault, false, 0) }
        var scratch = deltas
        let direct = scratch.withUnsafeMutableBufferPointer { StreamCode.optimal(for: $0) }
        // equal deltas already cost nothing per sample
        if deltas.count < 2 || (direct.code.single && direct.code.w0 == 0) { return (direct.code, false, direct.bits) }
        var dods = [Int64](repeating: 0, count: deltas.count - 1)
        for i in 1..<deltas.count { dods[i - 1] = deltas[i] &- deltas[i - 1] }
        let second = dods.withUnsafeMutableBufferPointer { StreamCode.optimal(for: $0) }
        let secondBits = second.bits + 8 * VarInt.size(ZigZag.encode(deltas[0]))
        return secondBits < direct.bits ? (second.code, true, secondBits) : (direct.code, false, direct.bits)
    }
}
