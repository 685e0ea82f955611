/// The header of an encoded chunk; the bit stream of samples 1..<count follows it.
///
/// ```
/// flags                 1 byte: decimal values, timestamp delta-of-delta, value delta-of-delta, timestamp grid
/// count                 varint
/// t0                    zigzag varint
/// if count >= 2:        timestamp code bias (zigzag varint), class widths (2 bytes),
///                       first delta (zigzag varint, delta-of-delta mode only),
///                       grid step (zigzag varint, grid mode only: t_i = t0 + i * step + code_i)
/// decimal values:       scale (1 byte), m0 (zigzag varint); if count >= 2: value code bias, widths,
///                       first mantissa delta (delta-of-delta mode only)
/// XOR values:           v0 as 8 bytes, little-endian
/// ```
/// Then, for each later sample: its timestamp code (absent for sample 1 in delta-of-delta mode), then its
/// value code (XOR, or the mantissa stream code, absent for sample 1 in delta-of-delta mode).
struct ChunkHeader: Sendable, Equatable {
    static let decimalFlag: UInt8 = 1
    static let timestampDoDFlag: UInt8 = 2
    static let valueDoDFlag: UInt8 = 4
    static let timestampGridFlag: UInt8 = 8

    var flags: UInt8 = 0
    var count = 0
    var t0: Int64 = 0
    var timestampCode = StreamCode.openDefault
    var firstDelta: Int64 = 0
    var gridStep: Int64 = 0
    var scale = 0
    var m0: Int64 = 0
    var valueCode = StreamCode.openDefault
    var firstValueDelta: Int64 = 0
    var v0Bits: UInt64 = 0

    var isDecimal: Bool { flags & ChunkHeader.decimalFlag != 0 }
    var timestampDoD: Bool { flags & ChunkHeader.timestampDoDFlag != 0 }
    var valueDoD: Bool { flags & ChunkHeader.valueDoDFlag != 0 }
    var timestampGrid: Bool { flags & ChunkHeader.timestampGridFlag != 0 }

    func append(to out: inout [UInt8]) {
        out.append(flags)
        VarInt.append(UInt64(count), to: &out)
        VarInt.appendSigned(t0, to: &out)
        if count >= 2 {
            VarInt.appendSigned(timestampCode.bias, to: &out)
            appendPacked(timestampCode.packedIndices, to: &out)
            if timestampDoD { VarInt.appendSigned(firstDelta, to: &out) }
            if timestampGrid { VarInt.appendSigned(gridStep, to: &out) }
        }
        if isDecimal {
            out.append(UInt8(scale))
            VarInt.appendSigned(m0, to: &out)
            if count >= 2 {
                VarInt.appendSigned(valueCode.bias, to: &out)
                appendPacked(valueCode.packedIndices, to: &out)
                if valueDoD { VarInt.appendSigned(firstValueDelta, to: &out) }
            }
        } else {
            var bits = v0Bits
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: bits))
                bits &>>= 8
            }
        }
    }

    private func appendPacked(_ packed: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: packed >> 8))
        out.append(UInt8(truncatingIfNeeded: packed))
    }

    /// Parses a header, returning it and the byte offset where the bit stream starts; nil if malformed.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> (header: ChunkHeader, streamOffset: Int)? {
        var h = ChunkHeader()
        var offset = 0
        guard !bytes.isEmpty else { return nil }
        h.flags = bytes[0]
        offset = 1
        guard let count = VarInt.read(bytes, at: &offset), count <= UInt64(UInt16.max),
            let t0 = VarInt.readSigned(bytes, at: &offset)
        else { return nil }
        h.count = Int(count)
        h.t0 = t0
        if h.count >= 2 {
            guard let bias = VarInt.readSigned(bytes, at: &offset), let packed = readPacked(bytes, at: &offset) else {
                return nil
            }
            h.timestampCode = StreamCode(bias: bias, packed: packed)
            if h.timestampDoD {
                guard let first = VarInt.readSigned(bytes, at: &offset) else { return nil }
                h.firstDelta = first
            }
            if h.timestampGrid {
                guard let step = VarInt.readSigned(bytes, at: &offset) else { return nil }
                h.gridStep = step
            }
        }
        if h.isDecimal {
            guard offset < bytes.count else { return nil }
            h.scale = Int(bytes[offset])
            offset += 1
            guard h.scale <= DecimalValue.maxScale, let m0 = VarInt.readSigned(bytes, at: &offset) else { return nil }
            h.m0 = m0
            if h.count >= 2 {
                guard let bias = VarInt.readSigned(bytes, at: &offset), let packed = readPacked(bytes, at: &offset)
                else { return nil }
                h.valueCode = StreamCode(bias: bias, packed: packed)
                if h.valueDoD {
                    guard let first = VarInt.readSigned(bytes, at: &offset) else { return nil }
                    h.firstValueDelta = first
                }
            }
        } else {
            guard offset + 8 <= bytes.count else { return nil }
            var bits: UInt64 = 0
            for i in (0..<8).reversed() { bits = bits << 8 | UInt64(bytes[offset + i]) }
            h.v0Bits = bits
            offset += 8
        }
        return (h, offset)
    }

    private static func readPacked(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        let packed = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        offset += 2
        return packed
    }
}
