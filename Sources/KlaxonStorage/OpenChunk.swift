import KlaxonModel

/// The chunk a series is currently appending to. Timestamps are delta-of-deltas and values decimal
/// mantissa deltas while every value is an exact decimal (rescaling when a value needs more digits), XOR
/// from the first value that is not. Sealing re-encodes the samples with `ChunkEncoder`'s fitted layout.
struct OpenChunk: Sendable {
    private var t0: Int64 = 0
    private var firstDelta: Int64 = 0
    private(set) var lastT: Int64 = 0
    private var lastDelta: Int64 = 0
    /// Decimal: the first mantissa; XOR: the first value's bits.
    private var first: UInt64 = 0
    /// Decimal: the last mantissa; XOR: the last value's bits.
    private var last: UInt64 = 0
    private var bits = BitWriter()
    private(set) var count: UInt16 = 0
    private var isDecimal = false
    private var scale: UInt8 = 0
    private var xorLeading: UInt8 = 0xff
    private var xorTrailing: UInt8 = 0

    init() {}

    var isEmpty: Bool { count == 0 }
    var minTime: Int64 { t0 }
    var maxTime: Int64 { lastT }

    /// Approximate encoded size in bytes.
    var byteCount: Int { count == 0 ? 0 : 24 + bits.byteCount }

    /// Appends a sample; `t` must be greater than `maxTime` unless the chunk is empty.
    mutating func append(t: Int64, v: Double) {
        if count == 0 {
            start(t: t, v: v, scale: DecimalValue.minimalScale(of: v))
            return
        }
        assert(t > lastT)
        if isDecimal {
            guard let m = DecimalValue.mantissa(v, scale: Int(scale)) else {
                rebuild(adding: FPoint(t: t, v: v))
                return
            }
            writeTimestamp(t)
            StreamCode.openDefault.write(m &- Int64(bitPattern: last), to: &bits)
            last = UInt64(bitPattern: m)
        } else {
            writeTimestamp(t)
            var xor = XORCoder(first: last)
            xor.leading = xorLeading
            xor.trailing = xorTrailing
            xor.write(v.bitPattern, to: &bits)
            last = v.bitPattern
            xorLeading = xor.leading
            xorTrailing = xor.trailing
        }
        count &+= 1
    }

    private mutating func start(t: Int64, v: Double, scale decimalScale: Int?) {
        self = OpenChunk()
        t0 = t
        lastT = t
        if let decimalScale, let m = DecimalValue.mantissa(v, scale: decimalScale) {
            isDecimal = true
            scale = UInt8(decimalScale)
            first = UInt64(bitPattern: m)
        } else {
            first = v.bitPattern
        }
        last = first
        count = 1
    }

    @inline(__always)
    private mutating func writeTimestamp(_ t: Int64) {
        let delta = t &- lastT
        if count == 1 {
            firstDelta = delta
        } else {
            StreamCode.openDefault.write(delta &- lastDelta, to: &bits)
        }
        lastDelta = delta
        lastT = t
    }

    /// Re-encodes every sample plus `extra` at the scale they all share, or as XOR when they share none.
    private mutating func rebuild(adding extra: FPoint) {
        var all = points()
        all.append(extra)
        let common = DecimalValue.commonScale(of: all)
        start(t: all[0].t, v: all[0].v, scale: common)
        if common == nil { isDecimal = false }
        for p in all.dropFirst() { append(t: p.t, v: p.v) }
    }

    /// The chunk as bytes in the common chunk format.
    func encoded() -> [UInt8] {
        var header = ChunkHeader()
        header.count = Int(count)
        header.t0 = t0
        header.flags = ChunkHeader.timestampDoDFlag | (isDecimal ? ChunkHeader.decimalFlag : 0)
        header.firstDelta = firstDelta
        if isDecimal {
            header.scale = Int(scale)
            header.m0 = Int64(bitPattern: first)
        } else {
            header.v0Bits = first
        }
        var out: [UInt8] = []
        out.reserveCapacity(32 + bits.byteCount)
        header.append(to: &out)
        bits.appendBytes(to: &out)
        return out
    }

    /// The samples of the chunk.
    func points() -> [FPoint] { ChunkDecoder.decode(encoded()) }
}
