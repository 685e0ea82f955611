/// Reads bits, most significant first, from a byte buffer written by `BitWriter`. Reading past the end
/// yields zero bits rather than trapping, so a damaged chunk decodes to garbage values, never to a crash.
struct BitReader {
    private let base: UnsafeRawPointer?
    private let count: Int
    /// Position in bits from the start of the buffer.
    private(set) var position: Int

    init(_ bytes: UnsafeRawBufferPointer, bitOffset: Int = 0) {
        base = bytes.baseAddress
        count = bytes.count
        position = bitOffset
    }

    /// True once every bit of the buffer has been consumed.
    var isAtEnd: Bool { position >= count &* 8 }

    /// The next 64 bits at the current position (at least 57 of them valid), without consuming them.
    @inline(__always)
    func window() -> UInt64 {
        let byteIndex = position &>> 3
        let shift = UInt64(position & 7)
        guard let base else { return 0 }
        if byteIndex &+ 8 <= count {
            let w = base.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self)
            return UInt64(bigEndian: w) &<< shift
        }
        var w: UInt64 = 0
        for i in 0..<8 {
            w &<<= 8
            let index = byteIndex &+ i
            if index < count { w |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) }
        }
        return w &<< shift
    }

    /// Skips `n` bits.
    @inline(__always)
    mutating func skip(_ n: Int) { position &+= n }

    /// Reads `n` bits (0...64) as an unsigned integer.
    @inline(__always)
    mutating func read(_ n: Int) -> UInt64 {
        if n == 0 { return 0 }
        if n <= 56 {
            let w = window()
            position &+= n
            return w &>> UInt64(64 &- n)
        }
        let high = read(32)
        let low = read(n &- 32)
        return (high &<< UInt64(n &- 32)) | low
    }

    /// Reads one bit.
    @inline(__always)
    mutating func readBit() -> Bool { read(1) == 1 }
}
