/// Appends bits, most significant first, into 64-bit words: the bit stream of a chunk being written.
struct BitWriter: Sendable {
    /// Completed words, in integer form (serialised big-endian so the byte stream reads MSB first).
    private(set) var words: [UInt64] = []
    /// The word being filled, from its top bit down.
    private(set) var current: UInt64 = 0
    /// Bits written, modulo 2^16 (open chunks never get near that). Kept here so that sizes, and the bits
    /// used in `current`, are known without touching the words' heap buffer: appending to a million series
    /// would otherwise take a cache miss per sample. Two bytes, as an open chunk sits in every series record.
    private var totalBits: UInt16 = 0
    /// Bits already used in `current` (0..<64).
    var used: Int { Int(totalBits & 63) }

    init() {}

    /// Number of bits written so far (below 65536).
    var bitCount: Int { Int(totalBits) }

    /// Number of bytes `appendBytes` writes (for streams below 65536 bits).
    var byteCount: Int { (Int(totalBits) &+ 7) / 8 }

    /// Writes the low `n` bits of `value` (n in 0...64), most significant first.
    @inline(__always)
    mutating func write(_ value: UInt64, bits n: Int) {
        assert(n >= 0 && n <= 64)
        if n == 0 { return }
        let v = n == 64 ? value : value & ((1 &<< UInt64(n)) &- 1)
        let free = 64 &- used
        totalBits &+= UInt16(truncatingIfNeeded: n)
        if n < free {
            current |= v &<< UInt64(free &- n)
        } else if n == free {
            current |= v
            words.append(current)
            current = 0
        } else {
            let spill = n &- free  // 1...63
            current |= v &>> UInt64(spill)
            words.append(current)
            current = v &<< UInt64(64 &- spill)
        }
    }

    /// Writes one bit.
    @inline(__always)
    mutating func write(bit: Bool) { write(bit ? 1 : 0, bits: 1) }

    /// Appends the stream as bytes (whole words big-endian, then the used bytes of the partial word).
    func appendBytes(to out: inout [UInt8]) {
        out.reserveCapacity(out.count &+ words.count &* 8 &+ 8)
        for word in words {
            var w = word
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: w &>> 56))
                w &<<= 8
            }
        }
        var w = current
        for _ in 0..<((used &+ 7) / 8) {
            out.append(UInt8(truncatingIfNeeded: w &>> 56))
            w &<<= 8
        }
    }

    /// Releases the stored words and keeps nothing.
    mutating func removeAll() {
        words = []
        current = 0
        totalBits = 0
    }
}
